package io.coldchain.server.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.gateway.contract.Topics;
import io.coldchain.server.mqtt.EventSubscriber;
import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.IntegrationTest;
import io.coldchain.server.testing.OrderFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The server consumes alert events as a careful consumer must: each (alertId, state) once, a stale
 * update and an update after CLEARED changing nothing; staff acknowledge and filter; an alert nobody
 * acknowledges escalates with a notification to quality.
 */
@IntegrationTest
@TestPropertySource(properties = {"coldchain.quality.escalate-after=2s"})
class AlertConsumptionIT {

    @LocalServerPort
    int port;

    @Value("${coldchain.mqtt.url}")
    String brokerUrl;

    @Value("${coldchain.mqtt.topic-root}")
    String root;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Alerts alerts;

    @Autowired
    EventSubscriber events;

    /** Alert events are not retained: publish only once the server's session subscribes. */
    @BeforeEach
    void serverIsListening() {
        await().atMost(Duration.ofSeconds(20)).until(events::isSubscribed);
    }

    void publish(String id, String state, Instant ts, Double peak, Instant ended) throws Exception {
        publish("LB-0009", "FROZEN", id, state, ts, peak, ended);
    }

    void publish(String bank, String zone, String id, String state, Instant ts, Double peak, Instant ended)
            throws Exception {
        String event = "{\"alertId\":\"" + id + "\",\"state\":\"" + state + "\",\"type\":\"TEMPERATURE_HIGH\","
                + "\"deviceId\":\"" + bank + "\",\"probe\":\"" + zone.toLowerCase(java.util.Locale.ROOT)
                + "\",\"assetId\":\"" + bank + "/" + zone + "\",\"zone\":\"" + zone + "\","
                + "\"startedAt\":\"2026-11-22T10:00:00Z\",\"endedAt\":" + (ended == null ? "null" : "\"" + ended + "\"")
                + ",\"peakC\":" + peak + ",\"degreeMinutes\":" + peak * 2 + ",\"ts\":\"" + ts + "\"}";
        MqttClient client = new MqttClient(brokerUrl, "it-" + UUID.randomUUID(), new MemoryPersistence());
        client.connect();
        io.coldchain.gateway.testing.TestMqtt.publish(
                client, new Topics(root).alerts(), event.getBytes(StandardCharsets.UTF_8), false);
        client.disconnect();
        client.close();
    }

    JsonNode alert(ApiClient quality, String id) {
        return quality.get("/api/v1/alerts/" + id).body();
    }

