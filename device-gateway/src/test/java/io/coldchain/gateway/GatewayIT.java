package io.coldchain.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.gateway.testing.TestMqtt;
import io.coldchain.gateway.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The gateway end to end against a real broker and PostgreSQL: from an MQTT publish to an alert event. */
class GatewayIT {

    static final Instant BASE = Instant.now().minus(4, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    final JsonMapper json = JsonMapper.builder().build();

    TestMqtt.Endpoint mqtt;
    HikariDataSource dataSource;
    MqttClient device;
    List<JsonNode> alerts = new CopyOnWriteArrayList<>();
    Gateway gateway;
    String clientId;

    @BeforeEach
    void setUp() throws Exception {
        mqtt = TestMqtt.endpoint();
        dataSource = TestPostgres.freshDatabase().pooled();
        device = new MqttClient(mqtt.url(), mqtt.clientId("device"), new MemoryPersistence());
        device.connect();
        IMqttMessageListener listener =
                (t, m) -> alerts.add(json.readTree(new String(m.getPayload(), StandardCharsets.UTF_8)));
        device.subscribe(
                new MqttSubscription[] {new MqttSubscription(mqtt.topics().alerts(), 1)},
                new IMqttMessageListener[] {listener});
        clientId = mqtt.clientId("gateway");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        for (String id : List.of("D1", "D2")) {
            retained(mqtt.topics().deviceConfig(id), "");
        }
        device.disconnect();
        device.close();
        dataSource.close();
    }

    Gateway startGateway() {
        return Gateway.start(
                Gateway.Config.of(mqtt.url(), mqtt.topics(), clientId, "gw-" + clientId)
                        .withGapTimeout(Duration.ofSeconds(5))
                        .withBatchSize(200),
                dataSource);
    }

    void bind(String deviceId) throws Exception {
        retained(
                mqtt.topics().deviceConfig(deviceId),
                """
                {"deviceId": "%s", "reportingIntervalS": 60,
                 "probes": {"chilled": {"assetId": "%s/CHILLED", "assetKind": "LOCKER_ZONE", "zone": "CHILLED"}}}
                """
                        .formatted(deviceId, deviceId));
    }

    void retained(String topic, String payload) throws Exception {
        TestMqtt.publish(device, topic, payload.getBytes(StandardCharsets.UTF_8), true);
    }

    void send(String deviceId, String payload) throws Exception {
        TestMqtt.publish(device, mqtt.topics().telemetry(deviceId), payload.getBytes(StandardCharsets.UTF_8), false);
    }

    static String reading(long seq, int minute, double temp) {
        return "{\"seq\": %d, \"ts\": \"%s\", \"probe\": \"chilled\", \"tempC\": %s}"
                .formatted(seq, BASE.plus(minute, ChronoUnit.MINUTES), temp);
    }

    /** The contract's excursion scenario: 10 min fine, 20 min at 7 C, 30 min fine. */
    static List<String> excursion() {
        List<String> readings = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            readings.add(reading(m + 1, m, m >= 10 && m < 30 ? 7.0 : 3.0));
        }
        return readings;
    }

    long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    List<JsonNode> alertsOf(String deviceId, String state) {
        return alerts.stream()
                .filter(a -> a.get("deviceId").asString().equals(deviceId)
                        && a.get("state").asString().equals(state))
                .toList();
    }

