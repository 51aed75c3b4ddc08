package io.coldchain.routing.vrp;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Jobs, vehicles and the travel costs between their locations. */
public record VrpProblem(List<VrpJob> jobs, List<VrpVehicle> vehicles, TravelCosts costs, Objective objective) {

    public VrpProblem {
        jobs = List.copyOf(jobs);
        vehicles = List.copyOf(vehicles);
        Objects.requireNonNull(costs, "costs");
        Objects.requireNonNull(objective, "objective");
        if (vehicles.isEmpty()) {
            throw new IllegalArgumentException("no vehicles");
        }
        int dims = vehicles.get(0).capacity().length;
        Set<String> ids = new HashSet<>();
        for (VrpJob job : jobs) {
            if (!ids.add(job.id())) {
                throw new IllegalArgumentException("duplicate job id " + job.id());
            }
            if (job.demand().length != dims) {
                throw new IllegalArgumentException("job " + job.id() + " has " + job.demand().length
                        + " demand dimensions, vehicles have " + dims);
            }
            checkLocation(costs, job.location(), "job " + job.id());
        }
        for (VrpVehicle vehicle : vehicles) {
            if (vehicle.capacity().length != dims) {
                throw new IllegalArgumentException("vehicle " + vehicle.id() + " has a different number of dimensions");
            }
            checkLocation(costs, vehicle.depotLocation(), "vehicle " + vehicle.id());
        }
    }

    private static void checkLocation(TravelCosts costs, int location, String what) {
        if (location < 0 || location >= costs.size()) {
            throw new IllegalArgumentException(what + " has location " + location + " outside the matrix");
        }
    }

    /** The cost of travelling from {@code a} to {@code b} under the objective. */
    public double cost(int a, int b) {
        return objective == Objective.DISTANCE ? costs.distance(a, b) : costs.time(a, b);
    }
}
