package io.coldchain.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.gateway.contract.AlertEvent;
import io.coldchain.gateway.contract.AlertState;
import io.coldchain.gateway.contract.AlertType;
import io.coldchain.gateway.contract.AssetKind;
import io.coldchain.gateway.contract.DeviceBinding;
import io.coldchain.gateway.contract.ProbeBinding;
import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.gateway.store.DeadLetterStore;
import io.coldchain.gateway.store.PostgresTelemetryStore;
import io.coldchain.gateway.store.RuleStateStore;
import io.coldchain.gateway.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pipeline's wall-clock duties on a controlled clock: silent probes and sequence gaps. */
class PipelineIT {

    HikariDataSource dataSource;
    Pipeline pipeline;
    final List<AlertEvent> events = new ArrayList<>();
    final List<io.coldchain.gateway.contract.DeviceCommand> commands = new ArrayList<>();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp() {
        dataSource = TestPostgres.freshDatabase().pooled();
        PostgresTelemetryStore.migrate(dataSource);
        pipeline = newPipeline();
    }

    /** A pipeline on the test's database, as a (re)started gateway would build it. */
    Pipeline newPipeline() {
        return newPipeline(new GatewayMetrics());
    }

    Pipeline newPipeline(GatewayMetrics metrics) {
        BindingRegistry registry = new BindingRegistry();
        registry.put(new DeviceBinding(
                "S1",
                60,
                Map.of(
                        "chilled",
                        new ProbeBinding(
                                "S1/CHILLED", AssetKind.LOCKER_ZONE, TemperatureZone.CHILLED, null, null, null))));
        registry.put(new DeviceBinding(
                "S2",
                60,
                Map.of(
                        "chilled",
                        new ProbeBinding(
                                "S2/CHILLED", AssetKind.LOCKER_ZONE, TemperatureZone.CHILLED, null, null, null),
                        "frozen",
                        new ProbeBinding(
                                "S2/FROZEN", AssetKind.LOCKER_ZONE, TemperatureZone.FROZEN, null, null, null))));
        return new Pipeline(
                registry,
                new PostgresTelemetryStore(dataSource),
                new DeadLetterStore(dataSource),
                new RuleStateStore(dataSource, new io.coldchain.gateway.store.AlertOutbox(dataSource, "test-gateway")),
                events::addAll,
                (device, commands) -> this.commands.addAll(commands),
                clock,
                Pipeline.Timing.of(Duration.ofSeconds(30)),
                metrics);
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    void send(long seq, Instant ts, double temp) {
        send("S1", seq, ts, temp);
    }

    void send(String device, long seq, Instant ts, double temp) {
        String json = "{\"seq\": %d, \"ts\": \"%s\", \"probe\": \"chilled\", \"tempC\": %s}".formatted(seq, ts, temp);
        pipeline.process(List.of(new Pipeline.Message("t", device, json.getBytes(StandardCharsets.UTF_8))));
    }

    long count(String sql) throws Exception {
        try (var c = dataSource.getConnection();
                var st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    List<AlertEvent> of(AlertType type, AlertState state) {
        return events.stream()
                .filter(e -> e.type() == type && e.state() == state)
                .toList();
    }

    @Test
    void aGapIsAskedForThenRecordedPerProbeAndClearedWhenTheDeviceResends() throws Exception {
        Instant t = clock.now.minusSeconds(3600);
        send("S2", 1, t, 3.0);
        send("S2", 4, t.plusSeconds(180), 3.0);
        send("S2", 5, t.plusSeconds(240), 3.0);
        clock.now = clock.now.plusSeconds(1);
        pipeline.tick();
        assertThat(commands).isEmpty(); // not yet: a shuffled upload may still be arriving
        clock.now = clock.now.plusSeconds(2);
        pipeline.tick();
        assertThat(commands).containsExactly(io.coldchain.gateway.contract.DeviceCommand.resend(2, 3));
        clock.now = clock.now.plusSeconds(30);
        pipeline.tick();
        // one DATA_GAP per probe of the device: the missing readings may be any probe's
        List<AlertEvent> raised = of(AlertType.DATA_GAP, AlertState.RAISED);
        assertThat(raised).extracting(AlertEvent::probe).containsExactlyInAnyOrder("chilled", "frozen");
        assertThat(raised).extracting(AlertEvent::assetId).containsExactlyInAnyOrder("S2/CHILLED", "S2/FROZEN");
        assertThat(raised).allSatisfy(e -> {
            assertThat(e.fromSeq()).isEqualTo(2);
            assertThat(e.toSeq()).isEqualTo(3);
            assertThat(e.startedAt()).isEqualTo(t);
            assertThat(e.endedAt()).isEqualTo(t.plusSeconds(180));
        });
        assertThat(count("select count(*) from data_gap where device_id = 'S2' and cleared_at is null"))
                .isEqualTo(1);
        // the device answers the RESEND late: the gap fills and clears, same alert ids
        send("S2", 3, t.plusSeconds(120), 3.0);
        assertThat(of(AlertType.DATA_GAP, AlertState.CLEARED)).isEmpty(); // half filled
        send("S2", 2, t.plusSeconds(60), 3.0);
        assertThat(of(AlertType.DATA_GAP, AlertState.CLEARED))
                .extracting(AlertEvent::alertId)
                .containsExactlyInAnyOrderElementsOf(
                        raised.stream().map(AlertEvent::alertId).toList());
        assertThat(count("select count(*) from data_gap where device_id = 'S2' and cleared_at is not null"))
                .isEqualTo(1);
    }

    @Test
    void aGapFilledByTheResendBeforeTheTimeoutRecordsNothing() {
        Instant t = clock.now.minusSeconds(3600);
        send(1, t, 3.0);
        send(3, t.plusSeconds(120), 3.0);
        clock.now = clock.now.plusSeconds(3);
        pipeline.tick();
        assertThat(commands).containsExactly(io.coldchain.gateway.contract.DeviceCommand.resend(2, 2));
        send(2, t.plusSeconds(60), 3.0);
        clock.now = clock.now.plusSeconds(60);
        pipeline.tick();
        assertThat(events).isEmpty();
    }

    @Test
    void anOpenDataGapSurvivesARestartAndClearsAfterIt() {
        Instant t = clock.now.minusSeconds(3600);
        send(1, t, 3.0);
        send(3, t.plusSeconds(120), 3.0);
        clock.now = clock.now.plusSeconds(31);
        pipeline.tick();
        assertThat(of(AlertType.DATA_GAP, AlertState.RAISED)).hasSize(1);
        Pipeline restarted = newPipeline();
        restarted.restore();
        pipeline = restarted;
        send(2, t.plusSeconds(60), 3.0);
        assertThat(of(AlertType.DATA_GAP, AlertState.CLEARED))
                .extracting(AlertEvent::alertId)
                .containsExactly(
                        of(AlertType.DATA_GAP, AlertState.RAISED).get(0).alertId());
    }

    @Test
    void noSilenceIsCountedWhileTheGatewayCannotListenNorBeforeItListensAgain() {
        send(1, clock.now, 3.0);
        clock.now = clock.now.plusSeconds(600);
        pipeline.tick(false); // the broker is away, or the store: nobody could have heard the probe
        assertThat(events).isEmpty();
        pipeline.listeningFrom(clock.now); // reconnected now
        clock.now = clock.now.plusSeconds(120);
        pipeline.tick(true);
        assertThat(events).isEmpty(); // within three intervals of listening again
        clock.now = clock.now.plusSeconds(61);
        pipeline.tick(true);
        assertThat(of(AlertType.PROBE_SILENT, AlertState.RAISED)).hasSize(1);
    }

    @Test
    void aProbeSilentForThreeIntervalsAlertsAndClearsWhenItSpeaksAgain() {
        send(1, clock.now, 3.0);
        clock.now = clock.now.plusSeconds(170);
        pipeline.tick();
        assertThat(events).isEmpty(); // within three 60 s intervals
        clock.now = clock.now.plusSeconds(20);
        pipeline.tick();
        assertThat(events)
                .extracting(AlertEvent::type, AlertEvent::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertType.PROBE_SILENT, AlertState.RAISED));
        pipeline.tick();
        assertThat(events).hasSize(1); // raised once
        send(2, clock.now, 3.0);
        assertThat(events).hasSize(2);
        assertThat(events.get(1).state()).isEqualTo(AlertState.CLEARED);
        assertThat(events.get(1).alertId()).isEqualTo(events.get(0).alertId());
    }

    @Test
    void decidedAlertsWaitInTheOutboxAndARetriedBatchDecidesNothingTwice() throws Exception {
        Instant t = clock.now.minusSeconds(3600);
        List<Pipeline.Message> batch = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            String json = "{\"seq\": %d, \"ts\": \"%s\", \"probe\": \"chilled\", \"tempC\": 9.0}"
                    .formatted(i, t.plusSeconds(60L * i));
            batch.add(new Pipeline.Message("t", "S1", json.getBytes(StandardCharsets.UTF_8)));
        }
        pipeline.process(batch);
        assertThat(events).extracting(AlertEvent::state).containsExactly(AlertState.RAISED);
        // saved with the rule state, for the relay to publish
        var outbox = new io.coldchain.gateway.store.AlertOutbox(dataSource, "test-gateway");
        assertThat(outbox.next(10))
                .extracting(p -> p.event().alertId())
                .containsExactly(events.get(0).alertId());
        pipeline.process(batch); // the gateway retries an unacknowledged batch: all duplicates now
        assertThat(events).hasSize(1);
        assertThat(outbox.size()).isEqualTo(1);
    }

    @Test
    void readingsStoredBehindThePipelinesBackAreDuplicatesNotStoredTwice() throws Exception {
        // two gateways at a handover: B has sequenced S1 up to seq 1, A then stores 2 and 3
        GatewayMetrics metrics = new GatewayMetrics();
        Pipeline b = newPipeline(metrics);
        Instant t = clock.now.minusSeconds(600);
        b.process(List.of(message("S1", 1, t)));
        pipeline.process(List.of(message("S1", 2, t.plusSeconds(60)), message("S1", 3, t.plusSeconds(120))));
        // B believes 2 and 3 are new (past its sequencer): the store finds out and de-duplicates
        b.process(List.of(
                message("S1", 2, t.plusSeconds(60)),
                message("S1", 3, t.plusSeconds(120)),
                message("S1", 4, t.plusSeconds(180))));
        assertThat(count("select count(*) from telemetry where device_id = 'S1'"))
                .isEqualTo(4);
        assertThat(metrics.readingsStored.get()).isEqualTo(2); // 1 and 4
        assertThat(metrics.duplicates.get()).isEqualTo(2);
        // and a batch that repeats a reading within itself stores it once
        b.process(List.of(message("S1", 5, t.plusSeconds(240)), message("S1", 5, t.plusSeconds(240))));
        assertThat(count("select count(*) from telemetry where device_id = 'S1'"))
                .isEqualTo(5);
        assertThat(metrics.duplicates.get()).isEqualTo(3);
    }

    static Pipeline.Message message(String device, long seq, Instant ts) {
        String json = "{\"seq\": %d, \"ts\": \"%s\", \"probe\": \"chilled\", \"tempC\": 3.0}".formatted(seq, ts);
        return new Pipeline.Message("t", device, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anOpenSilentProbeAlertSurvivesARestart() {
        send(1, clock.now, 3.0);
        clock.now = clock.now.plusSeconds(200);
        pipeline.tick();
        assertThat(events).hasSize(1);
        Pipeline restarted = newPipeline();
        restarted.restore();
        pipeline = restarted;
        restarted.tick();
        assertThat(events).hasSize(1); // not raised twice
        send(2, clock.now, 3.0);
        assertThat(events).hasSize(2);
        assertThat(events.get(1).state()).isEqualTo(AlertState.CLEARED);
        assertThat(events.get(1).alertId()).isEqualTo(events.get(0).alertId());
    }

    @Test
    void aSequenceGapIsWaitedForThenSkipped() {
        Instant t = clock.now.minusSeconds(3600);
        send(1, t, 3.0);
        // seq 2 never comes; 3.. show a long excursion that must still be judged
        for (int i = 3; i <= 25; i++) {
            send(i, t.plusSeconds(60L * i), 9.0);
        }
        assertThat(events).isEmpty(); // held behind the gap
        clock.now = clock.now.plusSeconds(31);
        pipeline.tick();
        assertThat(events).extracting(AlertEvent::state).contains(AlertState.RAISED);
    }

    @Test
    void ruleStateThatAnnouncesNothingIsSavedLateAndACrashBeforeThatLosesNoDecision() throws Exception {
        Instant t = clock.now.minusSeconds(3600);
        for (int i = 1; i <= 10; i++) {
            send(i, t.plusSeconds(60L * (i - 1)), 9.0); // warm for 9 minutes: no alert yet (15 min)
        }
        assertThat(events).isEmpty();
        // the first batch saved at once, the next nine wait (the clock has not moved)
        assertThat(count("select next_seq from device_sequence where device_id = 'S1'"))
                .isEqualTo(2);
        Pipeline restarted = newPipeline(); // a crash: nothing flushed
        restarted.restore();
        pipeline = restarted;
        for (int i = 11; i <= 20; i++) {
            send(i, t.plusSeconds(60L * (i - 1)), 9.0);
        }
        List<AlertEvent> raised = of(AlertType.TEMPERATURE_HIGH, AlertState.RAISED);
        assertThat(raised).hasSize(1);
        assertThat(raised.get(0).startedAt()).isEqualTo(t); // judged from the stored readings
        clock.now = clock.now.plus(Pipeline.STATE_SAVE_EVERY);
        send(21, t.plusSeconds(60L * 20), 9.0);
        assertThat(count("select next_seq from device_sequence where device_id = 'S1'"))
                .isEqualTo(22);
        assertThat(of(AlertType.TEMPERATURE_HIGH, AlertState.RAISED)).hasSize(1);
    }

    @Test
    void flushSavesWhatWaits() throws Exception {
        Instant t = clock.now.minusSeconds(3600);
        send(1, t, 3.0);
        send(2, t.plusSeconds(60), 3.0);
        assertThat(count("select next_seq from device_sequence where device_id = 'S1'"))
                .isEqualTo(2);
        pipeline.flush();
        assertThat(count("select next_seq from device_sequence where device_id = 'S1'"))
                .isEqualTo(3);
    }
}
