package io.coldchain.gateway.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.gateway.contract.AlertEvent;
import io.coldchain.gateway.contract.AlertState;
import io.coldchain.gateway.contract.AlertType;
import io.coldchain.gateway.contract.AssetKind;
import io.coldchain.gateway.contract.ProbeBinding;
import io.coldchain.gateway.contract.Reading;
import io.coldchain.gateway.contract.TemperatureZone;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cold-chain rules, fed minute-by-minute series in event time; no infrastructure. */
class RulesTest {

    static final Instant T0 = Instant.parse("2026-11-22T06:00:00Z");
    static final ProbeBinding CHILLED =
            new ProbeBinding("LB-1/CHILLED", AssetKind.LOCKER_ZONE, TemperatureZone.CHILLED, null, null, null);
    static final ProbeBinding FROZEN =
            new ProbeBinding("LB-1/FROZEN", AssetKind.LOCKER_ZONE, TemperatureZone.FROZEN, null, null, null);

    /** Builds readings one per minute: segments of (from, to inclusive, temperature). */
    static final class Series {
        final List<Reading> readings = new ArrayList<>();

        Series seg(int from, int to, double temp) {
            for (int m = from; m <= to; m++) {
                readings.add(new Reading(
                        "LB-1", readings.size() + 1, T0.plusSeconds(60L * m), "p", temp, null, null, null, null));
            }
            return this;
        }

        Series with(int minute, Boolean door, Integer battery, double temp) {
            readings.add(new Reading(
                    "LB-1", readings.size() + 1, T0.plusSeconds(60L * minute), "p", temp, door, battery, null, null));
            return this;
        }
    }

    static List<AlertEvent> feedOneByOne(List<Reading> readings, ProbeBinding binding) {
        ProbeTimeline timeline = ProbeTimeline.empty();
        AtomicInteger ids = new AtomicInteger();
        List<AlertEvent> events = new ArrayList<>();
        for (Reading r : readings) {
            events.addAll(timeline.add(List.of(r), binding, () -> "a" + ids.incrementAndGet()));
        }
        return events;
    }

    static List<AlertEvent> of(List<AlertEvent> events, AlertState state) {
        return events.stream().filter(e -> e.state() == state).toList();
    }

    @Test
    void steadyTemperatureRaisesNothing() {
        assertThat(feedOneByOne(new Series().seg(0, 60, 3.0).readings, CHILLED)).isEmpty();
    }

