package io.coldchain.server.locker;

import static io.coldchain.server.testing.OrderFixtures.lockerOrder;
import static io.coldchain.server.testing.OrderFixtures.place;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.gateway.contract.LockerEvent;
import io.coldchain.gateway.contract.Topics;
import io.coldchain.gateway.sim.LockerBankSimulator;
import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.Deliveries;
import io.coldchain.server.testing.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Lockers end to end through the real broker, with simulated banks answering like real ones: the
 * courier opens a stop through the bank; residents collect by code and by QR, in the app and at the
 * keypad; wrong codes lock the keypad and the source; expired and reused codes, holds, silent
 * commands, duplicate events, jammed doors and offline banks each get their answer; and nothing at
 * rest, in the logs or in another's answers gives a code away.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
        properties = {
            "coldchain.lockers.command-ttl=3s",
            "coldchain.lockers.open-wait=4s",
            "coldchain.lockers.lockout=4s",
            "coldchain.lockers.wrong-codes=5"
        })
class LockerPickupIT {

    @LocalServerPort
    int port;

    @Value("${coldchain.mqtt.url}")
    String brokerUrl;

    @Value("${coldchain.mqtt.topic-root}")
    String root;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Pickups pickups;

    static final Map<String, LockerBankSimulator> banks = new LinkedHashMap<>();

    ApiClient dispatcher;
    ApiClient courier;
    ApiClient resident1;
    ApiClient resident2;

