package io.coldchain.server.quality;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The figures of a temperature trail over a time range, as pure functions: minimum, maximum,
 * time-weighted mean, mean kinetic temperature, time and degree-minutes outside a band, and shelf
 * life used by the Q10 model. Each reading stands for the time until the next one (the last until
 * the range ends), but never longer than {@code maxGap}: beyond that the trail has a gap, reported
 * as a gap and left out of every figure (never filled silently).
 */
public final class ColdChainMath {

    /** Kelvin at 0 C. */
    static final double KELVIN = 273.15;

    private ColdChainMath() {}

    /** A reading of the trail. */
    public record Point(Instant ts, double tempC) {
        public Point {
            Objects.requireNonNull(ts, "ts");
        }
    }

    /** A stretch of the range with no reading. */
    public record Gap(Instant from, Instant to) {
        public double minutes() {
            return Duration.between(from, to).toMillis() / 60_000.0;
        }
    }

    /**
     * @param minutesCovered time the readings stand for
     * @param minutesOutside time outside {@code [low, high]}
     * @param degreeMinutes the area outside the band (degrees times minutes)
     * @param mktC mean kinetic temperature (null without readings)
     */
    public record Summary(
            Double minC,
            Double maxC,
            Double meanC,
            Double mktC,
            double minutesCovered,
            double minutesOutside,
            double degreeMinutes,
            List<Gap> gaps) {

        public double gapMinutes() {
            return gaps.stream().mapToDouble(Gap::minutes).sum();
        }
    }

    /** A reading with the time it stands for. */
    record Span(double tempC, double seconds) {}

    /**
     * The spans of the trail within {@code [from, to)}: {@code points} sorted by time, the reading
     * before {@code from} (if given) standing for the start.
     */
    static List<Span> spans(List<Point> points, Instant from, Instant to, Duration maxGap, List<Gap> gaps) {
        List<Span> spans = new ArrayList<>();
        Instant covered = from;
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            Instant next = i + 1 < points.size() ? points.get(i + 1).ts() : to;
            Instant start = p.ts().isBefore(from) ? from : p.ts();
            Instant end = next.isAfter(to) ? to : next;
            if (!end.isAfter(start) || !p.ts().isBefore(to)) {
                continue;
            }
            if (start.isAfter(covered)) {
                gaps.add(new Gap(covered, start));
            }
            Instant held = p.ts().plus(maxGap);
            Instant until = end.isAfter(held) ? held : end;
            if (until.isAfter(start)) {
                spans.add(new Span(p.tempC(), Duration.between(start, until).toMillis() / 1000.0));
            }
            if (end.isAfter(until)) {
                gaps.add(new Gap(until.isAfter(start) ? until : start, end));
            }
            covered = end;
        }
        if (to.isAfter(covered)) {
            gaps.add(new Gap(covered, to));
        }
        return spans;
    }

    /**
     * Summarises the trail over {@code [from, to)} against the band {@code [low, high]} (either may
     * be null: no bound).
     *
     * @param activationEnergyK Delta H / R for the mean kinetic temperature, e.g. 10,000 K
     */
    public static Summary summarise(
            List<Point> points,
            Instant from,
            Instant to,
            Double low,
            Double high,
            Duration maxGap,
            double activationEnergyK) {
        List<Gap> gaps = new ArrayList<>();
        List<Span> spans = spans(points, from, to, maxGap, gaps);
        if (spans.isEmpty()) {
            return new Summary(null, null, null, null, 0, 0, 0, gaps);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double seconds = 0;
        double weighted = 0;
        double arrhenius = 0;
        double outside = 0;
        double degreeSeconds = 0;
        for (Span s : spans) {
            min = Math.min(min, s.tempC());
            max = Math.max(max, s.tempC());
            seconds += s.seconds();
            weighted += s.tempC() * s.seconds();
            arrhenius += Math.exp(-activationEnergyK / (s.tempC() + KELVIN)) * s.seconds();
            double beyond = high != null && s.tempC() > high
                    ? s.tempC() - high
                    : low != null && s.tempC() < low ? low - s.tempC() : 0;
            if (beyond > 0) {
                outside += s.seconds();
                degreeSeconds += beyond * s.seconds();
            }
        }
        double mktK = activationEnergyK / -Math.log(arrhenius / seconds);
        return new Summary(
                min, max, weighted / seconds, mktK - KELVIN, seconds / 60, outside / 60, degreeSeconds / 60, gaps);
    }

    /**
     * Shelf life used over the trail by the Q10 model, in days at the reference temperature: each
     * span uses {@code q10^((T - Tref) / 10)} times its duration. Gaps use nothing here; the caller
     * reports them.
     */
    public static double shelfLifeUsedDays(
            List<Point> points, Instant from, Instant to, double referenceC, double q10, Duration maxGap) {
        double days = 0;
        for (Span s : spans(points, from, to, maxGap, new ArrayList<>())) {
            days += Math.pow(q10, (s.tempC() - referenceC) / 10.0) * s.seconds() / 86_400.0;
        }
        return days;
    }
}
