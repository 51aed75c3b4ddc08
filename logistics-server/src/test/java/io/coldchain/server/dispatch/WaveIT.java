package io.coldchain.server.dispatch;

import static io.coldchain.server.testing.OrderFixtures.awaitWave;
import static io.coldchain.server.testing.OrderFixtures.lockerOrder;
import static io.coldchain.server.testing.OrderFixtures.place;
import static io.coldchain.server.testing.OrderFixtures.planTomorrow;
import static io.coldchain.server.testing.OrderFixtures.slot;
import static io.coldchain.server.testing.OrderFixtures.tomorrow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.IntegrationTest;
import io.coldchain.server.testing.OwnStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Wave planning: progress while it runs, cancellation, and parcels left out with their reason. */
@IntegrationTest
@TestPropertySource(properties = "coldchain.test.context=waves")
class WaveIT {

    @LocalServerPort
    int port;

    private ApiClient dispatcher() {
        return ApiClient.as(port, "dispatcher", "demo");
    }

    private long plan(int seconds) {
        ApiClient.Response created = planTomorrow(dispatcher(), seconds);
        assertThat(created.status()).as(created.raw()).isEqualTo(202);
        return created.body().get("id").asLong();
    }

    @Test
    void planningReportsProgressCanBeCancelledAndLeavesTheParcelsPlannable() {
        ApiClient resident = ApiClient.as(port, "resident1", "demo");
        for (int i = 0; i < 8; i++) {
            String bank = String.format(Locale.ROOT, "LB-%04d", 1 + 3 * (i % 4));
            assertThat(place(resident, lockerOrder(bank, "MILK-1L", 1)).status())
                    .isEqualTo(201);
        }
        assertThat(dispatcher().post("/api/v1/assignment-runs", Map.of()).status())
                .isEqualTo(201);

        long wave = plan(120);
        JsonNode planning = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> dispatcher().get("/api/v1/waves/" + wave).body(), w -> !w.get("progress")
                        .isNull());
        assertThat(planning.get("status").asString()).isEqualTo("PLANNING");
        assertThat(planning.get("progress").get("vehicles").asInt()).isPositive();

