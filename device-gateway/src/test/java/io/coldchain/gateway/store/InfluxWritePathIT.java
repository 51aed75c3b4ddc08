package io.coldchain.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.gateway.contract.Reading;
import io.coldchain.gateway.testing.EmbeddedQuestDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The InfluxDB write path (line protocol through the v2 write API) against a real line-protocol
 * server: QuestDB embedded, which serves {@code /api/v2/write}; the points are read back over its
 * PostgreSQL port.
 */
class InfluxWritePathIT {

    @TempDir
    Path dir;

    @Test
    void batchesOfReadingsArriveAsPoints() throws Exception {
        try (EmbeddedQuestDb questdb = EmbeddedQuestDb.start(dir)) {
            try (InfluxTelemetryStore store = new InfluxTelemetryStore(
                    new InfluxTelemetryStore.Config(questdb.httpUrl(), "token", "org", "bucket", "db"))) {
                Instant t0 = Instant.parse("2026-11-22T06:00:00Z");
                List<Reading> readings = new ArrayList<>();
                for (int i = 1; i <= 500; i++) {
                    readings.add(new Reading(
                            "LB, 1",
                            i,
                            t0.plusSeconds(i),
                            i % 2 == 0 ? "chilled" : "frozen",
                            i % 2 == 0 ? 3.5 : -19.0,
                            i % 10 == 0,
                            80,
                            null,
                            null));
                }
                assertThat(store.store(readings)).hasSize(500);
                assertThat(store.store(readings.subList(0, 10))).isEmpty(); // already written by this process
                // the gateway's figures and alert events, for the Grafana dashboards
                store.recordStats("gateway-1", Instant.now(), java.util.Map.of("messages", 500L, "spool_bytes", 0L));
                store.recordAlerts(List.of(new io.coldchain.gateway.contract.AlertEvent(
                        "a-1",
                        io.coldchain.gateway.contract.AlertState.RAISED,
                        io.coldchain.gateway.contract.AlertType.TEMPERATURE_HIGH,
                        "LB, 1",
                        "chilled",
                        "LB, 1/CHILLED",
                        io.coldchain.gateway.contract.TemperatureZone.CHILLED,
                        Instant.now(),
                        null,
                        7.5,
                        12.0,
                        Instant.now(),
                        null,
                        null)));
            }
            questdb.awaitTable("telemetry");
            questdb.awaitTable("gateway");
            questdb.awaitTable("alert");
            try (Connection c = DriverManager.getConnection(questdb.jdbcUrl(), "admin", "quest")) {
                await().atMost(Duration.ofSeconds(20)).until(() -> count(c, "select count(*) from telemetry") >= 500);
                assertThat(count(c, "select count(*) from telemetry where device = 'LB, 1' and probe = 'chilled'"))
                        .isEqualTo(250);
                assertThat(count(c, "select max(seq) from telemetry")).isEqualTo(500);
                assertThat(count(c, "select count(*) from telemetry where door_open"))
                        .isGreaterThanOrEqualTo(50);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> count(c, "select max(messages) from gateway") == 500);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> count(c, "select count(*) from alert where asset = 'LB, 1/CHILLED'") == 1);
            }
        }
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
