package io.coldchain.server.assignment;

import static io.coldchain.server.testing.OrderFixtures.lockerOrder;
import static io.coldchain.server.testing.OrderFixtures.place;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.server.network.Location;
import io.coldchain.server.resident.NewResidentRequest;
import io.coldchain.server.resident.ResidentProfile;
import io.coldchain.server.resident.ResidentService;
import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.IntegrationTest;
import io.coldchain.server.testing.NetworkFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Assignment against the database: runs racing each other, cancels racing a run, and the reasons
 * and fallbacks a dispatcher sees. Its own database, so the demo lockers are all free at the start.
 */
@IntegrationTest
@TestPropertySource(properties = "coldchain.test.context=assignment")
class AssignmentIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ResidentService residents;

    @Autowired
    io.coldchain.server.order.OrderService orders;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    private ApiClient dispatcher() {
        return ApiClient.as(port, "dispatcher", "demo");
    }

    /** A resident with a home near the demo centre and no preferred bank; returns a client for them. */
    private ApiClient newResident(double lat, double lon) {
        String username = NetworkFixtures.uniqueId("res").toLowerCase(java.util.Locale.ROOT);
        residents.register(new NewResidentRequest(
                username,
                "password1",
                new ResidentProfile("Test " + username, "Somewhere", new Location(lat, lon), null, null)));
        return ApiClient.as(port, username, "password1");
    }

    @Test
    void twoRunsAtOnceNeverDoubleBookAndAssignEachOrderOnce() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            ApiClient resident = newResident(45.99 + r * 0.007, 8.985 + r * 0.008);
            for (int i = 0; i < 10; i++) {
                ids.add(place(resident, lockerOrder(null, "MILK-1L", 1 + i % 3))
                        .body()
                        .get("id")
                        .asLong());
            }
        }
        List<JsonNode> runs = race(2, () -> dispatcher().post("/api/v1/assignment-runs", Map.of()));
        int assigned = 0;
        for (JsonNode run : runs) {
            assigned += run.get("toLocker").asInt();
        }
        assertThat(assigned).isEqualTo(40);
        for (long id : ids) {
            int moves = jdbc.sql("select count(*) from order_transition where order_id = ? and to_state = 'ASSIGNED'")
                    .param(id)
                    .query(Integer.class)
                    .single();
            assertThat(moves).as("order " + id).isEqualTo(1);
        }
        assertNoDoubleBooking();
    }

    @Test
    void aCancelRacingARunEndsEitherCancelledWithNothingHeldOrAssigned() throws Exception {
        ApiClient resident = newResident(46.004, 9.006);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(place(resident, lockerOrder(null, "YOGH-4PK", 2))
                    .body()
                    .get("id")
                    .asLong());
        }
        List<Runnable> work = new ArrayList<>();
        work.add(() -> dispatcher().post("/api/v1/assignment-runs", Map.of()));
        for (long id : ids) {
            work.add(() -> resident.post("/api/v1/orders/" + id + "/cancel", Map.of()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (Runnable w : work) {
            done.add(pool.submit(() -> {
                start.await();
                w.run();
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        for (long id : ids) {
            JsonNode order = resident.get("/api/v1/orders/" + id).body();
            String state = order.get("state").asString();
            assertThat(state).isIn("CANCELLED", "ASSIGNED", "PLACED");
            if (!state.equals("ASSIGNED")) {
                assertThat(order.get("parcels").get(0).get("compartment").isNull())
                        .as("order " + id)
                        .isTrue();
            } else {
                assertThat(order.get("parcels").get(0).get("compartment").isNull())
                        .as("order " + id)
                        .isFalse();
            }
        }
        // stock reserved equals what assigned orders hold, so cancelled ones gave theirs back
        int reserved = jdbc.sql("select coalesce(sum(reserved), 0) from stock")
                .query(Integer.class)
                .single();
        int held = jdbc.sql(
                        "select coalesce(sum(l.quantity), 0) from order_line l join customer_order o on o.id = l.order_id where o.state = 'ASSIGNED'")
                .query(Integer.class)
                .single();
        assertThat(reserved).isEqualTo(held);
        assertNoDoubleBooking();
    }

    @Test
    void whatCannotBePlacedWaitsWithAReasonOrFallsBackToTheStore() {
        ApiClient resident = newResident(45.995, 8.99);
        // LB-0002 has 4 FROZEN compartments: the fifth and sixth order find none
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Map<String, Object> order = lockerOrder("LB-0002", "ICE-VAN-1L", 1);
            if (i == 4) {
                order.put("allowStoreFallback", true);
            }
            ids.add(place(resident, order).body().get("id").asLong());
        }
        // nobody has mangoes
        for (String store : List.of("ST-01", "ST-02", "ST-03")) {
            assertThat(dispatcher()
                            .put("/api/v1/stores/" + store + "/stock/MANGO-2PC", Map.of("onHand", 0))
                            .status())
                    .isEqualTo(200);
        }
        long mango = place(resident, lockerOrder("LB-0001", "MANGO-2PC", 2))
                .body()
                .get("id")
                .asLong();

        JsonNode run = dispatcher().post("/api/v1/assignment-runs", Map.of()).body();
        assertThat(run.get("storeFallbacks").asInt()).isGreaterThanOrEqualTo(1);

        for (int i = 0; i < 4; i++) {
            JsonNode order = resident.get("/api/v1/orders/" + ids.get(i)).body();
            assertThat(order.get("state").asString()).isEqualTo("ASSIGNED");
            assertThat(order.get("lockerBankId").asString()).isEqualTo("LB-0002");
        }
        JsonNode fallback = resident.get("/api/v1/orders/" + ids.get(4)).body();
        assertThat(fallback.get("state").asString()).isEqualTo("ASSIGNED");
        assertThat(fallback.get("pickupMode").asString()).isEqualTo("STORE");
        assertThat(fallback.get("storeId").isNull()).isFalse();
        // the store makes the fallback order ready at its counter
        ApiClient.Response ready = dispatcher().post("/api/v1/orders/" + ids.get(4) + "/ready-at-store", Map.of());
        assertThat(ready.status()).as(ready.raw()).isEqualTo(200);
        assertThat(ready.body().get("state").asString()).isEqualTo("READY_FOR_PICKUP");
        assertThat(ready.body().get("history"))
                .extracting(h -> h.get("to").asString())
                .containsExactly("PLACED", "ASSIGNED", "PICKED", "IN_TRANSIT", "READY_FOR_PICKUP");
        assertThat(dispatcher()
                        .post("/api/v1/orders/" + ids.get(0) + "/ready-at-store", Map.of())
                        .status())
                .as("a LOCKER order goes by route")
                .isEqualTo(409);
        JsonNode waiting = resident.get("/api/v1/orders/" + ids.get(5)).body();
        assertThat(waiting.get("state").asString()).isEqualTo("PLACED");
        assertThat(waiting.get("note").asString()).startsWith("locker bank LB-0002 has no free compartment");
        JsonNode noMango = resident.get("/api/v1/orders/" + mango).body();
        assertThat(noMango.get("state").asString()).isEqualTo("PLACED");
        assertThat(noMango.get("note").asString()).isEqualTo("out of stock: 2 x MANGO-2PC (at most 0 at one store)");
        assertThat(run.get("unplaced"))
                .extracting(u -> u.get("orderId").asLong())
                .contains(ids.get(5), mango);

        // the dispatcher filters what waits
        assertThat(dispatcher().get("/api/v1/orders?state=PLACED&limit=1000").body())
                .extracting(o -> o.get("id").asLong())
                .contains(ids.get(5), mango);
    }

    @Test
    void anAssignedOrderThatExpiresGivesBackItsStockAndCompartment() {
        ApiClient resident = newResident(46.01, 9.01);
        // a product only this test orders, so its reservation is this order's alone
        String product = "CHICKEN-1KG";
        long id = place(resident, lockerOrder("LB-0009", product, 3))
                .body()
                .get("id")
                .asLong();
        dispatcher().post("/api/v1/assignment-runs", Map.of());
        JsonNode order = resident.get("/api/v1/orders/" + id).body();
        assertThat(order.get("state").asString()).isEqualTo("ASSIGNED");
        String store = order.get("storeId").asString();
        String compartment = order.get("parcels").get(0).get("compartment").asString();
        int reserved = reserved(store, product);
        assertThat(reserved).isGreaterThanOrEqualTo(3);

        ApiClient.Response tooLow =
                dispatcher().put("/api/v1/stores/" + store + "/stock/" + product, Map.of("onHand", 1));
        assertThat(tooLow.status()).isEqualTo(409);
        assertThat(tooLow.body().get("detail").asString()).contains("promised to orders");

        jdbc.sql(
                        "update customer_order set slot_start = now() - interval '2 hours', slot_end = now() - interval '1 hour' where id = ?")
                .param(id)
                .update();
        tx.execute(status -> orders.expireDue());
        assertThat(resident.get("/api/v1/orders/" + id).body().get("state").asString())
                .isEqualTo("EXPIRED");
        assertThat(reserved(store, product)).isEqualTo(reserved - 3);
        assertThat(jdbc.sql("select status from compartment where locker_bank_id = 'LB-0009' and code = ?")
                        .param(compartment)
                        .query(String.class)
                        .single())
                .isEqualTo("AVAILABLE");
    }

    private int reserved(String store, String product) {
        return jdbc.sql("select reserved from stock where store_id = ? and product_id = ?")
                .params(store, product)
                .query(Integer.class)
                .single();
    }

    /** No two bookings of one compartment overlap, and every booked compartment shows it. */
    private void assertNoDoubleBooking() {
        int overlapping = jdbc.sql(
                        """
                        select count(*) from parcel a join parcel b
                          on a.compartment_id = b.compartment_id and a.id < b.id and a.booked && b.booked
                        """)
                .query(Integer.class)
                .single();
        int distinct = jdbc.sql("select count(distinct compartment_id) from parcel where compartment_id is not null")
                .query(Integer.class)
                .single();
        int reserved = jdbc.sql("select count(*) from compartment where status in ('RESERVED','OCCUPIED')")
                .query(Integer.class)
                .single();
        assertThat(overlapping).isZero();
        assertThat(reserved).isEqualTo(distinct);
    }

    private static List<JsonNode> race(int n, java.util.function.Supplier<ApiClient.Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ApiClient.Response>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return call.get();
            }));
        }
        start.countDown();
        List<JsonNode> bodies = new ArrayList<>();
        for (Future<ApiClient.Response> f : futures) {
            ApiClient.Response response = f.get();
            assertThat(response.status()).as(response.raw()).isEqualTo(201);
            bodies.add(response.body());
        }
        pool.shutdown();
        return bodies;
    }
}