        assertThat(dispatcher()
                        .post("/api/v1/waves/" + wave + "/cancel", Map.of())
                        .status())
                .isEqualTo(200);
        JsonNode cancelled = awaitWave(dispatcher(), wave);
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("routeIds")).isEmpty();

        JsonNode again = awaitWave(dispatcher(), plan(2));
        assertThat(again.get("status").asString()).isEqualTo("PLANNED");
        assertThat(again.get("parcelsPlanned").asInt()).isGreaterThanOrEqualTo(8);

        // a planned wave whose routes are not yet approved can be discarded, freeing its parcels
        assertThat(dispatcher()
                        .post("/api/v1/waves/" + again.get("id").asLong() + "/cancel", Map.of())
                        .status())
                .isEqualTo(200);
        JsonNode third = awaitWave(dispatcher(), plan(2));
        assertThat(third.get("parcelsPlanned").asInt())
                .isEqualTo(again.get("parcelsPlanned").asInt());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aParcelThatCannotBeDeliveredSaysWhy() {
        ApiClient resident = ApiClient.as(port, "resident2", "demo");
        // LB-0008 opens at 07:00 (not around the clock); the resident wants to collect from 06:30
        Map<String, Object> early = lockerOrder("LB-0008", "YOGH-4PK", 1);
        early.put("pickupSlot", slot(6, 9));
        ((Map<String, Object>) early.get("pickupSlot"))
                .put(
                        "start",
                        tomorrow()
                                .atTime(6, 30)
                                .toInstant(java.time.ZoneOffset.UTC)
                                .toString());
        long order = place(resident, early).body().get("id").asLong();
        assertThat(dispatcher().post("/api/v1/assignment-runs", Map.of()).status())
                .isEqualTo(201);
        String store =
                resident.get("/api/v1/orders/" + order).body().get("storeId").asString();

        JsonNode wave = awaitWave(dispatcher(), plan(2));
        assertThat(wave.get("status").asString()).isEqualTo("PLANNED");
        assertThat(wave.get("unserved"))
                .filteredOn(u -> u.get("orderId").asLong() == order)
                .singleElement()
                .satisfies(u -> assertThat(u.get("reason").asString()).startsWith("no delivery time"));
        assertThat(dispatcher()
                        .post("/api/v1/waves", Map.of("deliveryDate", "2020-01-01", "storeIds", List.of(store)))
                        .status())
                .isEqualTo(400);
        assertThat(dispatcher()
                        .post(
                                "/api/v1/waves",
                                Map.of("deliveryDate", tomorrow().toString(), "storeIds", List.of("NOPE")))
                        .body()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("storeIds[0]");
    }

    @Test
    void aLaterWaveSendsAVehicleOutAgainWhenItsFirstRouteIsBack() {
        OwnStore own = OwnStore.nextTo(port, "LB-0005");
        String store = own.id();
        String vehicle = own.vehicle();
        ApiClient resident = ApiClient.as(port, "resident1", "demo");
        List<JsonNode> waves = new java.util.ArrayList<>();
        for (int round = 0; round < 2; round++) {
            long order = place(resident, lockerOrder("LB-0005", own.product(), 1))
                    .body()
                    .get("id")
                    .asLong();
            dispatcher().post("/api/v1/assignment-runs", Map.of());
            assertThat(resident.get("/api/v1/orders/" + order)
                            .body()
                            .get("storeId")
                            .asString())
                    .isEqualTo(store);
            JsonNode wave = awaitWave(dispatcher(), planFor(store, 1));
            assertThat(wave.get("parcelsPlanned").asInt()).as(wave.toString()).isEqualTo(1);
            waves.add(dispatcher()
                    .get("/api/v1/routes/" + wave.get("routeIds").get(0).asLong())
                    .body());
        }
        assertThat(waves).allMatch(r -> r.get("vehicleId").asString().equals(vehicle));
        Instant firstBack = Instant.parse(waves.get(0).get("returnAt").asString());
        Instant secondOut = Instant.parse(waves.get(1).get("departure").asString());
        assertThat(secondOut).isAfterOrEqualTo(firstBack);
    }

    @Test
    void aOneParcelWaveStopsAtOnceAndSaysWhy() {
        OwnStore own = OwnStore.nextTo(port, "LB-0010");
        ApiClient resident = ApiClient.as(port, "resident1", "demo");
        place(resident, lockerOrder("LB-0010", own.product(), 1));
        dispatcher().post("/api/v1/assignment-runs", Map.of());
        JsonNode wave = awaitWave(dispatcher(), planFor(own.id(), 60));
        assertThat(wave.get("parcelsPlanned").asInt()).as(wave.toString()).isEqualTo(1);
        assertThat(wave.get("progress").get("stopReason").asString()).isEqualTo("trivial");
        assertThat(Duration.between(
                        Instant.parse(wave.get("createdAt").asString()),
                        Instant.parse(wave.get("finishedAt").asString())))
                .as("a one-parcel wave does not use its 60 s")
                .isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aSmallWaveStopsWhenItHasConvergedAndReportsItsSearch() {
        OwnStore own = OwnStore.nextTo(port, "LB-0007");
        ApiClient resident = ApiClient.as(port, "resident2", "demo");
        for (String bank : List.of("LB-0007", "LB-0006", "LB-0004")) {
            assertThat(place(resident, lockerOrder(bank, own.product(), 1)).status())
                    .isEqualTo(201);
        }
        dispatcher().post("/api/v1/assignment-runs", Map.of());
        long id = planFor(own.id(), 24);
        JsonNode running = await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> dispatcher().get("/api/v1/waves/" + id).body(),
                        w -> !w.get("progress").isNull()
                                && w.get("progress").get("iterations").asLong() > 0);
        assertThat(running.get("progress").get("elapsedSeconds").asDouble()).isPositive();
        JsonNode wave = awaitWave(dispatcher(), id);
        JsonNode search = wave.get("progress");
        assertThat(search.get("stopReason").asString()).as(wave.toString()).isEqualTo("converged");
        assertThat(search.get("iterations").asLong()).isGreaterThanOrEqualTo(2_000);
        assertThat(search.get("elapsedSeconds").asDouble())
                .as("no improvement for a quarter of the 24 s budget ends the search early")
                .isLessThan(20.0);
        assertThat(wave.get("driveSeconds").asDouble()).isPositive();
    }

    private long planFor(String store, int seconds) {
        ApiClient.Response created = dispatcher()
                .post(
                        "/api/v1/waves",
                        Map.of(
                                "deliveryDate",
                                tomorrow().toString(),
                                "storeIds",
                                List.of(store),
                                "timeLimitSeconds",
                                seconds));
        assertThat(created.status()).as(created.raw()).isEqualTo(202);
        return created.body().get("id").asLong();
    }
}
