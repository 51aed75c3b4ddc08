package io.coldchain.routing.vrp;

import java.util.Objects;

/**
 * A vehicle that starts and ends its shift at its depot.
 *
 * @param capacity per dimension, the same dimensions as the jobs' demands
 */
public record VrpVehicle(
        String id, String depotId, int depotLocation, double[] capacity, double shiftStart, double shiftEnd) {

    public VrpVehicle {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(capacity, "capacity");
        if (!(shiftStart <= shiftEnd)) {
            throw new IllegalArgumentException("vehicle " + id + " has a shift that ends before it starts");
        }
    }
}