    @Test
    void excursionFromPublishToAlertEventsAndEveryReadingStoredOnce() throws Exception {
        bind("D1");
        gateway = startGateway();
        for (String r : excursion()) {
            send("D1", r);
        }
        // redelivery / device retry: the same readings again change nothing
        for (String r : excursion().subList(20, 40)) {
            send("D1", r);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> alertsOf("D1", "CLEARED").size() == 1);
        JsonNode raised = alertsOf("D1", "RAISED").get(0);
        JsonNode cleared = alertsOf("D1", "CLEARED").get(0);
        assertThat(alertsOf("D1", "RAISED")).hasSize(1);
        assertThat(raised.get("type").asString()).isEqualTo("TEMPERATURE_HIGH");
        assertThat(raised.get("assetId").asString()).isEqualTo("D1/CHILLED");
        assertThat(raised.get("zone").asString()).isEqualTo("CHILLED");
        assertThat(Instant.parse(raised.get("startedAt").asString())).isEqualTo(BASE.plus(10, ChronoUnit.MINUTES));
        assertThat(cleared.get("alertId").asString())
                .isEqualTo(raised.get("alertId").asString());
        assertThat(cleared.get("peakC").asDouble()).isEqualTo(7.0);
        assertThat(cleared.get("degreeMinutes").asDouble()).isEqualTo(40.0);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> count("select count(*) from telemetry where device_id = 'D1'") == 60);
        assertThat(gateway.metrics().duplicates.get()).isEqualTo(20);
    }

    @Test
    void badPayloadsGoToTheDeadLetterStoreAndTheGatewayKeepsServing() throws Exception {
        bind("D2");
        gateway = startGateway();
        List<String> corpus = List.of(
                "{\"seq\": 1, \"ts\": ",
                "{\"seq\": 900, \"ts\": \"" + BASE + "\"}",
                "{\"seq\": 901, \"ts\": \"" + BASE + "\", \"probe\": \"chilled\", \"tempC\": \"hot\"}",
                "{\"seq\": 902, \"ts\": \"" + BASE + "\", \"probe\": \"chilled\", \"tempC\": 500}",
                "{\"seq\": 903, \"ts\": \"" + Instant.now().plus(2, ChronoUnit.DAYS)
                        + "\", \"probe\": \"chilled\", \"tempC\": 3}",
                "{\"seq\": 904, \"ts\": \"" + BASE + "\", \"probe\": \"nope\", \"tempC\": 3}",
                "[1, 2, 3]",
                "null",
                "\"x\"".repeat(1000),
                "x".repeat(1_100_000));
        for (String bad : corpus) {
            send("D2", bad);
        }
        send("UNKNOWN-" + UUID.randomUUID().toString().substring(0, 6), reading(1, 0, 3.0));
        send("D2", reading(1, 0, 3.0));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count("select count(*) from telemetry where device_id = 'D2'") == 1);
        // the array holds three bad elements
        await().atMost(Duration.ofSeconds(10))
                .until(() -> count("select count(*) from dead_letter") == corpus.size() + 2 + 1);
        assertThat(count("select count(*) from dead_letter where reason like 'unknown device%'"))
                .isEqualTo(1);
        assertThat(count("select count(*) from dead_letter where reason like '%exceeds%'"))
                .isEqualTo(1);
        assertThat(count("select count(*) from dead_letter where reason like 'device D2 has no probe%'"))
                .isEqualTo(1);
        assertThat(gateway.metrics().deadLetters.get()).isEqualTo(corpus.size() + 3);
        assertThat(alertsOf("D2", "RAISED")).isEmpty();
    }

    @Test
    void restartMidStreamLosesNothingAndKeepsTheOpenExcursion() throws Exception {
        bind("D1");
        gateway = startGateway();
        List<String> readings = excursion();
        for (String r : readings.subList(0, 27)) {
            send("D1", r);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> alertsOf("D1", "RAISED").size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("select count(*) from telemetry") == 27);
        gateway.close();
        gateway = null;
        // published while the gateway is down: the broker keeps them for its persistent session
        for (String r : readings.subList(27, 60)) {
            send("D1", r);
        }
        gateway = startGateway();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> alertsOf("D1", "CLEARED").size() == 1);
        assertThat(alertsOf("D1", "RAISED")).hasSize(1);
        assertThat(alertsOf("D1", "CLEARED").get(0).get("alertId").asString())
                .isEqualTo(alertsOf("D1", "RAISED").get(0).get("alertId").asString());
        await().atMost(Duration.ofSeconds(10)).until(() -> count("select count(*) from telemetry") == 60);
    }

    @Test
    void killedMidStreamAndRestartedStoresEveryReadingOnceAndClears() throws Exception {
        bind("D1");
        gateway = startGateway();
        List<String> readings = excursion();
        for (String r : readings.subList(0, 40)) {
            send("D1", r);
        }
        gateway.kill(); // whatever was in flight is not acknowledged
        gateway = null;
        for (String r : readings.subList(40, 60)) {
            send("D1", r);
        }
        gateway = startGateway();
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from telemetry") == 60);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> alertsOf("D1", "CLEARED").size() == 1);
        assertThat(count("select count(distinct seq) from telemetry")).isEqualTo(60);
        assertThat(alertsOf("D1", "RAISED")).hasSize(1);
    }

    @Test
    void shuffledStoreAndForwardBatchesAreJudgedWhole() throws Exception {
        bind("D1");
        gateway = startGateway();
        List<String> readings = new ArrayList<>(excursion());
        java.util.Collections.shuffle(readings, new java.util.Random(7));
        int third = readings.size() / 3;
        send("D1", "[" + String.join(",", readings.subList(0, third)) + "]");
        send("D1", "[" + String.join(",", readings.subList(third, 2 * third)) + "]");
        send("D1", "[" + String.join(",", readings.subList(2 * third, readings.size())) + "]");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> alertsOf("D1", "CLEARED").size() == 1);
        assertThat(alertsOf("D1", "RAISED")).hasSize(1);
        assertThat(Instant.parse(
                        alertsOf("D1", "RAISED").get(0).get("startedAt").asString()))
                .isEqualTo(BASE.plus(10, ChronoUnit.MINUTES));
    }
}
