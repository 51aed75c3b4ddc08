package io.coldchain.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.gateway.contract.Topics;
import io.coldchain.gateway.embedded.EmbeddedMqttBroker;
import io.coldchain.gateway.sim.SimulatedDevice;
import io.coldchain.gateway.sim.Simulator;
import io.coldchain.gateway.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker (HiveMQ CE, the embedded mode's) restarted mid-stream: the gateway reconnects
 * and subscribes again, the devices upload what the broker did not take, RESEND brings back what
 * was lost in between, and afterwards every reading the devices produced is stored exactly once,
 * with no data gap left open and no probe taken for silent.
 */
class EmbeddedBrokerRestartIT {

    @TempDir
    Path dir;

    @Test
    void aRestartedEmbeddedBrokerLosesNothingTheDevicesHold() throws Exception {
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(dir.resolve("mqtt"), 0);
        int port = broker.port();
        Topics topics = new Topics("restart/" + Topics.DEFAULT_ROOT);
        List<SimulatedDevice> devices = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            devices.add(
                    new SimulatedDevice("HR-" + i, Map.of("chilled", TemperatureZone.CHILLED), false, 46.0, 9.0, i));
        }
        try (HikariDataSource dataSource = TestPostgres.freshDatabase().pooled()) {
            MqttClient binder = new MqttClient(broker.url(), "binder", new MemoryPersistence());
            binder.connect();
            for (SimulatedDevice d : devices) {
                String binding = ("{\"deviceId\":\"%s\",\"reportingIntervalS\":10,\"probes\":{\"chilled\":"
                                + "{\"assetId\":\"%s/CHILLED\",\"assetKind\":\"LOCKER_ZONE\",\"zone\":\"CHILLED\"}}}")
                        .formatted(d.deviceId(), d.deviceId());
                binder.publish(
                        topics.deviceConfig(d.deviceId()),
                        new MqttMessage(binding.getBytes(StandardCharsets.UTF_8), 1, true, new MqttProperties()));
            }
            binder.disconnect();
            binder.close();
            Gateway gateway = Gateway.start(
                    Gateway.Config.of(broker.url(), topics, "restart-gateway", "restart")
                            .withGapTimeout(Duration.ofSeconds(10))
                            .withSpool(dir.resolve("spool"), Gateway.Config.DEFAULT_SPOOL_BYTES),
                    dataSource);
            Simulator simulator = new Simulator(broker.url(), topics, devices, Duration.ofSeconds(1), 0);
            try {
                simulator.start();
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> count(dataSource, "select count(*) from telemetry") >= 40);
                broker.close();
                Thread.sleep(2_000);
                broker = EmbeddedMqttBroker.start(dir.resolve("mqtt"), port);
                assertThat(broker.port()).isEqualTo(port);
                // the devices reconnect, upload what the broker did not take, and keep producing
                await().atMost(Duration.ofSeconds(60)).until(() -> simulator.connected() && gateway.connected());
                long before = count(dataSource, "select count(*) from telemetry");
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> count(dataSource, "select count(*) from telemetry") >= before + 40);
            } finally {
                simulator.close();
            }
            long expected = devices.stream()
                    .mapToLong(d -> d.lastSeq() - d.firstSeq() + 1)
                    .sum();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> count(dataSource, "select count(*) from telemetry") >= expected);
            Thread.sleep(2_000);
            assertThat(count(dataSource, "select count(*) from telemetry")).isEqualTo(expected);
            assertThat(count(dataSource, "select count(*) from (select distinct device_id, seq from telemetry) d"))
                    .isEqualTo(expected);
            assertThat(count(dataSource, "select count(*) from data_gap where cleared_at is null"))
                    .isZero();
            assertThat(count(dataSource, "select count(*) from dead_letter")).isZero();
            assertThat(gateway.metrics().reconnects.get()).isPositive();
            gateway.close();
        } finally {
            broker.close();
        }
    }

    static long count(HikariDataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
