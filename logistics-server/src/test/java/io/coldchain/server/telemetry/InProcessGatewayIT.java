package io.coldchain.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.gateway.Gateway;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.mqtt.MqttBrokerAddress;
import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The server's in-process gateway: a demo locker's device, bound by the registry through the
 * broker, publishes an excursion and the alert event comes out on {@code events/alerts}.
 */
@IntegrationTest
class InProcessGatewayIT {

    @Autowired
    MqttBrokerAddress broker;

    @Autowired
    ColdchainProperties properties;

    @Autowired
    Gateway gateway;

    @Test
    void demoLockerExcursionBecomesAnAlertEvent() throws Exception {
        var topics = properties.mqtt().topics();
        // the registry's retained binding of the demo locker reached the gateway
        await().atMost(Duration.ofSeconds(20))
                .until(() -> gateway.registry().get("LB-0001").isPresent());
        List<String> events = new CopyOnWriteArrayList<>();
        MqttClient device = new MqttClient(broker.url(), "it-device-" + UUID.randomUUID(), new MemoryPersistence());
        device.connect();
        IMqttMessageListener listener = (t, m) -> events.add(new String(m.getPayload(), StandardCharsets.UTF_8));
        device.subscribe(
                new MqttSubscription[] {new MqttSubscription(topics.alerts(), 1)},
                new IMqttMessageListener[] {listener});
        Instant base = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        StringBuilder batch = new StringBuilder("[");
        for (int m = 0; m < 40; m++) {
            double temp = m >= 5 && m < 25 ? 8.0 : 3.0;
            batch.append(m == 0 ? "" : ",")
                    .append("{\"seq\": %d, \"ts\": \"%s\", \"probe\": \"chilled\", \"tempC\": %s}"
                            .formatted(m + 1, base.plus(m, ChronoUnit.MINUTES), temp));
        }
        batch.append(']');
        device.publish(
                topics.telemetry("LB-0001"),
                new MqttMessage(batch.toString().getBytes(StandardCharsets.UTF_8), 1, false, new MqttProperties()));
        await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().anyMatch(e -> e.contains("\"CLEARED\"")));
        assertThat(events).anyMatch(e -> e.contains("\"RAISED\"") && e.contains("\"assetId\":\"LB-0001/CHILLED\""));
        device.disconnect();
        device.close();
    }

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @Test
    void theGatewaysFiguresAreExportedForPrometheusAndReadinessSaysWhatItChecks() throws Exception {
        var topics = properties.mqtt().topics();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> gateway.registry().get("LB-0002").isPresent());
        ApiClient admin = ApiClient.as(port, "admin", "demo");
        double before = metric(admin, "coldchain_gateway_dead_letters_total", "reason=\"malformed\"");
        MqttClient device = new MqttClient(broker.url(), "it-device-" + UUID.randomUUID(), new MemoryPersistence());
        device.connect();
        device.publish(
                topics.telemetry("LB-0002"),
                new MqttMessage("{not json".getBytes(StandardCharsets.UTF_8), 1, false, new MqttProperties()));
        device.disconnect();
        device.close();
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        metric(admin, "coldchain_gateway_dead_letters_total", "reason=\"malformed\"") == before + 1);

        String text = admin.get("/actuator/prometheus").raw();
        assertThat(text)
                .contains("coldchain_gateway_readings_stored_total{")
                .contains("coldchain_gateway_messages_total{")
                .contains("coldchain_gateway_spool_bytes{")
                .contains("coldchain_gateway_broker_reconnects_total{")
                .contains("coldchain_sse_clients ")
                .contains("coldchain_alert_latency_seconds_count")
                .contains("coldchain_assignment_run_seconds_count")
                .contains("coldchain_wave_planning_seconds_count");
        // only an administrator reads the figures
        assertThat(ApiClient.anonymous(port).get("/actuator/prometheus").status())
                .isEqualTo(401);
        assertThat(ApiClient.as(port, "resident1", "demo")
                        .get("/actuator/prometheus")
                        .status())
                .isEqualTo(403);

        // probes: anyone sees UP or DOWN; the administrator sees what readiness checks
        assertThat(ApiClient.anonymous(port)
                        .get("/actuator/health/liveness")
                        .body()
                        .get("status")
                        .asString())
                .isEqualTo("UP");
        var readiness = admin.get("/actuator/health/readiness").body();
        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        assertThat(readiness.get("components").propertyNames())
                .contains("db", "mqtt", "telemetry", "spool", "readinessState");
    }

    /** The value of a Prometheus sample whose labels contain {@code label} (0 when absent). */
    static double metric(ApiClient admin, String name, String label) {
        for (String line : admin.get("/actuator/prometheus").raw().split("\n")) {
            if (line.startsWith(name + "{") && line.contains(label)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
