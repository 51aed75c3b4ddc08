package io.coldchain.routing.vrp;

import java.util.List;

/**
 * Why a job was left unserved: the first constraint that rules it out even for a vehicle that
 * drives to it alone, or {@link #FLEET_FULL} when each constraint can be met on its own and the
 * fleet simply has no room or time left. Answers a dispatcher's "why was this parcel not planned?".
 */
public final class JobDiagnosis {

    public static final String NO_VEHICLE = "no vehicle loads at its depot";
    public static final String FLEET_FULL = "the fleet has no room or time left for it";

    /** The constraint (one of {@link FeasibilityChecker}'s names, or this class's) and a sentence. */
    public record Reason(String constraint, String detail) {}

    private JobDiagnosis() {}

    public static Reason explain(VrpProblem problem, VrpJob job) {
        List<VrpVehicle> candidates = problem.vehicles().stream()
                .filter(v -> job.depotId() == null || job.depotId().equals(v.depotId()))
                .toList();
        if (candidates.isEmpty()) {
            return new Reason(NO_VEHICLE, "no vehicle starts at depot " + job.depotId());
        }
        List<VrpVehicle> roomy = candidates.stream().filter(v -> fits(job, v)).toList();
        if (roomy.isEmpty()) {
            return new Reason(FeasibilityChecker.CAPACITY, "its load exceeds every vehicle's capacity");
        }
        Reason last = null;
        for (VrpVehicle vehicle : roomy) {
            last = alone(problem, job, vehicle);
            if (last == null) {
                return new Reason(
                        FLEET_FULL,
                        "every constraint can be met on a trip of its own, but no vehicle has room or time left"
                                + " (each vehicle drives one trip)");
            }
        }
        return last;
    }

    private static boolean fits(VrpJob job, VrpVehicle vehicle) {
        for (int d = 0; d < job.demand().length; d++) {
            if (job.demand()[d] > vehicle.capacity()[d] + 1e-9) {
                return false;
            }
        }
        return true;
    }

    /** A trip to the job alone, leaving as late as useful; null when it is feasible. */
    private static Reason alone(VrpProblem problem, VrpJob job, VrpVehicle vehicle) {
        double out = problem.costs().time(vehicle.depotLocation(), job.location());
        double back = problem.costs().time(job.location(), vehicle.depotLocation());
        double earliestArrival = vehicle.shiftStart() + out;
        TimeWindow window = job.windows().stream()
                .filter(w -> w.end() >= earliestArrival)
                .findFirst()
                .orElse(null);
        if (window == null) {
            return new Reason(
                    FeasibilityChecker.TIME_WINDOWS,
                    "its window closes before a vehicle leaving at the start of its shift can reach it ("
                            + Math.round(out) + " s away)");
        }
        if (out > job.maxRideTime()) {
            return new Reason(
                    FeasibilityChecker.RIDE_TIME,
                    "the drive from the depot (" + Math.round(out) + " s) is longer than its ride limit ("
                            + Math.round(job.maxRideTime()) + " s)");
        }
        double serviceStart = Math.max(earliestArrival, window.start());
        if (serviceStart + job.serviceTime() + back > vehicle.shiftEnd()) {
            return new Reason(FeasibilityChecker.SHIFT, "a vehicle serving it cannot be back before its shift ends");
        }
        return null;
    }
}
