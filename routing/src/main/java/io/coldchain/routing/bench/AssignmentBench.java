package io.coldchain.routing.bench;

import io.coldchain.routing.assign.Assignment;
import io.coldchain.routing.assign.AssignmentProblem;
import io.coldchain.routing.assign.GreedyAssignment;
import io.coldchain.routing.assign.MinCostAssignment;
import io.coldchain.routing.road.GeoPoint;
import io.coldchain.routing.road.RoadNetwork;
import io.coldchain.routing.road.TravelMatrix;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Batch assignment on the demo city: DEMANDS random addresses to POINTS random pickup points by
 * road travel time (seconds), four zones, four sizes. Prints time, peak heap and total cost for
 * the exact min-cost assignment and the greedy baseline.
 *
 * <pre>
 * ./mvnw -q -pl routing exec:java -Dexec.mainClass=io.coldchain.routing.bench.AssignmentBench \
 *     -Dexec.args="[DEMANDS] [POINTS]"      (default 10000 200)
 * </pre>
 */
public final class AssignmentBench {

    private AssignmentBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int m = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        AssignmentProblem problem;
        try (RoadNetwork network = BenchMaps.demoCity("assignment")) {
            List<GeoPoint> all = network.randomRoadPoints(Math.min(n + m, 1681), 7);
            SplittableRandom rnd = new SplittableRandom(11);
            List<GeoPoint> homes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                homes.add(all.get(rnd.nextInt(all.size())));
            }
            List<GeoPoint> lockers = all.subList(0, m);
            long start = System.nanoTime();
            TravelMatrix matrix = network.matrix(homes, lockers);
            System.out.printf(Locale.ROOT, "matrix,%dx%d,%.0f ms%n", n, m, (System.nanoTime() - start) / 1e6);
            problem = problem(n, m, matrix.seconds(), rnd);
        }
        int slots = problem.points().stream()
                .flatMap(p -> p.free().values().stream())
                .mapToInt(c -> java.util.Arrays.stream(c).sum())
                .sum();
        System.out.printf(Locale.ROOT, "problem,%d demands,%d points,%d free compartments%n", n, m, slots);
        System.out.println("solver,ms,peak_heap_mb,cost_s,unassigned");
        Assignment exact = measure("exact", problem, MinCostAssignment::solve);
        Assignment greedy = measure("greedy", problem, GreedyAssignment::solve);
        System.out.printf(
                Locale.ROOT,
                "greedy costs %.2f%% more than exact (%d vs %d unplaced); exact valid: %s, greedy valid: %s%n",
                100 * (greedy.cost() - exact.cost()) / exact.cost(),
                greedy.unassigned(),
                exact.unassigned(),
                exact.violation(problem) == null,
                greedy.violation(problem) == null);
    }

    static AssignmentProblem problem(int n, int m, double[][] seconds, SplittableRandom rnd) {
        String[] zones = {
            "CHILLED", "CHILLED", "CHILLED", "CHILLED", "AMBIENT", "AMBIENT", "AMBIENT", "FROZEN", "FROZEN", "COOL"
        };
        List<AssignmentProblem.Demand> demands = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            int size = rnd.nextDouble() < 0.5 ? 0 : rnd.nextDouble() < 0.6 ? 1 : rnd.nextDouble() < 0.7 ? 2 : 3;
            demands.add(new AssignmentProblem.Demand("d" + d, zones[rnd.nextInt(zones.length)], size));
        }
        List<AssignmentProblem.PickupPoint> points = new ArrayList<>();
        for (int p = 0; p < m; p++) {
            points.add(new AssignmentProblem.PickupPoint(
                    "p" + p,
                    Map.of(
                            "CHILLED", new int[] {12, 8, 5, 3},
                            "AMBIENT", new int[] {6, 6, 4, 3},
                            "FROZEN", new int[] {4, 3, 2, 0},
                            "COOL", new int[] {2, 1, 1, 0})));
        }
        return new AssignmentProblem(demands, points, seconds, null);
    }

    static Assignment measure(String name, AssignmentProblem problem, Function<AssignmentProblem, Assignment> solver) {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        long start = System.nanoTime();
        Assignment result = solver.apply(problem);
        double ms = (System.nanoTime() - start) / 1e6;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf(
                Locale.ROOT,
                "%s,%.0f,%.1f,%.0f,%d%n",
                name,
                ms,
                Math.max(0, peak - before) / 1e6,
                result.cost(),
                result.unassigned());
        return result;
    }
}
