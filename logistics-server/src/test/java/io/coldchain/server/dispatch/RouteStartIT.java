package io.coldchain.server.dispatch;

import static io.coldchain.server.testing.OrderFixtures.awaitWave;
import static io.coldchain.server.testing.OrderFixtures.lockerOrder;
import static io.coldchain.server.testing.OrderFixtures.place;
import static io.coldchain.server.testing.OrderFixtures.tomorrow;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.Deliveries;
import io.coldchain.server.testing.IntegrationTest;
import io.coldchain.server.testing.OwnStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Starting routes as a real site does (early starts not allowed by configuration, unlike the demo):
 * a vehicle drives one route at a time, and a route for a later day starts early only when asked.
 */
@IntegrationTest
@TestPropertySource(properties = "coldchain.dispatch.allow-early-start=false")
class RouteStartIT {

    @LocalServerPort
    int port;

    @Test
    void aVehicleDrivesOneRouteAtATimeAndTomorrowsRouteStartsTodayOnlyWhenAsked() {
        OwnStore own = OwnStore.nextTo(port, "LB-0005");
        ApiClient dispatcher = ApiClient.as(port, "dispatcher", "demo");
        ApiClient courier = ApiClient.as(port, "courier", "demo");
        ApiClient resident = ApiClient.as(port, "resident1", "demo");
        List<Long> routes = new ArrayList<>();
        List<Long> orders = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            orders.add(place(resident, lockerOrder("LB-0005", own.product(), 1))
                    .body()
                    .get("id")
                    .asLong());
            dispatcher.post("/api/v1/assignment-runs", Map.of());
            long wave = dispatcher
                    .post(
                            "/api/v1/waves",
                            Map.of(
                                    "deliveryDate",
                                    tomorrow().toString(),
                                    "storeIds",
                                    List.of(own.id()),
                                    "timeLimitSeconds",
                                    1))
                    .body()
                    .get("id")
                    .asLong();
            JsonNode planned = awaitWave(dispatcher, wave);
            assertThat(planned.get("routeIds")).as(planned.toString()).hasSize(1);
            long route = planned.get("routeIds").get(0).asLong();
            assertThat(dispatcher
                            .post("/api/v1/routes/" + route + "/approve", Map.of())
                            .status())
                    .isEqualTo(200);
            routes.add(route);
        }

        ApiClient.Response notDue = courier.post("/api/v1/routes/" + routes.get(0) + "/start", Map.of());
        assertThat(notDue.status()).isEqualTo(409);
        assertThat(notDue.body().get("type").asString()).isEqualTo("/problems/route-not-due");
        assertThat(notDue.body().get("detail").asString()).contains("early=true");
        ApiClient.Response first = courier.post("/api/v1/routes/" + routes.get(0) + "/start?early=true", Map.of());
        assertThat(first.status()).as(first.raw()).isEqualTo(200);

        ApiClient.Response second = courier.post("/api/v1/routes/" + routes.get(1) + "/start?early=true", Map.of());
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body().get("type").asString()).isEqualTo("/problems/vehicle-on-route");
        assertThat(second.body().get("routeId").asLong()).isEqualTo(routes.get(0));
        assertThat(second.body().get("detail").asString())
                .contains(own.vehicle())
                .contains("route " + routes.get(0));
        assertThat(dispatcher
                        .get("/api/v1/routes/" + routes.get(1))
                        .body()
                        .get("status")
                        .asString())
                .isEqualTo("APPROVED");

        // the first route done, the vehicle takes the second
        JsonNode route = first.body();
        JsonNode stop = route.get("stops").get(0);
        ApiClient.Response dropped = Deliveries.dropByHand(courier, route, stop, List.of(orders.get(0)));
        assertThat(dropped.status()).as(dropped.raw()).isEqualTo(200);
        assertThat(dispatcher
                        .get("/api/v1/routes/" + routes.get(0))
                        .body()
                        .get("status")
                        .asString())
                .isEqualTo("COMPLETED");
        ApiClient.Response next = courier.post("/api/v1/routes/" + routes.get(1) + "/start?early=true", Map.of());
        assertThat(next.status()).as(next.raw()).isEqualTo(200);
    }
}
