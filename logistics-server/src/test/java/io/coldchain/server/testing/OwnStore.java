package io.coldchain.server.testing;

import static io.coldchain.server.testing.NetworkFixtures.location;
import static io.coldchain.server.testing.NetworkFixtures.store;
import static io.coldchain.server.testing.NetworkFixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A test's own store: orders for its product go there and nowhere else, carried by its one vehicle. */
public record OwnStore(String id, String vehicle, String product) {

    /**
     * A new store on the bank's doorstep with one vehicle and the only stock of a product of its own,
     * so orders for that product go there and nowhere else.
     */
    public static OwnStore nextTo(int port, String bankId) {
        ApiClient admin = ApiClient.as(port, "admin", "demo");
        JsonNode bank = admin.get("/api/v1/locker-banks/" + bankId).body();
        String store = uniqueId("ST");
        Map<String, Object> storeBody = store(store);
        storeBody.put(
                "location",
                location(
                        bank.get("location").get("lat").asDouble(),
                        bank.get("location").get("lon").asDouble()));
        assertThat(admin.post("/api/v1/stores", storeBody).status()).isEqualTo(201);
        String vehicle = "VH-" + store;
        assertThat(admin.post("/api/v1/vehicles", NetworkFixtures.vehicle(vehicle, store))
                        .status())
                .isEqualTo(201);
        String product = "P-" + store;
        assertThat(admin.post(
                                "/api/v1/products",
                                Map.of(
                                        "id",
                                        product,
                                        "name",
                                        "Salad of " + store,
                                        "temperatureClass",
                                        "CHILLED",
                                        "volumeLitres",
                                        1.0,
                                        "weightKg",
                                        0.5,
                                        "shelfLife",
                                        Map.of("days", 5, "referenceTempC", 4, "q10", 2)))
                        .status())
                .isEqualTo(201);
        assertThat(ApiClient.as(port, "dispatcher", "demo")
                        .put("/api/v1/stores/" + store + "/stock/" + product, Map.of("onHand", 100))
                        .status())
                .isEqualTo(200);
        return new OwnStore(store, vehicle, product);
    }
}
