package io.coldchain.server.quality;

import static io.coldchain.server.testing.OrderFixtures.lockerOrder;
import static io.coldchain.server.testing.OrderFixtures.place;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.gateway.contract.Topics;
import io.coldchain.gateway.sim.LockerBankSimulator;
import io.coldchain.gateway.sim.SimulatedDevice;
import io.coldchain.gateway.sim.Simulator;
import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.Deliveries;
import io.coldchain.server.testing.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Quality end to end through the real broker: simulated telemetry drives an excursion in one locker
 * zone, the in-process gateway raises and clears it, the server holds exactly the orders whose
 * parcels sat there during it (not those dropped after it cleared, not those in another zone or
 * bank), a held order's pickup is refused, quality staff release one and discard another, and the
 * released one is collected. A vehicle compartment's excursion holds the orders loaded in it.
 */
@IntegrationTest
@TestPropertySource(properties = {"coldchain.quality.escalate-after=1h"})
class QualityHoldIT {

    @LocalServerPort
    int port;

    @Value("${coldchain.mqtt.url}")
    String brokerUrl;

    @Value("${coldchain.mqtt.topic-root}")
    String root;

    @Autowired
    JdbcClient jdbc;

    ApiClient dispatcher;
    ApiClient courier;
    ApiClient quality;
    ApiClient resident1;

    /** Makes a device's probes alert after 10 s outside and clear after 10 s back inside. */
    void quickRules(String deviceId, String owner, String kind) {
        ApiClient admin = ApiClient.as(port, "admin", "demo");
        JsonNode device = admin.get("/api/v1/devices/" + deviceId).body();
        Map<String, Object> probes = new LinkedHashMap<>();
        device.get("probes")
                .properties()
                .forEach(e -> probes.put(
                        e.getKey(),
                        Map.of(
                                "assetKind",
                                kind,
                                "ownerId",
                                owner,
                                "zone",
                                e.getValue().get("zone").asString(),
                                "forS",
                                10,
                                "clearS",
                                10)));
        ApiClient.Response updated = admin.put(
                "/api/v1/devices/" + deviceId,
                Map.of(
                        "id",
                        deviceId,
                        "reportingIntervalS",
                        60,
                        "probes",
                        probes,
                        "version",
                        device.get("version").asLong()));
        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
    }

    /** Simulated telemetry of one probe with an excursion at 8.5 C from 3 s to 23 s from now. */
    Simulator excursion(String deviceId, String probe) throws Exception {
        SimulatedDevice device =
                new SimulatedDevice(deviceId, Map.of(probe, TemperatureZone.CHILLED), false, 46.0, 9.0, 7).doorsShut();
        Instant now = Instant.now();
        device.script(new SimulatedDevice.Excursion(probe, now.plusSeconds(3), Duration.ofSeconds(20), 8.5));
        Simulator simulator = new Simulator(brokerUrl, new Topics(root), List.of(device), Duration.ofSeconds(1), 0);
        simulator.start();
        return simulator;
    }

