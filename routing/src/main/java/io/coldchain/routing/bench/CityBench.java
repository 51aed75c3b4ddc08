package io.coldchain.routing.bench;

import io.coldchain.routing.road.RoadNetwork;
import io.coldchain.routing.road.TravelMatrix;
import io.coldchain.routing.vrp.FeasibilityChecker;
import io.coldchain.routing.vrp.Objective;
import io.coldchain.routing.vrp.SolverMonitor;
import io.coldchain.routing.vrp.SolverOptions;
import io.coldchain.routing.vrp.TimeWindow;
import io.coldchain.routing.vrp.VrpJob;
import io.coldchain.routing.vrp.VrpProblem;
import io.coldchain.routing.vrp.VrpSolution;
import io.coldchain.routing.vrp.VrpSolver;
import io.coldchain.routing.vrp.VrpVehicle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A day's deliveries on the demo city's roads: PARCELS parcels (one stop each) to BANKS locker
 * banks from 3 stores (20 vans each), each parcel loaded at its own store, with litres per
 * temperature zone against each van's zone capacities, a window from 07:30 to the start of the
 * bank's pickup slot, 150 s at the stop, and the product's 90-minute ride limit for FROZEN and
 * CHILLED parcels. Our solver and jsprit 1.9.0-beta.11 each get the same
 * road time matrix and the same wall-clock budget, both on two threads; every answer is judged by
 * {@link FeasibilityChecker}.
 *
 * <pre>
 * ./mvnw -q -pl routing exec:java -Dexec.mainClass=io.coldchain.routing.bench.CityBench \
 *     -Dexec.args="[PARCELS] [BANKS] [SECONDS] [SEED] [--no-peer]"      (default 1000 300 60 42)
 * </pre>
 */
public final class CityBench {

    static final String[] ZONES = {"FROZEN", "CHILLED", "COOL", "AMBIENT"};
    static final double[] VAN_LITRES = {160, 320, 160, 480};
    static final int STORES = 3;
    static final int VANS_PER_STORE = 20;
    static final double SHIFT_START = 7 * 3600;
    static final double SHIFT_END = 16 * 3600;
    static final double COLD_RIDE_LIMIT = 90 * 60;

    private CityBench() {}

    public static void main(String[] args) throws Exception {
        int parcels = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int banks = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 60;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        boolean withPeer = args.length <= 4 || !args[4].equals("--no-peer");
        TravelMatrix matrix;
        long start = System.nanoTime();
        try (RoadNetwork network = BenchMaps.demoCity("city")) {
            matrix = network.matrix(network.randomRoadPoints(STORES + banks, seed));
        }
        System.out.printf(
                Locale.ROOT,
                "# %d parcels to %d banks from %d stores, %d vans each, %.0f s per solver, both on 2 threads, %d cores%n",
                parcels,
                banks,
                STORES,
                VANS_PER_STORE,
                seconds,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(
                Locale.ROOT,
                "# demo city imported and road matrix %dx%d built in %.0f ms%n",
                matrix.size(),
                matrix.size(),
                (System.nanoTime() - start) / 1e6);
        VrpProblem problem = problem(parcels, banks, matrix, new SplittableRandom(seed));
        Duration budget = Duration.ofMillis((long) (seconds * 1000));
        System.out.println("solver,seconds,vehicles,travel_h,unassigned,feasible,first_feasible_s");

        long[] firstFull = {-1};
        long t0 = System.nanoTime();
        VrpSolution ours = new VrpSolver()
                .solve(problem, SolverOptions.timeLimited(seed, budget).withThreads(2), new SolverMonitor() {
                    @Override
                    public void improved(int vehicles, double cost, int unassigned, long iteration) {
                        if (unassigned == 0 && firstFull[0] < 0) {
                            firstFull[0] = System.nanoTime();
                        }
                    }
                });
        report("coldchain", problem, ours, t0, firstFull[0]);

        if (withPeer) {
            t0 = System.nanoTime();
            VrpSolution peer = JspritCity.solve(problem, budget, seed);
            report("jsprit", problem, peer, t0, -1);
        }
    }

    private static void report(String solver, VrpProblem problem, VrpSolution solution, long t0, long firstFull) {
        double elapsed = (System.nanoTime() - t0) / 1e9;
        var violations = new FeasibilityChecker(problem).check(solution);
        System.out.printf(
                Locale.ROOT,
                "%s,%.1f,%d,%.2f,%d,%s,%s%n",
                solver,
                elapsed,
                solution.vehicles(),
                solution.cost() / 3600,
                solution.unassignedJobIds().size(),
                violations.isEmpty(),
                firstFull < 0 ? "" : String.format(Locale.ROOT, "%.1f", (firstFull - t0) / 1e9));
        if (!violations.isEmpty()) {
            System.out.printf("#   %d violations, the first three:%n", violations.size());
            violations.stream().limit(3).forEach(v -> System.out.println("#   " + v));
        }
    }

    /** Locations 0..2 are the stores, then the banks; parcel zones 20/40/10/30 % as in a fresh-produce shop. */
    static VrpProblem problem(int parcels, int banks, TravelMatrix matrix, SplittableRandom rnd) {
        // a morning wave: a parcel must be in its locker between 07:30 and the start of its bank's
        // pickup slot (10:00 to 14:00)
        double[][] slots = new double[banks][];
        for (int b = 0; b < banks; b++) {
            slots[b] = new double[] {7.5 * 3600, (10 + rnd.nextInt(5)) * 3600};
        }
        List<VrpJob> jobs = new ArrayList<>();
        for (int p = 0; p < parcels; p++) {
            int bank = rnd.nextInt(banks);
            int store = rnd.nextInt(STORES);
            double draw = rnd.nextDouble();
            int zone = draw < 0.2 ? 0 : draw < 0.6 ? 1 : draw < 0.7 ? 2 : 3;
            double[] demand = new double[ZONES.length];
            demand[zone] = 5 + rnd.nextInt(26);
            boolean cold = zone <= 1;
            jobs.add(new VrpJob(
                    "P" + (p + 1),
                    STORES + bank,
                    demand,
                    List.of(new TimeWindow(slots[bank][0], slots[bank][1])),
                    150,
                    "S" + (store + 1),
                    cold ? COLD_RIDE_LIMIT : Double.POSITIVE_INFINITY));
        }
        List<VrpVehicle> vans = new ArrayList<>();
        for (int s = 0; s < STORES; s++) {
            for (int v = 0; v < VANS_PER_STORE; v++) {
                vans.add(new VrpVehicle(
                        "S" + (s + 1) + "-V" + (v + 1), "S" + (s + 1), s, VAN_LITRES.clone(), SHIFT_START, SHIFT_END));
            }
        }
        return new VrpProblem(jobs, vans, matrix, Objective.TRAVEL_TIME);
    }
}