    @Test
    void eachEventIsAppliedOnceAndLateOnesChangeNothing() throws Exception {
        ApiClient quality = ApiClient.as(port, "quality", "demo");
        String id = "c-" + UUID.randomUUID();
        Instant t = Instant.parse("2026-11-22T10:15:00Z");
        publish(id, "RAISED", t, -11.0, null);
        publish(id, "RAISED", t, -11.0, null); // redelivered
        await().atMost(Duration.ofSeconds(15))
                .until(() -> quality.get("/api/v1/alerts/" + id).status() == 200);
        publish(id, "UPDATED", t.plusSeconds(120), -9.0, null);
        publish(id, "UPDATED", t.plusSeconds(60), -10.0, null); // older, arriving late
        await().atMost(Duration.ofSeconds(15))
                .until(() -> alert(quality, id).get("peakC").asDouble() == -9.0);
        publish(id, "CLEARED", t.plusSeconds(600), -9.0, t.plusSeconds(540));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> alert(quality, id).get("gatewayState").asString().equals("CLEARED"));
        publish(id, "UPDATED", t.plusSeconds(700), -5.0, null); // after the clearing
        Thread.sleep(1_500); // nothing to wait for: it must not change anything
        JsonNode a = alert(quality, id);
        assertThat(a.get("gatewayState").asString()).isEqualTo("CLEARED");
        assertThat(a.get("peakC").asDouble()).isEqualTo(-9.0);
        assertThat(a.get("endedAt").asString()).isEqualTo(t.plusSeconds(540).toString());
        assertThat(a.get("history")).extracting(h -> h.get("kind").asString()).containsExactly("RAISED", "CLEARED");
        // staff filter and acknowledge
        JsonNode listed =
                quality.get("/api/v1/alerts?assetId=LB-0009/FROZEN&status=OPEN").body();
        assertThat(listed).extracting(x -> x.get("alertId").asString()).contains(id);
        assertThat(quality.get("/api/v1/alerts?status=BOGUS").status()).isEqualTo(400);
        ApiClient.Response acked = quality.post("/api/v1/alerts/" + id + "/acknowledge", Map.of("comment", "seen"));
        assertThat(acked.status()).isEqualTo(200);
        assertThat(acked.body().get("history").get(2).get("actor").asString()).isEqualTo("quality");
        assertThat(acked.body().get("history").get(2).get("comment").asString()).isEqualTo("seen");
        // an alert that touched nothing resolves with no dispositions; unknown alerts are 404
        ApiClient.Response resolved = quality.post(
                "/api/v1/alerts/" + id + "/resolve", Map.of("comment", "no goods there", "dispositions", List.of()));
        assertThat(resolved.status()).as(resolved.raw()).isEqualTo(200);
        assertThat(quality.get("/api/v1/alerts/none-such").status()).isEqualTo(404);
        assertThat(quality.post("/api/v1/alerts/none-such/acknowledge", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(ApiClient.as(port, "resident1", "demo").get("/api/v1/alerts").status())
                .isEqualTo(403);
    }

    @Test
    void aZoneUnderAnOpenExcursionTakesNoNewParcelsUntilItClears() throws Exception {
        ApiClient resident = ApiClient.as(port, "resident1", "demo");
        ApiClient dispatcher = ApiClient.as(port, "dispatcher", "demo");
        String id = "w-" + UUID.randomUUID();
        publish("LB-0003", "CHILLED", id, "RAISED", Instant.now(), 9.5, null);
        ApiClient quality = ApiClient.as(port, "quality", "demo");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> quality.get("/api/v1/alerts/" + id).status() == 200);

        long chilled = OrderFixtures.place(resident, OrderFixtures.lockerOrder("LB-0003", "MILK-1L", 1))
                .body()
                .get("id")
                .asLong();
        long frozen = OrderFixtures.place(resident, OrderFixtures.lockerOrder("LB-0003", "PEAS-FRZ-1KG", 1))
                .body()
                .get("id")
                .asLong();
        JsonNode run = dispatcher.post("/api/v1/assignment-runs", Map.of()).body();
        assertThat(run.get("avoided"))
                .filteredOn(a -> a.get("alertId").asString().equals(id))
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.get("lockerBankId").asString()).isEqualTo("LB-0003");
                    assertThat(a.get("zone").asString()).isEqualTo("CHILLED");
                });
        assertThat(run.get("unplaced"))
                .filteredOn(u -> u.get("orderId").asLong() == chilled)
                .singleElement()
                .satisfies(u -> assertThat(u.get("reason").asString())
                        .contains("LB-0003")
                        .contains("CHILLED zone under an open TEMPERATURE_HIGH alert"));
        assertThat(state(resident, chilled)).isEqualTo("PLACED");
        assertThat(state(resident, frozen)).as("the bank's frozen zone is fine").isEqualTo("ASSIGNED");

        // the excursion ends: the next run fills the zone again
        publish("LB-0003", "CHILLED", id, "CLEARED", Instant.now(), 9.5, Instant.now());
        await().atMost(Duration.ofSeconds(15))
                .until(() -> alert(quality, id).get("gatewayState").asString().equals("CLEARED"));
        JsonNode after = dispatcher.post("/api/v1/assignment-runs", Map.of()).body();
        assertThat(after.get("avoided"))
                .noneMatch(a -> a.get("alertId").asString().equals(id));
        assertThat(state(resident, chilled)).isEqualTo("ASSIGNED");
    }

    private static String state(ApiClient resident, long order) {
        return resident.get("/api/v1/orders/" + order).body().get("state").asString();
    }

    @Test
    void anAlertNobodyAcknowledgesEscalates() throws Exception {
        String id = "e-" + UUID.randomUUID();
        publish(id, "RAISED", Instant.now(), -10.0, null);
        ApiClient quality = ApiClient.as(port, "quality", "demo");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> quality.get("/api/v1/alerts/" + id).status() == 200);
        Thread.sleep(2_100); // the escalation limit of this test
        assertThat(alerts.escalateDue()).isPositive();
        JsonNode a = alert(quality, id);
        assertThat(a.get("escalated").asBoolean()).isTrue();
        assertThat(a.get("history")).extracting(h -> h.get("kind").asString()).contains("ESCALATED");
        assertThat(jdbc.sql("select count(*) from notification where role = 'QUALITY' and alert_id = ?")
                        .param(id)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(alerts.escalateDue()).isZero(); // once
    }
}
