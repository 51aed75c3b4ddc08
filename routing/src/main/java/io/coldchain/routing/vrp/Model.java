package io.coldchain.routing.vrp;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** The problem compiled into flat arrays for the search's inner loops. */
final class Model {

    final VrpProblem problem;
    final int jobs;
    final int vehicles;
    final int dims;

    final int[] jobLoc;
    final double[][] demand;
    final double[][] twStart;
    final double[][] twEnd;
    final double[] service;
    final double[] maxRide;

    /** Whether every job has exactly one window: then {@link #open} and {@link #close} hold it, flat. */
    final boolean oneWindowEach;

    final double[] open;
    final double[] close;
    final int[] jobDepot; // -1: any
    final boolean rideLimits;

    final int[] vehLoc;
    final int[] vehDepot;
    final double[][] capacity;
    final double[] shiftStart;
    final double[] shiftEnd;

    final double[][] time;
    final double[][] cost;

    /** Per job, the other jobs sorted by distance (for string removal). */
    final int[][] neighbours;

    /** Per job, the cost from the nearest vehicle depot (for the recreate orderings). */
    final double[] depotCost;

    /** Vehicles that are interchangeable (same depot, capacity and shift) share a class. */
    final int[] vehicleClass;

    /** Per job, whether some vehicle can serve it alone; the others stay unassigned whatever the search. */
    final boolean[] servable;

    /** How many jobs no vehicle can serve. */
    final int unservable;

    Model(VrpProblem problem) {
        this.problem = problem;
        List<VrpJob> js = problem.jobs();
        List<VrpVehicle> vs = problem.vehicles();
        jobs = js.size();
        vehicles = vs.size();
        dims = vs.get(0).capacity().length;

        // compact location indices: only the locations used get a row in the matrices
        Map<Integer, Integer> compact = new HashMap<>();
        js.forEach(j -> compact.putIfAbsent(j.location(), compact.size()));
        vs.forEach(v -> compact.putIfAbsent(v.depotLocation(), compact.size()));
        int[] original = new int[compact.size()];
        compact.forEach((orig, idx) -> original[idx] = orig);
        time = new double[original.length][original.length];
        cost = new double[original.length][original.length];
        for (int a = 0; a < original.length; a++) {
            for (int b = 0; b < original.length; b++) {
                time[a][b] = problem.costs().time(original[a], original[b]);
                cost[a][b] = problem.cost(original[a], original[b]);
            }
        }

        Map<String, Integer> depots = new HashMap<>();
        vs.forEach(v -> depots.putIfAbsent(v.depotId(), depots.size()));

        jobLoc = new int[jobs];
        demand = new double[jobs][];
        twStart = new double[jobs][];
        twEnd = new double[jobs][];
        service = new double[jobs];
        maxRide = new double[jobs];
        jobDepot = new int[jobs];
        boolean anyRideLimit = false;
        for (int j = 0; j < jobs; j++) {
            VrpJob job = js.get(j);
            jobLoc[j] = compact.get(job.location());
            demand[j] = job.demand().clone();
            twStart[j] = job.windows().stream().mapToDouble(TimeWindow::start).toArray();
            twEnd[j] = job.windows().stream().mapToDouble(TimeWindow::end).toArray();
            service[j] = job.serviceTime();
            maxRide[j] = job.maxRideTime();
            anyRideLimit |= job.maxRideTime() != Double.POSITIVE_INFINITY;
            jobDepot[j] = job.depotId() == null ? -1 : depots.getOrDefault(job.depotId(), -2);
        }
        rideLimits = anyRideLimit;
        boolean single = true;
        open = new double[jobs];
        close = new double[jobs];
        for (int j = 0; j < jobs; j++) {
            single &= twStart[j].length == 1;
            open[j] = twStart[j].length > 0 ? twStart[j][0] : 0;
            close[j] = twEnd[j].length > 0 ? twEnd[j][0] : Double.NEGATIVE_INFINITY;
        }
        oneWindowEach = single;

        vehLoc = new int[vehicles];
        vehDepot = new int[vehicles];
        capacity = new double[vehicles][];
        shiftStart = new double[vehicles];
        shiftEnd = new double[vehicles];
        vehicleClass = new int[vehicles];
        Map<String, Integer> classes = new HashMap<>();
        for (int v = 0; v < vehicles; v++) {
            VrpVehicle vehicle = vs.get(v);
            vehLoc[v] = compact.get(vehicle.depotLocation());
            vehDepot[v] = depots.get(vehicle.depotId());
            capacity[v] = vehicle.capacity().clone();
            shiftStart[v] = vehicle.shiftStart();
            shiftEnd[v] = vehicle.shiftEnd();
            String key = vehicle.depotId() + "|" + Arrays.toString(vehicle.capacity()) + "|" + vehicle.shiftStart()
                    + "|" + vehicle.shiftEnd() + "|" + vehicle.depotLocation();
            vehicleClass[v] = classes.computeIfAbsent(key, k -> classes.size());
        }

        depotCost = new double[jobs];
        for (int j = 0; j < jobs; j++) {
            double best = Double.MAX_VALUE;
            for (int v = 0; v < vehicles; v++) {
                best = Math.min(best, cost[vehLoc[v]][jobLoc[j]]);
            }
            depotCost[j] = best;
        }

        neighbours = new int[jobs][];
        for (int j = 0; j < jobs; j++) {
            final int from = j;
            neighbours[j] = IntStream.range(0, jobs)
                    .boxed()
                    .sorted(Comparator.comparingDouble(k -> cost[jobLoc[from]][jobLoc[k]]))
                    .mapToInt(Integer::intValue)
                    .toArray();
        }

        servable = new boolean[jobs];
        int none = 0;
        for (int j = 0; j < jobs; j++) {
            boolean[] triedClass = new boolean[vehicles];
            for (int v = 0; v < vehicles && !servable[j]; v++) {
                if (!triedClass[vehicleClass[v]]) {
                    triedClass[vehicleClass[v]] = true;
                    servable[j] = RouteState.of(this, v, new int[] {j}).feasible;
                }
            }
            none += servable[j] ? 0 : 1;
        }
        unservable = none;
    }

