package io.coldchain.gateway.rules;

import io.coldchain.gateway.contract.ProbeBinding;
import io.coldchain.gateway.contract.TemperatureZone;
import java.time.Duration;

/**
 * The band a probe is judged against.
 *
 * @param alertAbove an excursion when above this for {@code forDuration} (null: no high alert)
 * @param alertBelow an excursion when below this for {@code forDuration} (null: no low alert)
 * @param immediateAbove above this the excursion opens at once (FROZEN: -12 C)
 * @param keepLow the keep-within band's floor (clearing a low excursion needs above it plus the margin)
 * @param keepHigh the keep-within band's ceiling (clearing a high excursion needs below it minus the margin)
 * @param hysteresis the clearing margin
 * @param clearFor how long readings must stay back inside before the excursion clears
 * @param doorOpenLimit a door open longer than this alerts
 * @param batteryLowPct battery below this alerts; it clears at 5 points above
 */
public record Thresholds(
        Double alertAbove,
        Double alertBelow,
        Duration forDuration,
        Double immediateAbove,
        double keepLow,
        double keepHigh,
        double hysteresis,
        Duration clearFor,
        Duration doorOpenLimit,
        int batteryLowPct) {

    public static final double DEFAULT_HYSTERESIS = 0.5;
    public static final Duration DEFAULT_CLEAR_FOR = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DOOR_LIMIT = Duration.ofMinutes(2);
    public static final int DEFAULT_BATTERY_LOW = 15;

    /** The architecture's zone defaults. */
    public static Thresholds of(TemperatureZone zone) {
        return switch (zone) {
            case FROZEN -> band(-15.0, null, 10, -12.0, Double.NEGATIVE_INFINITY, -18);
            case CHILLED -> band(5.0, -0.5, 15, null, 0, 4);
            case COOL -> band(18.0, 8.0, 30, null, 10, 15);
            case AMBIENT -> band(25.0, 10.0, 60, null, 10, 25);
        };
    }

    /** The zone's defaults with the binding's overrides applied. */
    public static Thresholds of(ProbeBinding binding) {
        Thresholds base = of(binding.zone());
        return new Thresholds(
                binding.alertAboveC() != null ? binding.alertAboveC() : base.alertAbove,
                binding.alertBelowC() != null ? binding.alertBelowC() : base.alertBelow,
                binding.forS() != null ? Duration.ofSeconds(binding.forS()) : base.forDuration,
                base.immediateAbove,
                base.keepLow,
                base.keepHigh,
                base.hysteresis,
                binding.clearS() != null ? Duration.ofSeconds(binding.clearS()) : base.clearFor,
                base.doorOpenLimit,
                base.batteryLowPct);
    }

    private static Thresholds band(
            Double above, Double below, int minutes, Double immediate, double keepLow, double keepHigh) {
        return new Thresholds(
                above,
                below,
                Duration.ofMinutes(minutes),
                immediate,
                keepLow,
                keepHigh,
                DEFAULT_HYSTERESIS,
                DEFAULT_CLEAR_FOR,
                DEFAULT_DOOR_LIMIT,
                DEFAULT_BATTERY_LOW);
    }

    /** A high excursion clears at or below this. */
    double clearHighAt() {
        return Math.min(keepHigh, alertAbove) - hysteresis;
    }

    /** A low excursion clears at or above this. */
    double clearLowAt() {
        return Math.max(keepLow, alertBelow) + hysteresis;
    }
}