    @BeforeEach
    void setUp() throws Exception {
        dispatcher = ApiClient.as(port, "dispatcher", "demo");
        courier = ApiClient.as(port, "courier", "demo");
        resident1 = ApiClient.as(port, "resident1", "demo");
        resident2 = ApiClient.as(port, "resident2", "demo");
        synchronized (banks) {
            if (banks.isEmpty()) {
                for (int i = 1; i <= 12; i++) {
                    String id = String.format("LB-%04d", i);
                    banks.put(
                            id,
                            new LockerBankSimulator(
                                            brokerUrl, new Topics(root), id, LockerBankSimulator.Behaviour.quick(), i)
                                    .start());
                }
            }
        }
        clearSourceLock();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.sql("select count(*) from locker_bank where online")
                                .query(Integer.class)
                                .single()
                        == 12);
    }

    @AfterAll
    static void stopBanks() {
        banks.values().forEach(LockerBankSimulator::close);
        banks.clear();
    }

    record Ready(long orderId, JsonNode route, JsonNode stop) {}

    /** Places an order, sends it out and puts it in through the bank; waits until it is ready. */
    Ready readyAt(ApiClient resident, String bank, Object... lines) {
        ApiClient.Response placed = place(resident, lockerOrder(bank, lines));
        assertThat(placed.status()).as(placed.raw()).isEqualTo(201);
        long order = placed.body().get("id").asLong();
        List<JsonNode> routes = Deliveries.sendOut(dispatcher, courier);
        JsonNode[] at = Deliveries.stopOf(routes, order);
        ApiClient.Response opened = open(at[0], at[1]);
        assertThat(opened.status()).as(opened.raw()).isEqualTo(200);
        awaitState(order, "READY_FOR_PICKUP");
        return new Ready(order, at[0], at[1]);
    }

    ApiClient.Response open(JsonNode route, JsonNode stop) {
        return courier.post(
                "/api/v1/routes/" + route.get("id").asLong() + "/stops/"
                        + stop.get("seq").asInt() + "/open",
                Map.of());
    }

    void awaitState(long order, String state) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> dispatcher
                        .get("/api/v1/orders/" + order)
                        .body()
                        .get("state")
                        .asString()
                        .equals(state));
    }

    JsonNode pickupOf(ApiClient resident, long order) {
        ApiClient.Response view = resident.get("/api/v1/orders/" + order + "/pickup");
        assertThat(view.status()).as(view.raw()).isEqualTo(200);
        return view.body();
    }

    @Test
    void aCourierOpensTheStopAndTheResidentCollectsByCode(CapturedOutput output) {
        Ready ready = readyAt(resident1, "LB-0001", "MILK-1L", 2);
        JsonNode opened = courier.get(
                        "/api/v1/routes/" + ready.route().get("id").asLong() + "/stops/"
                                + ready.stop().get("seq").asInt() + "/commands")
                .body();
        assertThat(opened.get("commands"))
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.get("state").asString()).isEqualTo("CLOSED"));
        JsonNode pickup = pickupOf(resident1, ready.orderId());
        String code = pickup.get("code").asString();
        assertThat(code).matches("\\d{6}");
        assertThat(pickup.get("lockerBankId").asString()).isEqualTo("LB-0001");
        // delivered today for a slot tomorrow 14:00-20:00: the 24 h a chilled order waits count from
        // the slot's start, so delivering early does not shorten the resident's time
        assertThat(Instant.parse(pickup.get("deadline").asString()))
                .isEqualTo(io.coldchain.server.testing.OrderFixtures.tomorrow()
                        .atTime(14, 0)
                        .toInstant(java.time.ZoneOffset.UTC)
                        .plus(Duration.ofHours(24)));
        ApiClient.Response collected =
                resident1.post("/api/v1/pickups", Map.of("lockerBankId", "LB-0001", "code", code));
        assertThat(collected.status()).as(collected.raw()).isEqualTo(200);
        assertThat(collected.body().get("compartments")).isNotEmpty();
        awaitState(ready.orderId(), "COLLECTED");
        // the code is spent, and the compartment free again
        ApiClient.Response again = resident1.post("/api/v1/pickups", Map.of("lockerBankId", "LB-0001", "code", code));
        assertThat(again.status()).isEqualTo(403);
        assertThat(again.body().get("type").asString()).isEqualTo("/problems/pickup-code-invalid");
        assertThat(jdbc.sql("select count(*) from parcel where order_id = ? and compartment_id is not null")
                        .param(ready.orderId())
                        .query(Integer.class)
                        .single())
                .isZero();
        JsonNode order = dispatcher.get("/api/v1/orders/" + ready.orderId()).body();
        assertThat(order.get("history"))
                .extracting(h -> h.get("to").asString())
                .containsSubsequence("IN_TRANSIT", "READY_FOR_PICKUP", "COLLECTED");
        // freshness feedback once, after collection
        ApiClient.Response rated = resident1.post(
                "/api/v1/orders/" + ready.orderId() + "/feedback", Map.of("rating", 4, "comment", "crisp"));
        assertThat(rated.status()).as(rated.raw()).isEqualTo(201);
        assertThat(resident1
                        .post("/api/v1/orders/" + ready.orderId() + "/feedback", Map.of("rating", 5))
                        .status())
                .isEqualTo(409);
        JsonNode ratings = ApiClient.as(port, "quality", "demo")
                .get("/api/v1/feedback?lockerBankId=LB-0001")
                .body();
        assertThat(ratings.get("count").asInt()).isPositive();
        assertThat(ratings.get("ratings").toString()).contains("crisp");
        // nothing at rest, nothing in the logs holds the code
        assertNoCodeAtRest(code);
        assertThat(output.getAll()).doesNotContain(code);
    }

    @Test
    void aResidentCollectsByQrAtTheScannerAndATokenWorksOnce() throws Exception {
        Ready ready = readyAt(resident1, "LB-0002", "YOGH-4PK", 1);
        JsonNode pickup = pickupOf(resident1, ready.orderId());
        String token = pickup.get("qrToken").asString();
        ApiClient.Response png = resident1.send(
                "GET",
                "/api/v1/orders/" + ready.orderId() + "/pickup/qr.png",
                java.net.http.HttpRequest.BodyPublishers.noBody());
        assertThat(png.status()).isEqualTo(200);
        assertThat(png.contentType()).isEqualTo("image/png");
        // forged, altered and other-bank tokens are refused
        String[] parts = token.split("\\.");
        String altered = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(new String(Base64.getUrlDecoder().decode(parts[0]))
                                .replace("|LB-0002|", "|LB-0003|")
                                .getBytes())
                + "." + parts[1];
        for (String bad : List.of(parts[0] + ".AAAA", altered, "nonsense")) {
            assertThat(resident1
                            .post("/api/v1/pickups", Map.of("lockerBankId", "LB-0002", "qrToken", bad))
                            .status())
                    .as(bad)
                    .isEqualTo(403);
        }
        assertThat(resident1
                        .post("/api/v1/pickups", Map.of("lockerBankId", "LB-0003", "qrToken", token))
                        .status())
                .isEqualTo(403);
        clearSourceLock();
        banks.get("LB-0002").scanQr(token);
        awaitState(ready.orderId(), "COLLECTED");
        // replayed: refused
        assertThat(resident1
                        .post("/api/v1/pickups", Map.of("lockerBankId", "LB-0002", "qrToken", token))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void fiveWrongCodesLockTheKeypadAndTheSourceUntilTheLockRunsOut() throws Exception {
        Ready ready = readyAt(resident2, "LB-0006", "CHEESE-200G", 1);
        String code = pickupOf(resident2, ready.orderId()).get("code").asString();
        String wrong = code.equals("000000") ? "111111" : "000000";
        // in the app: attempts left count down, then 429 with Retry-After
        for (int i = 0; i < 5; i++) {
            ApiClient.Response refused =
                    resident2.post("/api/v1/pickups", Map.of("lockerBankId", "LB-0006", "code", wrong));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body().get("attemptsLeft").asInt()).isEqualTo(4 - i);
        }
        ApiClient.Response locked = resident2.post("/api/v1/pickups", Map.of("lockerBankId", "LB-0006", "code", code));
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.body().get("type").asString()).isEqualTo("/problems/pickup-locked");
        // at the keypad: five wrong codes lock it; the right one is ignored while locked
        LockerBankSimulator keypad = banks.get("LB-0006");
        for (int i = 0; i < 5; i++) {
            keypad.enterCode(wrong);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts("LB-0006", "INVALID") >= 10);
        keypad.enterCode(code);
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts("LB-0006", "LOCKED") >= 2);
        assertThat(state(ready.orderId())).isEqualTo("READY_FOR_PICKUP");
        // the lock runs out (4 s here): the right code opens
        Thread.sleep(4_500);
        keypad.enterCode(code);
        awaitState(ready.orderId(), "COLLECTED");
        // every attempt audited, never with the code
        assertThat(jdbc.sql("select count(*) from pickup_attempt where locker_bank_id = 'LB-0006'")
                        .query(Integer.class)
                        .single())
                .isGreaterThanOrEqualTo(13);
        assertNoCodeAtRest(code);
    }

    @Test
    void anExpiredPickupIsRefusedThenCollectedByTheNextRouteAndGoesBackToStock() {
        Ready ready = readyAt(resident1, "LB-0003", "SALAD-MIX", 1);
        String code = pickupOf(resident1, ready.orderId()).get("code").asString();
        long compartment = jdbc.sql("select compartment_id from parcel where order_id = ?")
                .param(ready.orderId())
                .query(Long.class)
                .single();
        jdbc.sql("update pickup_credential set deadline = now() - interval '1 minute' where order_id = ?")
                .param(ready.orderId())
                .update();
        ApiClient.Response late = resident1.post("/api/v1/pickups", Map.of("lockerBankId", "LB-0003", "code", code));
        assertThat(late.status()).isEqualTo(410);
        assertThat(late.body().get("type").asString()).isEqualTo("/problems/pickup-expired");
        int lotBefore = jdbc.sql("select sum(quantity) from stock_lot where product_id = 'SALAD-MIX'")
                .query(Integer.class)
                .single();
        assertThat(pickups.expireDue()).isPositive();
        awaitState(ready.orderId(), "EXPIRED");
        assertThat(jdbc.sql("select count(*) from compartment_collection where order_id = ? and collected_at is null")
                        .param(ready.orderId())
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select upper(booked) > now() + interval '6 days' from parcel where order_id = ?")
                        .param(ready.orderId())
                        .query(Boolean.class)
                        .single())
                .as("still in its compartment: booked until a courier takes it out, not to the passed deadline")
                .isTrue();
        // the next route to the bank takes it out
        Ready next = readyAt(resident1, "LB-0003", "MILK-1L", 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql(
                                        "select count(*) from compartment_collection where order_id = ? and collected_at is not null")
                                .param(ready.orderId())
                                .query(Integer.class)
                                .single()
                        == 1);
        assertThat(jdbc.sql("select status from compartment where id = ?")
                        .param(compartment)
                        .query(String.class)
                        .single())
                .isIn("AVAILABLE", "RESERVED", "OCCUPIED"); // free again (and maybe taken by the next order)
        assertThat(jdbc.sql("select type from custody_event where order_id = ? order by at desc, id desc limit 1")
                        .param(ready.orderId())
                        .query(String.class)
                        .single())
                .isEqualTo("RETURNED");
        assertThat(jdbc.sql("select sum(quantity) from stock_lot where product_id = 'SALAD-MIX'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(lotBefore + 1);
        assertThat(next.orderId()).isNotEqualTo(ready.orderId());
    }

    @Test
    void aHeldOrderIsRefusedWithWhyAndWhomToContact() throws Exception {
        Ready ready = readyAt(resident2, "LB-0004", "CHICKEN-1KG", 1);
        String code = pickupOf(resident2, ready.orderId()).get("code").asString();
        // an excursion on the zone the parcel sits in, as a gateway announces it
        Instant since = Instant.now().minus(Duration.ofMinutes(5));
        String alert = "{\"alertId\":\"hold-" + ready.orderId()
                + "\",\"state\":\"RAISED\",\"type\":\"TEMPERATURE_HIGH\","
                + "\"deviceId\":\"LB-0004\",\"probe\":\"chilled\",\"assetId\":\"LB-0004/CHILLED\",\"zone\":\"CHILLED\","
                + "\"startedAt\":\"" + since + "\",\"endedAt\":null,\"peakC\":9.1,\"degreeMinutes\":20.5,\"ts\":\""
                + Instant.now() + "\"}";
        publish(new Topics(root).alerts(), alert);
        awaitState(ready.orderId(), "ON_HOLD");
        ApiClient.Response refused = resident2.post("/api/v1/pickups", Map.of("lockerBankId", "LB-0004", "code", code));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("type").asString()).isEqualTo("/problems/order-on-hold");
        assertThat(refused.body().get("detail").asString())
                .contains("ran too warm")
                .contains("quality");
        assertThat(refused.body().get("contact").asString()).isNotBlank();
        assertThat(resident2
                        .get("/api/v1/orders/" + ready.orderId() + "/pickup")
                        .status())
                .isEqualTo(409);
        // the excursion ends: what is dropped after it is not touched
        publish(
                new Topics(root).alerts(),
                alert.replace("\"RAISED\"", "\"CLEARED\"")
                        .replace("\"endedAt\":null", "\"endedAt\":\"" + Instant.now() + "\""));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("select gateway_state from alert where alert_id = ?")
                        .param("hold-" + ready.orderId())
                        .query(String.class)
                        .single()
                        .equals("CLEARED"));
    }

    @Test
    void aCommandWithNoAnswerFailsAndAJammedDoorsParcelGetsAnotherCompartment() {
        ApiClient.Response placed = place(resident1, lockerOrder("LB-0005", "CHEESE-200G", 1));
        long order = placed.body().get("id").asLong();
        ApiClient.Response second = place(resident1, lockerOrder("LB-0005", "YOGH-4PK", 2));
        long order2 = second.body().get("id").asLong();
        List<JsonNode> routes = Deliveries.sendOut(dispatcher, courier);
        JsonNode[] at = Deliveries.stopOf(routes, order);
        String reserved = compartmentOf(order);
        String reserved2 = compartmentOf(order2);
        banks.get("LB-0005").ignore(reserved); // its controller hangs on this door
        banks.get("LB-0005").jam(reserved2); // this one fails
        ApiClient.Response opened = open(at[0], at[1]);
        assertThat(opened.status()).as(opened.raw()).isEqualTo(200);
        // both end in the right state: the jammed one at once, the silent one when it expires (3 s)
        awaitState(order2, "READY_FOR_PICKUP");
        awaitState(order, "READY_FOR_PICKUP");
        assertThat(compartmentOf(order)).isNotEqualTo(reserved);
        assertThat(compartmentOf(order2)).isNotEqualTo(reserved2);
        for (String code : List.of(reserved, reserved2)) {
            assertThat(jdbc.sql("select status from compartment where locker_bank_id = 'LB-0005' and code = ?")
                            .param(code)
                            .query(String.class)
                            .single())
                    .isEqualTo("OUT_OF_SERVICE");
        }
        assertThat(jdbc.sql("select failure from locker_command where compartment_code = ? and state = 'FAILED'")
                        .param(reserved)
                        .query(String.class)
                        .list())
                .anyMatch(f -> f.contains("no answer"));
    }

    @Test
    void aDuplicateOrLateEventIsRecordedButNeverAppliedTwice() throws Exception {
        Ready ready = readyAt(resident1, "LB-0007", "MILK-1L", 1);
        String commandId = jdbc.sql(
                        "select command_id::text from locker_command where order_id = ? and purpose = 'DROP_OFF'")
                .param(ready.orderId())
                .query(String.class)
                .single();
        long transitions = transitions(ready.orderId());
        LockerBankSimulator bank = banks.get("LB-0007");
        bank.send(LockerEvent.answer(commandId, LockerEvent.OPENED, "X", Instant.now()));
        bank.send(LockerEvent.answer(commandId, LockerEvent.CLOSED, "X", Instant.now()));
        bank.send(LockerEvent.answer("7c1e4c2e-0000-4000-8000-000000000000", LockerEvent.OPENED, "X", Instant.now()));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql(
                                        "select count(*) from locker_event where not applied and (command_id = ?::uuid or note like 'no such%')")
                                .param(commandId)
                                .query(Integer.class)
                                .single()
                        >= 3);
        assertThat(transitions(ready.orderId())).isEqualTo(transitions);
        assertThat(jdbc.sql("select count(*) from custody_event where order_id = ? and type = 'DROPPED'")
                        .param(ready.orderId())
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void anOfflineBankFailsFastForTheCourierAndTheResident() throws Exception {
        Ready ready = readyAt(resident2, "LB-0008", "MILK-1L", 1);
        String code = pickupOf(resident2, ready.orderId()).get("code").asString();
        ApiClient.Response placed = place(resident2, lockerOrder("LB-0008", "YOGH-4PK", 1));
        long waiting = placed.body().get("id").asLong();
        List<JsonNode> routes = Deliveries.sendOut(dispatcher, courier);
        JsonNode[] at = Deliveries.stopOf(routes, waiting);
        LockerBankSimulator bank = banks.get("LB-0008");
        bank.goOffline(); // its Last Will says offline
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !jdbc.sql("select online from locker_bank where id = 'LB-0008'")
                            .query(Boolean.class)
                            .single());
            ApiClient.Response open = open(at[0], at[1]);
            assertThat(open.status()).isEqualTo(409);
            assertThat(open.body().get("type").asString()).isEqualTo("/problems/locker-offline");
            assertThat(open.body().get("detail").asString()).contains("drop-offs");
            ApiClient.Response pickup =
                    resident2.post("/api/v1/pickups", Map.of("lockerBankId", "LB-0008", "code", code));
            assertThat(pickup.status()).isEqualTo(503);
            // the manual drop-off still works
            assertThat(Deliveries.dropByHand(courier, at[0], at[1], List.of(waiting))
                            .status())
                    .isEqualTo(200);
        } finally {
            bank.goOnline();
        }
    }

    @Test
    void residentsSeeAndUseOnlyTheirOwnCodesAndStaffNeverSeeOne() {
        Ready ready = readyAt(resident1, "LB-0009", "CHEESE-200G", 2);
        String code = pickupOf(resident1, ready.orderId()).get("code").asString();
        // another resident's order answers like a missing one (404), so ids cannot be probed
        assertThat(resident2
                        .get("/api/v1/orders/" + ready.orderId() + "/pickup")
                        .status())
                .isEqualTo(404);
        assertThat(resident2
                        .send(
                                "GET",
                                "/api/v1/orders/" + ready.orderId() + "/pickup/qr.png",
                                java.net.http.HttpRequest.BodyPublishers.noBody())
                        .status())
                .isEqualTo(404);
        ApiClient.Response stolen = resident2.post("/api/v1/pickups", Map.of("lockerBankId", "LB-0009", "code", code));
        assertThat(stolen.status()).isEqualTo(403);
        clearSourceLock();
        for (String staff : List.of("admin", "dispatcher", "quality", "courier")) {
            ApiClient client = ApiClient.as(port, staff, "demo");
            assertThat(client.get("/api/v1/orders/" + ready.orderId() + "/pickup")
                            .status())
                    .as(staff)
                    .isEqualTo(403);
            assertThat(client.get("/api/v1/orders/" + ready.orderId()).raw()).doesNotContain(code);
        }
        assertNoCodeAtRest(code);
    }

    @Test
    void twoPhonesWithOneCodeOpenTheCompartmentOnce() throws Exception {
        Ready ready = readyAt(resident2, "LB-0010", "MILK-1L", 1);
        String code = pickupOf(resident2, ready.orderId()).get("code").asString();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Callable<Integer>> phones = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            phones.add(() -> ApiClient.as(port, "resident2", "demo")
                    .post("/api/v1/pickups", Map.of("lockerBankId", "LB-0010", "code", code))
                    .status());
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : pool.invokeAll(phones)) {
            statuses.add(f.get());
        }
        pool.shutdown();
        // one opens; the other finds it opening (409) or already collected (its code spent: 403)
        assertThat(statuses).contains(200).hasSize(2);
        assertThat(statuses.stream().filter(s -> s != 200).toList()).hasSize(1).allMatch(s -> s == 409 || s == 403);
        awaitState(ready.orderId(), "COLLECTED");
        assertThat(jdbc.sql("select count(*) from locker_command where order_id = ? and purpose = 'PICKUP'")
                        .param(ready.orderId())
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void anOrderCanBeExtendedOnceBeforeItsDeadline() {
        Ready ready = readyAt(resident1, "LB-0011", "YOGH-4PK", 1);
        Instant deadline = Instant.parse(
                pickupOf(resident1, ready.orderId()).get("deadline").asString());
        ApiClient.Response extended = resident1.post("/api/v1/orders/" + ready.orderId() + "/extend", Map.of());
        assertThat(extended.status()).as(extended.raw()).isEqualTo(200);
        assertThat(Instant.parse(extended.body().get("deadline").asString()))
                .isEqualTo(deadline.plus(Duration.ofHours(24)));
        assertThat(extended.body().get("extended").asBoolean()).isTrue();
        ApiClient.Response twice = resident1.post("/api/v1/orders/" + ready.orderId() + "/extend", Map.of());
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.body().get("type").asString()).isEqualTo("/problems/pickup-already-extended");
        assertThat(resident2
                        .post("/api/v1/orders/" + ready.orderId() + "/extend", Map.of())
                        .status())
                .as("another resident's order is not there for them")
                .isEqualTo(404);
    }

    // ---- helpers

    String compartmentOf(long order) {
        return jdbc.sql(
                        "select c.code from parcel p join compartment c on c.id = p.compartment_id where p.order_id = ?")
                .param(order)
                .query(String.class)
                .single();
    }

    String state(long order) {
        return jdbc.sql("select state from customer_order where id = ?")
                .param(order)
                .query(String.class)
                .single();
    }

    long transitions(long order) {
        return jdbc.sql("select count(*) from order_transition where order_id = ?")
                .param(order)
                .query(Long.class)
                .single();
    }

    int attempts(String bank, String outcome) {
        return jdbc.sql("select count(*) from pickup_attempt where locker_bank_id = ? and outcome = ?")
                .params(bank, outcome)
                .query(Integer.class)
                .single();
    }

    void clearSourceLock() {
        jdbc.sql("delete from lockout").update();
        jdbc.sql("delete from rate_limit_bucket").update();
    }

    /** No stored text anywhere holds the code (hashes aside). */
    void assertNoCodeAtRest(String code) {
        for (String query : List.of(
                "select count(*) from notification where message like ?",
                "select count(*) from locker_event where coalesce(note, '') like ? or coalesce(compartment, '') like ?",
                "select count(*) from pickup_attempt where coalesce(detail, '') like ? or coalesce(actor, '') like ?",
                "select count(*) from order_transition where coalesce(reason, '') like ?",
                "select count(*) from alert_history where coalesce(comment, '') like ?")) {
            int params = query.split("\\?", -1).length - 1;
            Object[] values = new Object[params];
            java.util.Arrays.fill(values, "%" + code + "%");
            assertThat(jdbc.sql(query).params(values).query(Integer.class).single())
                    .as(query)
                    .isZero();
        }
        assertThat(jdbc.sql("select count(*) from pickup_credential where code_hash = ? or qr_nonce = ?")
                        .params(code, code)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    void publish(String topic, String payload) throws Exception {
        var client = new org.eclipse.paho.mqttv5.client.MqttClient(brokerUrl, "it-alert-" + System.nanoTime(), null);
        client.connect();
        io.coldchain.gateway.testing.TestMqtt.publish(
                client, topic, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
        client.disconnect();
        client.close();
    }
}