    @Test
    void excursionOpensAfterTheDurationAndClearsAfterHoldingBack() {
        List<AlertEvent> events =
                feedOneByOne(new Series().seg(0, 9, 3.0).seg(10, 29, 7.0).seg(30, 59, 3.0).readings, CHILLED);
        List<AlertEvent> raised = of(events, AlertState.RAISED);
        List<AlertEvent> cleared = of(events, AlertState.CLEARED);
        assertThat(raised).hasSize(1);
        assertThat(raised.get(0).type()).isEqualTo(AlertType.TEMPERATURE_HIGH);
        assertThat(raised.get(0).startedAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(raised.get(0).ts()).isEqualTo(T0.plusSeconds(25 * 60)); // 15 minutes outside
        assertThat(cleared).hasSize(1);
        assertThat(cleared.get(0).alertId()).isEqualTo(raised.get(0).alertId());
        assertThat(cleared.get(0).endedAt()).isEqualTo(T0.plusSeconds(30 * 60));
        assertThat(cleared.get(0).ts()).isEqualTo(T0.plusSeconds(35 * 60)); // held 5 minutes
        assertThat(cleared.get(0).peakC()).isEqualTo(7.0);
        assertThat(cleared.get(0).degreeMinutes()).isEqualTo(40.0); // 2 C over 5 C for 20 minutes
        // updates come at most once a minute of event time, all with the same id
        List<AlertEvent> updates = of(events, AlertState.UPDATED);
        assertThat(updates).isNotEmpty().allMatch(u -> u.alertId()
                .equals(raised.get(0).alertId()));
        for (int i = 1; i < updates.size(); i++) {
            assertThat(updates.get(i).ts())
                    .isAfterOrEqualTo(updates.get(i - 1).ts().plusSeconds(60));
        }
    }

    @Test
    void shortSpikeRaisesNothing() {
        assertThat(feedOneByOne(new Series().seg(0, 9, 3.0).seg(10, 19, 7.0).seg(20, 50, 3.0).readings, CHILLED))
                .isEmpty();
    }

    @Test
    void hysteresis_flappingAroundTheThresholdDoesNotClear() {
        // open, then alternate 3.4 / 3.9 (3.9 is inside the band but not by the 0.5 margin)
        Series s = new Series().seg(0, 20, 7.0);
        for (int m = 21; m <= 60; m++) {
            s.seg(m, m, m % 2 == 0 ? 3.4 : 3.9);
        }
        s.seg(61, 80, 3.0);
        List<AlertEvent> events = feedOneByOne(s.readings, CHILLED);
        assertThat(of(events, AlertState.RAISED)).hasSize(1);
        List<AlertEvent> cleared = of(events, AlertState.CLEARED);
        assertThat(cleared).hasSize(1);
        assertThat(cleared.get(0).endedAt()).isAfterOrEqualTo(T0.plusSeconds(60 * 60));
    }

    @Test
    void duration_isJudgedInEventTimeEvenWhenReadingsArriveShuffled() {
        List<Reading> readings = new Series().seg(0, 9, 3.0).seg(10, 29, 7.0).seg(30, 59, 3.0).readings;
        List<Reading> shuffled = new ArrayList<>(readings);
        Collections.shuffle(shuffled, new Random(7));
        ProbeTimeline timeline = ProbeTimeline.empty();
        DeviceSequencer sequencer = new DeviceSequencer(1);
        AtomicInteger ids = new AtomicInteger();
        List<AlertEvent> events = new ArrayList<>();
        int third = shuffled.size() / 3;
        for (List<Reading> batch : List.of(
                shuffled.subList(0, third),
                shuffled.subList(third, 2 * third),
                shuffled.subList(2 * third, shuffled.size()))) {
            List<Reading> released = sequencer.accept(batch, T0);
            events.addAll(timeline.add(released, CHILLED, () -> "a" + ids.incrementAndGet()));
        }
        assertThat(sequencer.held()).isZero();
        assertThat(of(events, AlertState.RAISED)).hasSize(1);
        assertThat(of(events, AlertState.RAISED).get(0).startedAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(of(events, AlertState.CLEARED)).hasSize(1);
        assertThat(of(events, AlertState.CLEARED).get(0).degreeMinutes()).isEqualTo(40.0);
    }

    @Test
    void lateBatchRevealsAnExcursionThatLiveReadingsSkippedOver() {
        // live readings at minutes 0 and 40 look fine; the backlog of minutes 1..39 arrives later
        Series s = new Series().seg(0, 0, 3.0).seg(1, 25, 8.0).seg(26, 40, 3.0);
        ProbeTimeline timeline = ProbeTimeline.empty();
        AtomicInteger ids = new AtomicInteger();
        List<AlertEvent> live = timeline.add(
                List.of(s.readings.get(0), s.readings.get(40)), CHILLED, () -> "a" + ids.incrementAndGet());
        assertThat(live).isEmpty();
        List<AlertEvent> late = timeline.add(s.readings.subList(1, 40), CHILLED, () -> "a" + ids.incrementAndGet());
        assertThat(of(late, AlertState.RAISED)).hasSize(1);
        assertThat(of(late, AlertState.CLEARED)).hasSize(1);
        assertThat(of(late, AlertState.RAISED).get(0).startedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void sequencerGivesUpOnAGapAfterTheTimeout() {
        List<Reading> readings = new Series().seg(0, 5, 3.0).readings;
        DeviceSequencer sequencer = new DeviceSequencer(1);
        assertThat(sequencer.accept(List.of(readings.get(0), readings.get(2), readings.get(3)), T0))
                .extracting(Reading::seq)
                .containsExactly(1L);
        assertThat(sequencer.missing())
                .containsExactly(new DeviceSequencer.Gap(
                        2, 2, readings.get(0).ts(), readings.get(2).ts()));
        // what the store may take without looking for duplicates: past what was released and held
        assertThat(sequencer.unseen(1)).isFalse();
        assertThat(sequencer.unseen(2)).isTrue();
        assertThat(sequencer.unseen(3)).isFalse();
        assertThat(sequencer.unseen(5)).isTrue();
        assertThat(new DeviceSequencer(-1).unseen(1)).isFalse();
        assertThat(sequencer
                        .expire(T0.plusSeconds(10), java.time.Duration.ofSeconds(30))
                        .released())
                .isEmpty();
        DeviceSequencer.Expiry expiry = sequencer.expire(T0.plusSeconds(31), java.time.Duration.ofSeconds(30));
        assertThat(expiry.released()).extracting(Reading::seq).containsExactly(3L, 4L);
        // the skipped run, bounded by the readings around it, to be recorded as a data gap
        assertThat(expiry.skipped())
                .containsExactly(new DeviceSequencer.Gap(
                        2, 2, readings.get(0).ts(), readings.get(2).ts()));
        // the missing one arrives after all: it passes straight through as a late reading
        assertThat(sequencer.accept(List.of(readings.get(1)), T0.plusSeconds(40)))
                .extracting(Reading::seq)
                .containsExactly(2L);
        assertThat(sequencer.next()).isEqualTo(5);
        assertThat(sequencer.unseen(2)).isFalse();
    }

    @Test
    void aNewDeviceIsJudgedFromTheStartOfItsCount() {
        List<Reading> readings = new Series().seg(0, 5, 3.0).readings; // seq 1..6
        DeviceSequencer sequencer = new DeviceSequencer(-1);
        assertThat(sequencer.accept(List.of(readings.get(3), readings.get(2)), T0))
                .isEmpty();
        assertThat(sequencer.accept(List.of(readings.get(1), readings.get(0)), T0))
                .extracting(Reading::seq)
                .containsExactly(1L, 2L, 3L, 4L);
        // a device far into its count begins with what came
        DeviceSequencer late = new DeviceSequencer(-1);
        Reading far = new Reading("LB-9", 1_700_000_000L, T0, "p", 3.0, null, null, null, null);
        assertThat(late.accept(List.of(far), T0)).containsExactly(far);
    }

    @Test
    void overrideChangesTheBandAndTheDuration() {
        ProbeBinding override =
                new ProbeBinding("LB-1/CHILLED", AssetKind.LOCKER_ZONE, TemperatureZone.CHILLED, 8.0, null, 300);
        List<AlertEvent> events = feedOneByOne(
                new Series()
                        .seg(0, 9, 3.0)
                        .seg(10, 29, 7.0)
                        .seg(30, 39, 3.0)
                        .seg(40, 46, 9.0)
                        .seg(47, 70, 3.0)
                        .readings,
                override);
        assertThat(of(events, AlertState.RAISED)).hasSize(1);
        assertThat(of(events, AlertState.RAISED).get(0).startedAt()).isEqualTo(T0.plusSeconds(40 * 60));
        assertThat(of(events, AlertState.CLEARED)).hasSize(1);
    }

    @Test
    void frozenAboveMinusTwelveOpensAtOnce() {
        List<AlertEvent> events = feedOneByOne(new Series().seg(0, 5, -20).seg(6, 7, -10).readings, FROZEN);
        assertThat(of(events, AlertState.RAISED)).hasSize(1);
        assertThat(of(events, AlertState.RAISED).get(0).ts()).isEqualTo(T0.plusSeconds(6 * 60));
    }

    @Test
    void freezingInjuryInAChilledZoneIsALowExcursion() {
        List<AlertEvent> events = feedOneByOne(new Series().seg(0, 5, 2.0).seg(6, 30, -1.5).readings, CHILLED);
        assertThat(of(events, AlertState.RAISED))
                .extracting(AlertEvent::type)
                .containsExactly(AlertType.TEMPERATURE_LOW);
    }

    @Test
    void doorOpenTooLongAlertsAndClearsWhenClosed() {
        Series s = new Series().with(0, false, null, 3.0);
        for (int m = 1; m <= 4; m++) {
            s.with(m, true, null, 3.5);
        }
        s.with(5, false, null, 3.0);
        List<AlertEvent> events = feedOneByOne(s.readings, CHILLED);
        assertThat(of(events, AlertState.RAISED)).extracting(AlertEvent::type).containsExactly(AlertType.DOOR_OPEN);
        assertThat(of(events, AlertState.RAISED).get(0).ts()).isEqualTo(T0.plusSeconds(3 * 60));
        assertThat(of(events, AlertState.CLEARED)).hasSize(1);
    }

    @Test
    void lowBatteryAlertsWithHysteresis() {
        Series s = new Series()
                .with(0, null, 40, 3.0)
                .with(1, null, 12, 3.0)
                .with(2, null, 17, 3.0)
                .with(3, null, 25, 3.0);
        List<AlertEvent> events = feedOneByOne(s.readings, CHILLED);
        assertThat(of(events, AlertState.RAISED)).extracting(AlertEvent::type).containsExactly(AlertType.BATTERY_LOW);
        assertThat(of(events, AlertState.CLEARED).get(0).endedAt()).isEqualTo(T0.plusSeconds(3 * 60));
    }

    @Test
    void theWindowShrinksOnceTheProbeIsQuiet() {
        ProbeTimeline timeline = ProbeTimeline.empty();
        AtomicInteger ids = new AtomicInteger();
        for (Reading r : new Series().seg(0, 9, 3.0).seg(10, 29, 7.0).seg(30, 59, 3.0).readings) {
            timeline.add(List.of(r), CHILLED, () -> "a" + ids.incrementAndGet());
        }
        assertThat(timeline.size()).isEqualTo(1);
        assertThat(timeline.announced()).isEmpty();
    }
}