    boolean compatible(int job, int vehicle) {
        return jobDepot[job] == -1 || jobDepot[job] == vehDepot[vehicle];
    }

    boolean fits(double[] load, int job, int vehicle) {
        double[] cap = capacity[vehicle];
        double[] dem = demand[job];
        for (int d = 0; d < dims; d++) {
            if (load[d] + dem[d] > cap[d] + 1e-9) {
                return false;
            }
        }
        return true;
    }

    /** When service starts if the vehicle arrives at {@code arrival}, or NaN when every window has closed. */
    double serviceStart(int job, double arrival) {
        if (oneWindowEach) {
            return arrival <= close[job] + 1e-9 ? Math.max(arrival, open[job]) : Double.NaN;
        }
        double[] starts = twStart[job];
        double[] ends = twEnd[job];
        for (int w = 0; w < starts.length; w++) {
            if (arrival <= ends[w] + 1e-9) {
                return Math.max(arrival, starts[w]);
            }
        }
        return Double.NaN;
    }

    /**
     * The latest arrival at {@code job} from which service can start by {@code latestStart}: the
     * largest {@code min(end, latestStart)} over windows opening by then, or -infinity.
     */
    double latestArrival(int job, double latestStart) {
        if (oneWindowEach) {
            return open[job] <= latestStart + 1e-9 ? Math.min(close[job], latestStart) : Double.NEGATIVE_INFINITY;
        }
        double[] starts = twStart[job];
        double[] ends = twEnd[job];
        double best = Double.NEGATIVE_INFINITY;
        for (int w = 0; w < starts.length; w++) {
            if (starts[w] <= latestStart + 1e-9) {
                best = Math.max(best, Math.min(ends[w], latestStart));
            }
        }
        return best;
    }
}
