package io.coldchain.routing.vrp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a solution against its problem from scratch, sharing no code with the solver: every job
 * once, depots, capacities, time windows, shifts, cold ride times, and the reported cost and times.
 * One method per constraint, each named by a constant.
 */
public final class FeasibilityChecker {

    public static final String EVERY_JOB_ONCE = "every job served once or reported unassigned";
    public static final String VEHICLE_ONCE = "each vehicle drives at most one route";
    public static final String DEPOT = "a job rides from its own depot";
    public static final String CAPACITY = "load within capacity";
    public static final String TIME_WINDOWS = "service starts within a time window";
    public static final String SHIFT = "route within the vehicle's shift";
    public static final String RIDE_TIME = "cold ride time within its limit";
    public static final String REPORTED = "reported times and cost match the schedule";

    private static final double EPS = 1e-6;

    /** A broken constraint. */
    public record Violation(String constraint, String detail) {}

    private final VrpProblem problem;
    private final Map<String, VrpJob> jobs = new HashMap<>();
    private final Map<String, VrpVehicle> vehicles = new HashMap<>();

    public FeasibilityChecker(VrpProblem problem) {
        this.problem = problem;
        problem.jobs().forEach(j -> jobs.put(j.id(), j));
        problem.vehicles().forEach(v -> vehicles.put(v.id(), v));
    }

    /** Every violation found; empty when the solution is feasible. */
    public List<Violation> check(VrpSolution solution) {
        List<Violation> violations = new ArrayList<>();
        everyJobOnce(solution, violations);
        vehicleOnce(solution, violations);
        double totalCost = 0;
        for (VrpSolution.Route route : solution.routes()) {
            VrpVehicle vehicle = vehicles.get(route.vehicleId());
            if (vehicle == null) {
                continue; // reported by vehicleOnce
            }
            depot(route, vehicle, violations);
            capacity(route, vehicle, violations);
            totalCost += schedule(route, vehicle, violations);
        }
        if (Math.abs(totalCost - solution.cost()) > EPS * Math.max(1, totalCost)) {
            violations.add(new Violation(REPORTED, "reported cost " + solution.cost() + ", recomputed " + totalCost));
        }
        return violations;
    }

    private void everyJobOnce(VrpSolution solution, List<Violation> violations) {
        Map<String, Integer> seen = new HashMap<>();
        solution.routes().forEach(r -> r.stops().forEach(s -> seen.merge(s.jobId(), 1, Integer::sum)));
        solution.unassignedJobIds().forEach(id -> seen.merge(id, 1, Integer::sum));
        seen.forEach((id, count) -> {
            if (!jobs.containsKey(id)) {
                violations.add(new Violation(EVERY_JOB_ONCE, "unknown job " + id));
            } else if (count > 1) {
                violations.add(new Violation(EVERY_JOB_ONCE, "job " + id + " appears " + count + " times"));
            }
        });
        jobs.keySet().stream()
                .filter(id -> !seen.containsKey(id))
                .forEach(id -> violations.add(new Violation(EVERY_JOB_ONCE, "job " + id + " is missing")));
    }

    private void vehicleOnce(VrpSolution solution, List<Violation> violations) {
        Set<String> used = new HashSet<>();
        for (VrpSolution.Route route : solution.routes()) {
            if (!vehicles.containsKey(route.vehicleId())) {
                violations.add(new Violation(VEHICLE_ONCE, "unknown vehicle " + route.vehicleId()));
            } else if (!used.add(route.vehicleId())) {
                violations.add(new Violation(VEHICLE_ONCE, "vehicle " + route.vehicleId() + " drives twice"));
            }
        }
    }

    private void depot(VrpSolution.Route route, VrpVehicle vehicle, List<Violation> violations) {
        for (VrpSolution.Stop stop : route.stops()) {
            VrpJob job = jobs.get(stop.jobId());
            if (job != null && job.depotId() != null && !job.depotId().equals(vehicle.depotId())) {
                violations.add(new Violation(
                        DEPOT,
                        "job " + job.id() + " belongs to " + job.depotId() + ", vehicle " + vehicle.id() + " to "
                                + vehicle.depotId()));
            }
        }
    }

    private void capacity(VrpSolution.Route route, VrpVehicle vehicle, List<Violation> violations) {
        double[] load = new double[vehicle.capacity().length];
        for (VrpSolution.Stop stop : route.stops()) {
            VrpJob job = jobs.get(stop.jobId());
            if (job != null) {
                for (int d = 0; d < load.length; d++) {
                    load[d] += job.demand()[d];
                }
            }
        }
        for (int d = 0; d < load.length; d++) {
            if (load[d] > vehicle.capacity()[d] + EPS) {
                violations.add(new Violation(
                        CAPACITY,
                        "vehicle " + vehicle.id() + " carries " + load[d] + " in dimension " + d + ", capacity "
                                + vehicle.capacity()[d]));
            }
        }
    }

    /** Replays the route from its departure; returns its cost. */
    private double schedule(VrpSolution.Route route, VrpVehicle vehicle, List<Violation> violations) {
        double departure = route.departure();
        if (departure < vehicle.shiftStart() - EPS) {
            violations.add(new Violation(SHIFT, vehicle.id() + " leaves at " + departure + " before its shift"));
        }
        double t = departure;
        double cost = 0;
        int prev = vehicle.depotLocation();
        for (VrpSolution.Stop stop : route.stops()) {
            VrpJob job = jobs.get(stop.jobId());
            if (job == null) {
                continue;
            }
            double arrival = t + problem.costs().time(prev, job.location());
            cost += problem.cost(prev, job.location());
            double start = timeWindows(job, arrival, violations);
            rideTime(job, start - departure, violations);
            if (Math.abs(stop.arrival() - arrival) > EPS * Math.max(1, arrival)
                    || Math.abs(stop.serviceStart() - start) > EPS * Math.max(1, start)) {
                violations.add(new Violation(
                        REPORTED,
                        "job " + job.id() + " reported arrival/start " + stop.arrival() + "/" + stop.serviceStart()
                                + ", replayed " + arrival + "/" + start));
            }
            t = start + job.serviceTime();
            prev = job.location();
        }
        double back = t + problem.costs().time(prev, vehicle.depotLocation());
        cost += problem.cost(prev, vehicle.depotLocation());
        if (back > vehicle.shiftEnd() + EPS) {
            violations.add(new Violation(
                    SHIFT, vehicle.id() + " returns at " + back + " after its shift ends at " + vehicle.shiftEnd()));
        }
        return cost;
    }

    private static double timeWindows(VrpJob job, double arrival, List<Violation> violations) {
        for (TimeWindow window : job.windows()) {
            if (arrival <= window.end() + EPS) {
                return Math.max(arrival, window.start());
            }
        }
        violations.add(
                new Violation(TIME_WINDOWS, "job " + job.id() + " reached at " + arrival + " after its windows"));
        return arrival;
    }

    private static void rideTime(VrpJob job, double ride, List<Violation> violations) {
        if (ride > job.maxRideTime() + EPS) {
            violations.add(
                    new Violation(RIDE_TIME, "job " + job.id() + " rides " + ride + ", limit " + job.maxRideTime()));
        }
    }
}
