package io.coldchain.server.order;

import static io.coldchain.server.testing.OrderFixtures.lines;
import static io.coldchain.server.testing.OrderFixtures.lockerOrder;
import static io.coldchain.server.testing.OrderFixtures.place;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.IntegrationTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Placing, reading, cancelling and expiring orders over the API; bad input leaves nothing behind. */
@IntegrationTest
class OrderApiIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OrderService orders;

    @Autowired
    TransactionTemplate tx;

    private ApiClient resident1() {
        return ApiClient.as(port, "resident1", "demo");
    }

    @Test
    void placingSplitsParcelsByZoneAndRecordsWhoPlacedIt() {
        ApiClient.Response placed =
                place(resident1(), lockerOrder("LB-0001", "MILK-1L", 2, "PEAS-FRZ-1KG", 1, "MILK-1L", 1));
        assertThat(placed.status()).as(placed.raw()).isEqualTo(201);
        JsonNode order = placed.body();
        assertThat(order.get("state").asString()).isEqualTo("PLACED");
        assertThat(order.get("lines")).hasSize(2); // the two milk lines merge
        assertThat(order.get("lines").get(0).get("quantity").asInt()).isEqualTo(3);
        assertThat(order.get("parcels"))
                .extracting(p -> p.get("zone").asString())
                .containsExactly("FROZEN", "CHILLED");
        assertThat(order.get("history").get(0).get("to").asString()).isEqualTo("PLACED");
        assertThat(order.get("history").get(0).get("actor").asString()).isEqualTo("resident1");
    }

    @Test
    void aRetriedPlacementReturnsTheSameOrderAndAReusedKeyForAnotherOrderIsAConflict() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = lockerOrder("LB-0001", "YOGH-4PK", 1);
        ApiClient.Response first = resident1().post("/api/v1/orders", body, "Idempotency-Key", key);
        ApiClient.Response retry = resident1().post("/api/v1/orders", body, "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body().get("id").asLong())
                .isEqualTo(first.body().get("id").asLong());

        ApiClient.Response other =
                resident1().post("/api/v1/orders", lockerOrder("LB-0001", "YOGH-4PK", 2), "Idempotency-Key", key);
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.body().get("detail").asString()).contains("already used for a different order");
    }

    @Test
    void identicalPlacementsRacingWithOneKeyMakeOneOrder() throws Exception {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = lockerOrder("LB-0001", "CHEESE-200G", 1);
        int racers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Future<ApiClient.Response>> results = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return resident1().post("/api/v1/orders", body, "Idempotency-Key", key);
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (Future<ApiClient.Response> result : results) {
            ApiClient.Response response = result.get();
            statuses.add(response.status());
            ids.add(response.body().get("id").asLong());
        }
        pool.shutdown();
        assertThat(statuses).containsOnly(200, 201);
        assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
        assertThat(ids).hasSize(1);
        assertThat(jdbc.sql("select count(*) from customer_order where idempotency_key = ?")
                        .param(key)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void badInputIsAClearProblemAndWritesNothing() {
        int before = count();
        ApiClient client = resident1();
        assertField(place(client, lockerOrder("LB-0001", "NO-SUCH-THING", 1)), 400, "lines[0].productId");
        assertField(place(client, lockerOrder("LB-0001", "MILK-1L", 0)), 400, "lines[0].quantity");
        assertField(place(client, lockerOrder("LB-0001", "MILK-1L", -2)), 400, "lines[0].quantity");
        Map<String, Object> past = lockerOrder("LB-0001", "MILK-1L", 1);
        past.put(
                "pickupSlot",
                Map.of(
                        "start", Instant.now().minus(2, ChronoUnit.HOURS).toString(),
                        "end", Instant.now().minus(1, ChronoUnit.HOURS).toString()));
        assertField(place(client, past), 400, "pickupSlot.start");
        Map<String, Object> noLines = lockerOrder("LB-0001");
        noLines.put("lines", lines());
        assertField(place(client, noLines), 400, "lines");
        Map<String, Object> noKey = lockerOrder("LB-0001", "MILK-1L", 1);
        assertField(client.post("/api/v1/orders", noKey), 400, "Idempotency-Key");
        assertField(place(client, lockerOrder("LB-9999", "MILK-1L", 1)), 400, "lockerBankId");

        // a value of the wrong form names its field and the form it takes, in words, not Jackson's
        Map<String, Object> badDate = lockerOrder("LB-0001", "MILK-1L", 1);
        badDate.put("pickupDate", "02.12.2026");
        ApiClient.Response date = place(client, badDate);
        assertField(date, 400, "pickupDate");
        assertThat(date.body().get("detail").asString()).contains("2026-12-02");
        ApiClient.Response queryDate = ApiClient.as(port, "dispatcher", "demo").get("/api/v1/waves?date=12/02/2026");
        assertField(queryDate, 400, "date");
        assertThat(queryDate.body().get("detail").asString()).contains("ISO 8601");
        assertField(client.get("/api/v1/orders/abc"), 400, "id");
        ApiClient.Response truncated =
                client.post("/api/v1/orders", "{\"fulfilment\":\"LOCKER\",", "Idempotency-Key", "trunc-1");
        assertThat(truncated.status()).isEqualTo(400);
        assertThat(truncated.body().get("type").asString()).isEqualTo("/problems/malformed-body");
        assertThat(truncated.body().get("detail").asString())
                .startsWith("The body is not valid JSON (line 1, column")
                .doesNotContain("end-of-input")
                .doesNotContain("jackson");
        for (ApiClient.Response r : List.of(date, queryDate, truncated)) {
            assertThat(r.raw()).doesNotContain("tools.jackson").doesNotContain("java.");
        }

        // LB-0002 has no COOL compartments (only every third bank has)
        ApiClient.Response noZone = place(client, lockerOrder("LB-0002", "BANANA-1KG", 1));
        assertThat(noZone.status()).isEqualTo(409);
        assertThat(noZone.contentType()).startsWith("application/problem+json");
        assertThat(noZone.body().get("detail").asString()).isEqualTo("locker bank LB-0002 has no COOL compartment");

        Map<String, Object> staffWithoutResident = lockerOrder("LB-0001", "MILK-1L", 1);
        assertField(place(ApiClient.as(port, "dispatcher", "demo"), staffWithoutResident), 400, "residentId");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void residentsSeeOnlyTheirOwnOrders() {
        long mine = place(resident1(), lockerOrder("LB-0001", "MILK-1L", 1))
                .body()
                .get("id")
                .asLong();
        ApiClient resident2 = ApiClient.as(port, "resident2", "demo");
        // another resident's order answers exactly like one that does not exist: ids cannot be probed
        ApiClient.Response theirs = resident2.get("/api/v1/orders/" + mine);
        ApiClient.Response missing = resident2.get("/api/v1/orders/" + (mine + 1_000_000));
        assertThat(theirs.status()).isEqualTo(404).isEqualTo(missing.status());
        assertThat(theirs.body().get("type").asString())
                .isEqualTo(missing.body().get("type").asString());
        assertThat(theirs.body().get("detail").asString()).isEqualTo("order '" + mine + "' does not exist");
        assertThat(resident2
                        .post("/api/v1/orders/" + mine + "/cancel", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(resident2.get("/api/v1/orders/" + mine + "/cold-chain").status())
                .isEqualTo(404);
        assertThat(resident2.get("/api/v1/orders?limit=1000").body())
                .extracting(o -> o.get("id").asLong())
                .doesNotContain(mine);
        assertThat(ApiClient.as(port, "quality", "demo")
                        .get("/api/v1/orders/" + mine)
                        .status())
                .isEqualTo(200);
        assertThat(ApiClient.as(port, "quality", "demo")
                        .post("/api/v1/orders/" + mine + "/cancel", Map.of())
                        .status())
                .isEqualTo(403);
    }

    @Test
    void cancellingIsRecordedAndAnIllegalMoveNamesTheCurrentState() {
        long id = place(resident1(), lockerOrder("LB-0001", "MILK-1L", 1))
                .body()
                .get("id")
                .asLong();
        ApiClient.Response cancelled =
                resident1().post("/api/v1/orders/" + id + "/cancel", Map.of("reason", "changed my mind"));
        assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(200);
        assertThat(cancelled.body().get("state").asString()).isEqualTo("CANCELLED");
        JsonNode last = cancelled.body().get("history").get(1);
        assertThat(last.get("from").asString()).isEqualTo("PLACED");
        assertThat(last.get("reason").asString()).isEqualTo("changed my mind");

        ApiClient.Response again = resident1().post("/api/v1/orders/" + id + "/cancel", Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("detail").asString()).startsWith("order " + id + " is CANCELLED");
    }

    @Test
    void anOrderWhoseSlotPassedExpires() {
        long id = place(resident1(), lockerOrder("LB-0001", "MILK-1L", 1))
                .body()
                .get("id")
                .asLong();
        jdbc.sql(
                        "update customer_order set slot_start = now() - interval '2 hours', slot_end = now() - interval '1 hour' where id = ?")
                .param(id)
                .update();
        int expired = tx.execute(status -> orders.expireDue());
        assertThat(expired).isGreaterThanOrEqualTo(1);
        JsonNode order = resident1().get("/api/v1/orders/" + id).body();
        assertThat(order.get("state").asString()).isEqualTo("EXPIRED");
        assertThat(order.get("history").get(1).get("actor").asString()).isEqualTo("system");
    }

    private int count() {
        return jdbc.sql("select count(*) from customer_order")
                .query(Integer.class)
                .single();
    }

    private static void assertField(ApiClient.Response response, int status, String field) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("errors"))
                .extracting(e -> e.get("field").asString())
                .contains(field);
    }
}
