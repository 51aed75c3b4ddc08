package io.coldchain.routing.vrp;

import java.util.ArrayList;
import java.util.List;

/** Builders for small routing problems on a plane (time = distance), shared by the tests. */
final class VrpFixtures {

    private VrpFixtures() {}

    /** Euclidean costs over the given points; location i is point i. */
    static TravelCosts plane(double[]... points) {
        return new TravelCosts() {
            @Override
            public int size() {
                return points.length;
            }

            @Override
            public double time(int from, int to) {
                return distance(from, to);
            }

            @Override
            public double distance(int from, int to) {
                return Math.hypot(points[from][0] - points[to][0], points[from][1] - points[to][1]);
            }
        };
    }

    static VrpJob job(String id, int location, double demand) {
        return VrpJob.simple(id, location, new double[] {demand}, TimeWindow.always(), 0);
    }

    static VrpJob job(String id, int location, double demand, double from, double to) {
        return VrpJob.simple(id, location, new double[] {demand}, new TimeWindow(from, to), 0);
    }

    static VrpVehicle vehicle(String id, int depotLocation, double capacity) {
        return new VrpVehicle(id, "D" + depotLocation, depotLocation, new double[] {capacity}, 0, 1e6);
    }

    static List<VrpVehicle> fleet(int count, int depotLocation, double capacity) {
        List<VrpVehicle> fleet = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            fleet.add(vehicle("v" + i, depotLocation, capacity));
        }
        return fleet;
    }

    /**
     * {@code jobs} jobs at random points of a 100 x 100 square around a central depot, each with a
     * 150-long window opening somewhere in 0..400, 5 of service and 1..10 of demand, for 25 vehicles
     * of 50.
     */
    static VrpProblem randomProblem(int jobs, long seed) {
        return randomProblem(jobs, seed, 150, 50);
    }

    /** The same with windows {@code width} long and vehicles of {@code capacity}. */
    static VrpProblem randomProblem(int jobs, long seed, double width, double capacity) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        double[][] points = new double[jobs + 1][];
        points[0] = new double[] {50, 50};
        List<VrpJob> list = new ArrayList<>();
        for (int i = 1; i <= jobs; i++) {
            points[i] = new double[] {rnd.nextDouble(100), rnd.nextDouble(100)};
            double open = rnd.nextDouble(400);
            list.add(VrpJob.simple(
                    "j" + i, i, new double[] {1 + rnd.nextInt(10)}, new TimeWindow(open, open + width), 5));
        }
        return new VrpProblem(list, fleet(25, 0, capacity), plane(points), Objective.DISTANCE);
    }

    static VrpSolution solve(VrpProblem problem) {
        return new VrpSolver().solve(problem, SolverOptions.iterationLimited(7, 3_000), SolverMonitor.NONE);
    }

    static List<FeasibilityChecker.Violation> violations(VrpProblem problem, VrpSolution solution) {
        return new FeasibilityChecker(problem).check(solution);
    }
}
