package io.coldchain.server.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MKT, time outside, degree-minutes and Q10 shelf life against values worked out by hand. */
class ColdChainMathTest {

    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final Duration GAP = Duration.ofMinutes(10);
    static final double DH_R = 10_000;

    static ColdChainMath.Point at(int minute, double tempC) {
        return new ColdChainMath.Point(T0.plusSeconds(60L * minute), tempC);
    }

    static List<ColdChainMath.Point> constant(int minutes, double tempC) {
        List<ColdChainMath.Point> points = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            points.add(at(m, tempC));
        }
        return points;
    }

    @Test
    void aConstantTrailHasItsTemperatureAsMeanAndMkt() {
        var s = ColdChainMath.summarise(constant(60, 5.0), T0, T0.plusSeconds(3600), 0.0, 4.0, GAP, DH_R);
        assertThat(s.minC()).isEqualTo(5.0);
        assertThat(s.maxC()).isEqualTo(5.0);
        assertThat(s.meanC()).isCloseTo(5.0, within(1e-9));
        assertThat(s.mktC()).isCloseTo(5.0, within(1e-9));
        assertThat(s.minutesCovered()).isCloseTo(60, within(1e-9));
        assertThat(s.minutesOutside()).isCloseTo(60, within(1e-9)); // 1 C above the band all hour
        assertThat(s.degreeMinutes()).isCloseTo(60, within(1e-9));
        assertThat(s.gaps()).isEmpty();
    }

    @Test
    void aTwoStepTrailWeighsTheWarmHalfMoreInItsMkt() {
        // 30 min at 0 C, 30 min at 10 C: mean 5 C; MKT = 10000 / -ln((e^(-10000/273.15) +
        // e^(-10000/283.15)) / 2) - 273.15 = 6.4327 C
        List<ColdChainMath.Point> points = new ArrayList<>(constant(30, 0.0));
        for (int m = 30; m < 60; m++) {
            points.add(at(m, 10.0));
        }
        var s = ColdChainMath.summarise(points, T0, T0.plusSeconds(3600), 0.0, 4.0, GAP, DH_R);
        assertThat(s.meanC()).isCloseTo(5.0, within(1e-9));
        assertThat(s.mktC()).isCloseTo(6.4327, within(1e-4));
        assertThat(s.minutesOutside()).isCloseTo(30, within(1e-9));
        assertThat(s.degreeMinutes()).isCloseTo(6 * 30, within(1e-9));
    }

    @Test
    void unequalSpacingWeighsEachReadingByTheTimeItStandsFor() {
        // 2 C for 10 min, 6 C for 30 min, 4 C for 20 min
        var points = List.of(at(0, 2.0), at(10, 6.0), at(40, 4.0));
        var s = ColdChainMath.summarise(points, T0, T0.plusSeconds(3600), 0.0, 4.0, Duration.ofMinutes(45), DH_R);
        assertThat(s.meanC()).isCloseTo((2 * 10 + 6 * 30 + 4 * 20) / 60.0, within(1e-9));
        assertThat(s.mktC()).isCloseTo(4.7973, within(1e-4));
        assertThat(s.minutesOutside()).isCloseTo(30, within(1e-9));
        assertThat(s.degreeMinutes()).isCloseTo(2 * 30, within(1e-9));
        assertThat(s.minC()).isEqualTo(2.0);
        assertThat(s.maxC()).isEqualTo(6.0);
    }

    @Test
    void aGapIsReportedAndLeftOutNotFilled() {
        // readings at 0 and 5 min, then none until 60: each stands for at most 10 min
        var points = List.of(at(0, 3.0), at(5, 3.0), at(60, 9.0));
        var s = ColdChainMath.summarise(points, T0, T0.plusSeconds(70 * 60), 0.0, 4.0, GAP, DH_R);
        assertThat(s.minutesCovered()).isCloseTo(5 + 10 + 10, within(1e-9));
        assertThat(s.gaps()).containsExactly(new ColdChainMath.Gap(T0.plusSeconds(15 * 60), T0.plusSeconds(60 * 60)));
        assertThat(s.gapMinutes()).isCloseTo(45, within(1e-9));
        assertThat(s.minutesOutside()).isCloseTo(10, within(1e-9));
        assertThat(s.meanC()).isCloseTo((3 * 15 + 9 * 10) / 25.0, within(1e-9));
    }

    @Test
    void aRangeWithNoReadingIsOneGap() {
        var s = ColdChainMath.summarise(List.of(), T0, T0.plusSeconds(600), 0.0, 4.0, GAP, DH_R);
        assertThat(s.meanC()).isNull();
        assertThat(s.mktC()).isNull();
        assertThat(s.gaps()).containsExactly(new ColdChainMath.Gap(T0, T0.plusSeconds(600)));
    }

    @Test
    void theReadingBeforeTheRangeStandsForItsStart() {
        var points = List.of(new ColdChainMath.Point(T0.minusSeconds(120), 8.0), at(3, 2.0));
        var s = ColdChainMath.summarise(points, T0, T0.plusSeconds(6 * 60), 0.0, 4.0, GAP, DH_R);
        assertThat(s.minutesCovered()).isCloseTo(6, within(1e-9));
        assertThat(s.minutesOutside()).isCloseTo(3, within(1e-9));
        assertThat(s.degreeMinutes()).isCloseTo(4 * 3, within(1e-9));
    }

    @Test
    void q10ShelfLifeRunsQ10TimesFasterTenDegreesWarmer() {
        // a day at Tref + 10 with Q10 = 2 uses two days; 12 h at Tref uses half a day
        List<ColdChainMath.Point> warm = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            warm.add(new ColdChainMath.Point(T0.plusSeconds(3600L * h), 14.0));
        }
        assertThat(ColdChainMath.shelfLifeUsedDays(warm, T0, T0.plusSeconds(86_400), 4.0, 2.0, Duration.ofHours(2)))
                .isCloseTo(2.0, within(1e-9));
        List<ColdChainMath.Point> reference =
                List.of(new ColdChainMath.Point(T0, 4.0), new ColdChainMath.Point(T0.plusSeconds(6 * 3600), 4.0));
        assertThat(ColdChainMath.shelfLifeUsedDays(
                        reference, T0, T0.plusSeconds(12 * 3600), 4.0, 3.0, Duration.ofHours(6)))
                .isCloseTo(0.5, within(1e-9));
        // 5 C colder with Q10 = 4: half the rate
        List<ColdChainMath.Point> cold = List.of(new ColdChainMath.Point(T0, -1.0));
        assertThat(ColdChainMath.shelfLifeUsedDays(cold, T0, T0.plusSeconds(86_400), 4.0, 4.0, Duration.ofDays(2)))
                .isCloseTo(0.5, within(1e-9));
    }
}