    JsonNode alertOn(String asset, String gatewayState) {
        return await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> quality.get("/api/v1/alerts?assetId=" + asset + "&type=TEMPERATURE_HIGH")
                                .body(),
                        list -> list.size() > 0
                                && list.get(0).get("gatewayState").asString().equals(gatewayState))
                .get(0);
    }

    String state(long order) {
        return dispatcher.get("/api/v1/orders/" + order).body().get("state").asString();
    }

    @Test
    void anExcursionHoldsExactlyTheOrdersThatSatInItAndQualityDisposesOfThem() throws Exception {
        dispatcher = ApiClient.as(port, "dispatcher", "demo");
        courier = ApiClient.as(port, "courier", "demo");
        quality = ApiClient.as(port, "quality", "demo");
        resident1 = ApiClient.as(port, "resident1", "demo");
        quickRules("LB-0002", "LB-0002", "LOCKER_ZONE");

        long a = placed(lockerOrder("LB-0002", "MILK-1L", 2));
        long b = placed(lockerOrder("LB-0002", "YOGH-4PK", 1, "BREAD-LOAF", 1)); // chilled and ambient parcels
        long c = placed(lockerOrder("LB-0003", "MILK-1L", 1)); // another bank
        long d = placed(lockerOrder("LB-0002", "CHEESE-200G", 1)); // dropped after the excursion
        List<JsonNode> routes = Deliveries.sendOut(dispatcher, courier);
        for (long order : List.of(a, b, c)) {
            JsonNode[] at = Deliveries.stopOf(routes, order);
            assertThat(Deliveries.dropByHand(courier, at[0], at[1], List.of(order))
                            .status())
                    .isEqualTo(200);
        }
        for (long order : List.of(a, b, c)) {
            assertThat(state(order)).isEqualTo("READY_FOR_PICKUP");
        }
        String codeA = resident1
                .get("/api/v1/orders/" + a + "/pickup")
                .body()
                .get("code")
                .asString();

        try (Simulator telemetry = excursion("LB-0002", "chilled")) {
            JsonNode raised = alertOn("LB-0002/CHILLED", "RAISED");
            assertThat(raised.get("status").asString()).isEqualTo("OPEN");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> state(a).equals("ON_HOLD") && state(b).equals("ON_HOLD"));
            JsonNode cleared = alertOn("LB-0002/CHILLED", "CLEARED");
            Instant ended = Instant.parse(cleared.get("endedAt").asString());
            // D goes in after the excursion ended: untouched
            await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(ended.plusSeconds(1)));
            JsonNode[] atD = Deliveries.stopOf(routes, d);
            assertThat(Deliveries.dropByHand(courier, atD[0], atD[1], List.of(d))
                            .status())
                    .isEqualTo(200);
        }
        assertThat(state(c)).isEqualTo("READY_FOR_PICKUP"); // another bank
        assertThat(state(d)).isEqualTo("READY_FOR_PICKUP"); // after the clearing
        JsonNode alert = alertOn("LB-0002/CHILLED", "CLEARED");
        String alertId = alert.get("alertId").asString();
        assertThat(alert.get("affectedOrders").asInt()).isEqualTo(2);
        JsonNode detail = quality.get("/api/v1/alerts/" + alertId).body();
        assertThat(detail.get("affectedOrders"))
                .extracting(o -> o.get("orderId").asLong())
                .containsExactlyInAnyOrder(a, b);
        // B's ambient parcel was not in the chilled zone: only its chilled parcel is touched
        assertThat(jdbc.sql("select count(*) from alert_parcel where alert_id = ? and order_id = ?")
                        .params(alertId, b)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(detail.get("history"))
                .extracting(h -> h.get("kind").asString())
                .contains("RAISED", "TOUCHED", "CLEARED");

        // a held order's pickup is refused, saying why
        ApiClient.Response refused =
                resident1.post("/api/v1/pickups", Map.of("lockerBankId", "LB-0002", "code", codeA));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("type").asString()).isEqualTo("/problems/order-on-hold");

        // bad resolutions change nothing
        assertThat(quality.post("/api/v1/alerts/no-such-alert/resolve", resolve(a, "RELEASE"))
                        .status())
                .isEqualTo(404);
        ApiClient.Response untouched = quality.post(
                "/api/v1/alerts/" + alertId + "/resolve", resolve(a, "RELEASE", b, "DISCARD", c, "RELEASE"));
        assertThat(untouched.status()).isEqualTo(400);
        assertThat(untouched.raw()).contains("dispositions[2].orderId").contains("not touched");
        ApiClient.Response missing = quality.post("/api/v1/alerts/" + alertId + "/resolve", resolve(a, "RELEASE"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.raw()).contains(String.valueOf(b));
        assertThat(state(a)).isEqualTo("ON_HOLD");
        assertThat(state(b)).isEqualTo("ON_HOLD");
        assertThat(ApiClient.as(port, "dispatcher", "demo")
                        .post("/api/v1/alerts/" + alertId + "/acknowledge", Map.of())
                        .status())
                .isEqualTo(403); // quality's job

        ApiClient.Response acked =
                quality.post("/api/v1/alerts/" + alertId + "/acknowledge", Map.of("comment", "looking"));
        assertThat(acked.status()).isEqualTo(200);
        assertThat(acked.body().get("status").asString()).isEqualTo("ACKNOWLEDGED");
        ApiClient.Response resolved =
                quality.post("/api/v1/alerts/" + alertId + "/resolve", resolve(a, "RELEASE", b, "DISCARD"));
        assertThat(resolved.status()).as(resolved.raw()).isEqualTo(200);
        assertThat(resolved.body().get("status").asString()).isEqualTo("RESOLVED");
        assertThat(state(a)).isEqualTo("READY_FOR_PICKUP");
        assertThat(state(b)).isEqualTo("DISCARDED");
        assertThat(jdbc.sql("select count(*) from refulfilment where order_id = ?")
                        .param(b)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        ApiClient.Response again =
                quality.post("/api/v1/alerts/" + alertId + "/resolve", resolve(a, "RELEASE", b, "DISCARD"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("type").asString()).isEqualTo("/problems/alert-resolved");

        // the released order is collected with the code it always had
        try (LockerBankSimulator bank = new LockerBankSimulator(
                        brokerUrl, new Topics(root), "LB-0002", LockerBankSimulator.Behaviour.quick(), 3)
                .start()) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> jdbc.sql("select online from locker_bank where id = 'LB-0002'")
                            .query(Boolean.class)
                            .single());
            ApiClient.Response collected =
                    resident1.post("/api/v1/pickups", Map.of("lockerBankId", "LB-0002", "code", codeA));
            assertThat(collected.status()).as(collected.raw()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> state(a).equals("COLLECTED"));
        }

        // its cold chain tells the story
        JsonNode report = resident1.get("/api/v1/orders/" + a + "/cold-chain").body();
        assertThat(report.get("custody"))
                .extracting(e -> e.get("type").asString())
                .containsExactly("PICKED_AT_STORE", "LOADED", "DROPPED", "COLLECTED");
        assertThat(report.get("custody").get(1).get("holder").isNull()).isTrue(); // residents do not see holders
        JsonNode lockerStay = null;
        for (JsonNode stay : report.get("stays")) {
            if (stay.get("assetId").asString().equals("LB-0002/CHILLED")) {
                lockerStay = stay;
            }
        }
        assertThat(lockerStay).isNotNull();
        assertThat(lockerStay.get("readings").asInt()).isPositive();
        assertThat(lockerStay.get("maxC").asDouble()).isGreaterThan(8.0);
        assertThat(lockerStay.get("minutesOutside").asDouble()).isPositive();
        assertThat(report.get("alerts"))
                .extracting(x -> x.get("alertId").asString())
                .contains(alertId);
        JsonNode shelf = report.get("shelfLife").get(0);
        assertThat(shelf.get("productId").asString()).isEqualTo("MILK-1L");
        assertThat(shelf.get("lotCode").asString()).endsWith("-A"); // FEFO: the lot that expires first
        assertThat(shelf.get("lostDays").asDouble()).isGreaterThan(0);
        assertThat(ApiClient.as(port, "resident2", "demo")
                        .get("/api/v1/orders/" + a + "/cold-chain")
                        .status())
                .as("another resident's order is not there for them")
                .isEqualTo(404);

        // the traceability export and the day's compliance
        ApiClient.Response csv = quality.get(
                "/api/v1/traceability/events.csv?from=" + Instant.now().minus(Duration.ofHours(1)) + "&to="
                        + Instant.now().plusSeconds(60));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.raw()).startsWith("event_id,event_type,at,order_id");
        // one row per custody event: A has four
        assertThat(csv.raw()
                        .lines()
                        .skip(1)
                        .filter(l -> l.split(",")[3].equals(String.valueOf(a)))
                        .count())
                .isEqualTo(4);
        assertThat(csv.raw()).contains("L-").contains("DISCARDED");
        JsonNode day =
                quality.get("/api/v1/compliance?assetId=LB-0002/CHILLED").body().get(0);
        assertThat(day.get("excursions").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(day.get("percentInRange").asDouble()).isLessThan(100.0);
    }

    @Test
    void aVehicleCompartmentsExcursionHoldsTheOrdersLoadedInIt() throws Exception {
        dispatcher = ApiClient.as(port, "dispatcher", "demo");
        courier = ApiClient.as(port, "courier", "demo");
        quality = ApiClient.as(port, "quality", "demo");
        long v = placed(lockerOrder("LB-0005", "CHICKEN-1KG", 1));
        List<JsonNode> routes = Deliveries.sendOut(dispatcher, courier);
        JsonNode[] at = Deliveries.stopOf(routes, v);
        String vehicle = at[0].get("vehicleId").asString();
        quickRules("DEV-" + vehicle, vehicle, "VEHICLE_COMPARTMENT");
        assertThat(state(v)).isEqualTo("IN_TRANSIT");
        String alertId;
        try (Simulator telemetry = excursion("DEV-" + vehicle, "chilled")) {
            alertOn(vehicle + "/CHILLED", "RAISED");
            await().atMost(Duration.ofSeconds(20)).until(() -> state(v).equals("ON_HOLD"));
            // the courier cannot put a held parcel into a locker
            assertThat(Deliveries.dropByHand(courier, at[0], at[1], List.of(v)).status())
                    .isEqualTo(409);
            alertId = alertOn(vehicle + "/CHILLED", "CLEARED").get("alertId").asString();
        }
        ApiClient.Response resolved =
                quality.post("/api/v1/alerts/" + alertId + "/resolve", resolve(v, "RETURN_TO_STORE"));
        assertThat(resolved.status()).as(resolved.raw()).isEqualTo(200);
        assertThat(state(v)).isEqualTo("EXPIRED");
        assertThat(jdbc.sql("select type from custody_event where order_id = ? order by at desc, id desc limit 1")
                        .param(v)
                        .query(String.class)
                        .single())
                .isEqualTo("RETURNED");
    }

    long placed(Map<String, Object> order) {
        ApiClient.Response placed = place(ApiClient.as(port, "resident1", "demo"), order);
        assertThat(placed.status()).as(placed.raw()).isEqualTo(201);
        return placed.body().get("id").asLong();
    }

    static Map<String, Object> resolve(Object... orderActionPairs) {
        List<Map<String, Object>> dispositions = new ArrayList<>();
        for (int i = 0; i < orderActionPairs.length; i += 2) {
            dispositions.add(Map.of("orderId", orderActionPairs[i], "action", orderActionPairs[i + 1]));
        }
        return Map.of("comment", "checked the readings", "dispositions", dispositions);
    }
}
