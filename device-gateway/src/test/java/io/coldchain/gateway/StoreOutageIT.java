package io.coldchain.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.gateway.embedded.EmbeddedPostgresServer;
import io.coldchain.gateway.testing.TestMqtt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The telemetry store goes down mid-stream and comes back: the gateway acknowledges nothing while
 * it is down (the broker keeps the messages), and afterwards every published reading is stored
 * exactly once. Uses an in-process PostgreSQL it can stop and start, and the shared test broker.
 */
class StoreOutageIT {

    @TempDir
    Path dir;

    @Test
    void readingsPublishedDuringAnOutageAreSpooledAndStoredExactlyOnce() throws Exception {
        Gateway gateway = outage(Gateway.Config.DEFAULT_SPOOL_BYTES);
        assertThat(gateway.metrics().spooledBatches.get()).isPositive();
    }

    @Test
    void withAFullSpoolNothingIsAcknowledgedAndStillNothingIsLost() throws Exception {
        Gateway gateway = outage(1);
        assertThat(gateway.metrics().spooledBatches.get()).isZero();
    }

    /** Runs the outage scenario; returns the (closed) gateway for its metrics. */
    private Gateway outage(long spoolBytes) throws Exception {
        TestMqtt.Endpoint mqtt = TestMqtt.endpoint();
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), 0);
        int port = pg.port();
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(pg.jdbcUrl("postgres"));
        dataSource.setUsername(pg.username());
        dataSource.setConnectionTimeout(1_000);
        dataSource.setInitializationFailTimeout(-1);
        MqttClient device = new MqttClient(mqtt.url(), mqtt.clientId("device"), new MemoryPersistence());
        device.connect();
        device.publish(
                mqtt.topics().deviceConfig("D9"),
                new MqttMessage(
                        ("{\"deviceId\":\"D9\",\"reportingIntervalS\":60,\"probes\":{\"chilled\":"
                                        + "{\"assetId\":\"D9/CHILLED\",\"assetKind\":\"LOCKER_ZONE\",\"zone\":\"CHILLED\"}}}")
                                .getBytes(StandardCharsets.UTF_8),
                        1,
                        true,
                        new MqttProperties()));
        Gateway gateway = Gateway.start(
                Gateway.Config.of(mqtt.url(), mqtt.topics(), mqtt.clientId("gw"), "gw-" + UUID.randomUUID())
                        .withGapTimeout(Duration.ofSeconds(5))
                        .withBatchSize(100)
                        .withSpool(dir.resolve("spool"), spoolBytes),
                dataSource);
        Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        try {
            for (int i = 1; i <= 300; i++) {
                if (i == 100) {
                    await().atMost(Duration.ofSeconds(20)).until(() -> stored(dataSource) == 99);
                    pg.close(); // the store goes away mid-stream
                }
                if (i == 250) {
                    // the outage lasts until the gateway has met it (a restart can be quicker than the pool's
                    // connection timeout, and then there was no outage to see)
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> gateway.metrics().storeUnavailable.get() > 0);
                    pg = EmbeddedPostgresServer.start(dir.resolve("pg"), port);
                }
                String reading = "{\"seq\": %d, \"ts\": \"%s\", \"probe\": \"chilled\", \"tempC\": 3.0}"
                        .formatted(i, base.plusSeconds(i));
                TestMqtt.publish(
                        device, mqtt.topics().telemetry("D9"), reading.getBytes(StandardCharsets.UTF_8), false);
            }
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        try {
                            return stored(dataSource) == 300;
                        } catch (Exception e) {
                            return false;
                        }
                    });
            try (Connection c = dataSource.getConnection();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "select count(distinct seq), min(seq), max(seq) from telemetry where device_id = 'D9'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(300);
                assertThat(rs.getLong(2)).isEqualTo(1);
                assertThat(rs.getLong(3)).isEqualTo(300);
            }
            return gateway;
        } finally {
            gateway.close();
            device.publish(
                    mqtt.topics().deviceConfig("D9"), new MqttMessage(new byte[0], 1, true, new MqttProperties()));
            device.disconnect();
            device.close();
            dataSource.close();
            pg.close();
        }
    }

    private static long stored(HikariDataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from telemetry")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
