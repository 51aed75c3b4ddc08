package io.coldchain.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Takes placed orders out to their lockers through the API, as a dispatcher and a courier would:
 * assignment, tomorrow's wave, approve and start every route, and (when asked) every parcel put in
 * by hand.
 */
public final class Deliveries {

    private Deliveries() {}

    /** Assigns, plans tomorrow's wave, approves and starts every route; returns the started routes. */
    public static List<JsonNode> sendOut(ApiClient dispatcher, ApiClient courier) {
        ApiClient.Response run = dispatcher.post("/api/v1/assignment-runs", Map.of());
        assertThat(run.status()).as(run.raw()).isEqualTo(201);
        ApiClient.Response created = OrderFixtures.planTomorrow(dispatcher, 2);
        assertThat(created.status()).as(created.raw()).isEqualTo(202);
        JsonNode wave =
                OrderFixtures.awaitWave(dispatcher, created.body().get("id").asLong());
        assertThat(wave.get("status").asString()).as(wave.toString()).isEqualTo("PLANNED");
        List<JsonNode> routes = new ArrayList<>();
        for (JsonNode id : wave.get("routeIds")) {
            long route = id.asLong();
            ApiClient.Response approved = dispatcher.post("/api/v1/routes/" + route + "/approve", Map.of());
            assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
            ApiClient.Response started = courier.post("/api/v1/routes/" + route + "/start", Map.of());
            assertThat(started.status()).as(started.raw()).isEqualTo(200);
            routes.add(started.body());
        }
        return routes;
    }

    /** The route and stop that carry the order's first parcel. */
    public static JsonNode[] stopOf(List<JsonNode> routes, long orderId) {
        for (JsonNode route : routes) {
            for (JsonNode stop : route.get("stops")) {
                for (JsonNode parcel : stop.get("parcels")) {
                    if (parcel.get("orderId").asLong() == orderId) {
                        return new JsonNode[] {route, stop};
                    }
                }
            }
        }
        throw new AssertionError("order " + orderId + " is on none of the routes");
    }

    /** Puts the parcels of these orders at this stop into their reserved compartments by hand. */
    public static ApiClient.Response dropByHand(ApiClient courier, JsonNode route, JsonNode stop, List<Long> orders) {
        List<Map<String, Object>> drops = new ArrayList<>();
        for (JsonNode parcel : stop.get("parcels")) {
            if (orders.contains(parcel.get("orderId").asLong())) {
                drops.add(Map.of(
                        "parcelId",
                        parcel.get("parcelId").asLong(),
                        "compartment",
                        parcel.get("compartment").asString()));
            }
        }
        return courier.post(
                "/api/v1/routes/" + route.get("id").asLong() + "/stops/"
                        + stop.get("seq").asInt() + "/drop-offs",
                Map.of("drops", drops));
    }
}
