package io.coldchain.routing.vrp;

import java.util.List;
import java.util.Objects;

/**
 * A delivery: loaded at a depot, dropped at a location within one of its time windows.
 *
 * @param demand per capacity dimension (e.g. litres and kilograms per temperature zone)
 * @param windows when service may start; at least one, sorted and not overlapping
 * @param depotId the depot it must be loaded at, or null when any vehicle may carry it
 * @param maxRideTime longest allowed time from the vehicle's departure to the drop (cold chain);
 *     {@link Double#POSITIVE_INFINITY} for none
 */
public record VrpJob(
        String id,
        int location,
        double[] demand,
        List<TimeWindow> windows,
        double serviceTime,
        String depotId,
        double maxRideTime) {

    public VrpJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(demand, "demand");
        windows = List.copyOf(windows);
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("job " + id + " has no time window");
        }
        for (int i = 1; i < windows.size(); i++) {
            if (windows.get(i).start() < windows.get(i - 1).end()) {
                throw new IllegalArgumentException("job " + id + " has unsorted or overlapping windows");
            }
        }
        for (double d : demand) {
            if (d < 0) {
                throw new IllegalArgumentException("job " + id + " has a negative demand");
            }
        }
        if (serviceTime < 0 || !(maxRideTime > 0)) {
            throw new IllegalArgumentException("job " + id + " needs serviceTime >= 0 and maxRideTime > 0");
        }
    }

    /** A job with one window, no depot restriction and no ride limit. */
    public static VrpJob simple(String id, int location, double[] demand, TimeWindow window, double serviceTime) {
        return new VrpJob(id, location, demand, List.of(window), serviceTime, null, Double.POSITIVE_INFINITY);
    }
}
