package io.coldchain.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.gateway.contract.AlertType;
import io.coldchain.gateway.rules.AlertBook;
import io.coldchain.gateway.testing.TestPostgres;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rule state saved in one statement per table comes back as it was saved, nulls and all. */
class RuleStateStoreIT {

    static HikariDataSource dataSource;
    static RuleStateStore store;
    static final Instant T0 = Instant.parse("2026-11-22T06:00:00.123456Z");

    @BeforeAll
    static void setUp() {
        dataSource = TestPostgres.freshDatabase().pooled();
        PostgresTelemetryStore.migrate(dataSource);
        store = new RuleStateStore(dataSource, new AlertOutbox(dataSource, "test-gateway"));
    }

    @AfterAll
    static void tearDown() {
        dataSource.close();
    }

    @Test
    void probesAndSequencesRoundTripAndTheLastSaveWins() {
        AlertBook.Entry raised = new AlertBook.Entry("a-1", AlertType.TEMPERATURE_HIGH, T0, false, T0, 9.5, 12.25);
        store.save(
                List.of(
                        new RuleStateStore.ProbeState("D1", "chilled", T0, List.of(raised), T0.plusSeconds(5), null),
                        new RuleStateStore.ProbeState("D1", "frozen", null, List.of(), null, "s-1"),
                        // the same probe twice in one save: the later state is the one kept
                        new RuleStateStore.ProbeState("D2", "chilled", null, List.of(), T0, null),
                        new RuleStateStore.ProbeState("D2", "chilled", T0, List.of(), T0.plusSeconds(9), null)),
                List.of(
                        new RuleStateStore.DeviceState("D1", 42, T0, List.of(), List.of()),
                        new RuleStateStore.DeviceState("D2", 7, null, List.of(), List.of())),
                List.of());
        // a later save updates in place
        store.save(
                List.of(),
                List.of(new RuleStateStore.DeviceState("D1", 43, T0.plusSeconds(60), List.of(), List.of())),
                List.of());

        assertThat(store.probes())
                .extracting(p -> p.deviceId() + "/" + p.probe() + " since=" + p.since() + " seen=" + p.lastSeen()
                        + " silent=" + p.silentAlert() + " announced=" + p.announced())
                .containsExactlyInAnyOrder(
                        "D1/chilled since=" + T0 + " seen=" + T0.plusSeconds(5) + " silent=null announced="
                                + List.of(raised),
                        "D1/frozen since=null seen=null silent=s-1 announced=[]",
                        "D2/chilled since=" + T0 + " seen=" + T0.plusSeconds(9) + " silent=null announced=[]");
        assertThat(store.devices())
                .extracting(d -> d.deviceId() + " next=" + d.next() + " lastTs=" + d.lastTs())
                .containsExactlyInAnyOrder("D1 next=43 lastTs=" + T0.plusSeconds(60), "D2 next=7 lastTs=null");
    }
}
