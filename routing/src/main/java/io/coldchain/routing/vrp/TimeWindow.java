package io.coldchain.routing.vrp;

/** An interval in which service may start, in seconds (or any time unit) of the planning day. */
public record TimeWindow(double start, double end) {

    public TimeWindow {
        if (!(start <= end)) {
            throw new IllegalArgumentException("time window start " + start + " is after its end " + end);
        }
    }

    /** A window that never closes. */
    public static TimeWindow always() {
        return new TimeWindow(0, Double.MAX_VALUE);
    }
}
