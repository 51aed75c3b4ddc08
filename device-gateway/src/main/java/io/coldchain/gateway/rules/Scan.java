package io.coldchain.gateway.rules;

import io.coldchain.gateway.contract.AlertType;
import io.coldchain.gateway.contract.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges a probe's readings, sorted by event time, from a quiet start: every excursion that
 * reached its alert condition (open or cleared), and whether the probe is quiet at the end
 * (nothing pending, nothing open), so earlier readings need not be kept.
 */
public final class Scan {

    /** @param quiet true when no excursion is pending or open after the last reading */
    public record Result(List<Excursion> excursions, boolean quiet) {}

    private Scan() {}

    public static Result of(List<Reading> readings, Thresholds t) {
        List<Excursion> out = new ArrayList<>();
        boolean quiet = true;
        if (t.alertAbove() != null) {
            quiet &= new Band(AlertType.TEMPERATURE_HIGH, t).run(readings, out);
        }
        if (t.alertBelow() != null) {
            quiet &= new Band(AlertType.TEMPERATURE_LOW, t).run(readings, out);
        }
        quiet &= door(readings, t, out);
        quiet &= battery(readings, t, out);
        out.sort(java.util.Comparator.comparing(Excursion::startedAt).thenComparing(Excursion::type));
        return new Result(out, quiet);
    }

    /** The temperature state machine for one side of the band. */
    private static final class Band {
        final AlertType type;
        final Thresholds t;
        final boolean high;

        Instant start;
        Instant raisedAt;
        Instant clearStart;
        double peak;
        double dm;

        Band(AlertType type, Thresholds t) {
            this.type = type;
            this.t = t;
            this.high = type == AlertType.TEMPERATURE_HIGH;
        }

        boolean outside(double temp) {
            return high ? temp > t.alertAbove() : temp < t.alertBelow();
        }

        boolean backInside(double temp) {
            return high ? temp <= t.clearHighAt() : temp >= t.clearLowAt();
        }

        double beyond(double temp) {
            return Math.max(0, high ? temp - t.alertAbove() : t.alertBelow() - temp);
        }

        boolean immediate(double temp) {
            return high && t.immediateAbove() != null && temp > t.immediateAbove();
        }

        boolean run(List<Reading> readings, List<Excursion> out) {
            Reading prev = null;
            for (Reading r : readings) {
                double temp = r.tempC();
                if (start != null && prev != null) {
                    // left rectangle: the previous reading's excess held until this one
                    dm += beyond(prev.tempC()) * minutes(prev.ts(), r.ts());
                }
                if (start == null) {
                    if (outside(temp)) {
                        start = r.ts();
                        peak = temp;
                        dm = 0;
                        if (immediate(temp) || t.forDuration().isZero()) {
                            raisedAt = r.ts();
                        }
                    }
                } else if (raisedAt == null) {
                    if (outside(temp)) {
                        peak = worse(peak, temp);
                        if (immediate(temp)
                                || !Duration.between(start, r.ts())
                                        .minus(t.forDuration())
                                        .isNegative()) {
                            raisedAt = r.ts();
                        }
                    } else {
                        start = null; // a short spike: back inside before the duration
                    }
                } else {
                    if (outside(temp)) {
                        peak = worse(peak, temp);
                    }
                    if (clearStart == null) {
                        if (backInside(temp)) {
                            clearStart = r.ts();
                        }
                    } else if (!backInside(temp)) {
                        clearStart = null; // not held: flapping does not clear
                    } else if (!Duration.between(clearStart, r.ts())
                            .minus(t.clearFor())
                            .isNegative()) {
                        out.add(new Excursion(type, start, raisedAt, clearStart, r.ts(), peak, dm, r.ts()));
                        start = null;
                        raisedAt = null;
                        clearStart = null;
                    }
                }
                prev = r;
            }
            if (raisedAt != null) {
                out.add(new Excursion(type, start, raisedAt, null, null, peak, dm, prev.ts()));
            }
            return start == null;
        }

        double worse(double a, double b) {
            return high ? Math.max(a, b) : Math.min(a, b);
        }
    }

    private static boolean door(List<Reading> readings, Thresholds t, List<Excursion> out) {
        Instant openedAt = null;
        Instant raisedAt = null;
        Instant last = null;
        for (Reading r : readings) {
            last = r.ts();
            if (r.doorOpen() == null) {
                continue;
            }
            if (r.doorOpen()) {
                if (openedAt == null) {
                    openedAt = r.ts();
                }
                if (raisedAt == null
                        && !Duration.between(openedAt, r.ts())
                                .minus(t.doorOpenLimit())
                                .isNegative()) {
                    raisedAt = r.ts();
                }
            } else {
                if (raisedAt != null) {
                    out.add(new Excursion(AlertType.DOOR_OPEN, openedAt, raisedAt, r.ts(), r.ts(), null, 0, r.ts()));
                }
                openedAt = null;
                raisedAt = null;
            }
        }
        if (raisedAt != null) {
            out.add(new Excursion(AlertType.DOOR_OPEN, openedAt, raisedAt, null, null, null, 0, last));
        }
        return openedAt == null;
    }

    private static boolean battery(List<Reading> readings, Thresholds t, List<Excursion> out) {
        Instant lowSince = null;
        Instant last = null;
        for (Reading r : readings) {
            last = r.ts();
            if (r.batteryPct() == null) {
                continue;
            }
            if (lowSince == null && r.batteryPct() < t.batteryLowPct()) {
                lowSince = r.ts();
            } else if (lowSince != null && r.batteryPct() >= t.batteryLowPct() + 5) {
                out.add(new Excursion(AlertType.BATTERY_LOW, lowSince, lowSince, r.ts(), r.ts(), null, 0, r.ts()));
                lowSince = null;
            }
        }
        if (lowSince != null) {
            out.add(new Excursion(AlertType.BATTERY_LOW, lowSince, lowSince, null, null, null, 0, last));
        }
        return lowSince == null;
    }

    static double minutes(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 60_000.0;
    }
}
