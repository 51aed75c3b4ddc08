package io.coldchain.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.IntegrationTest;
import io.coldchain.server.testing.NetworkFixtures;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Products and stock over the API. */
@IntegrationTest
class CatalogApiIT {

    @LocalServerPort
    int port;

    private static Map<String, Object> product(String id) {
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("id", id);
        product.put("name", "Test " + id);
        product.put("temperatureClass", "CHILLED");
        product.put("volumeLitres", 1.0);
        product.put("weightKg", 0.9);
        product.put("shelfLife", Map.of("days", 10, "referenceTempC", 4.0, "q10", 2.5));
        return product;
    }

    @Test
    void administratorsManageProductsAndEveryoneReadsThem() {
        ApiClient admin = ApiClient.as(port, "admin", "demo");
        String id = NetworkFixtures.uniqueId("P");
        ApiClient.Response created = admin.post("/api/v1/products", product(id));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().get("shelfLife").get("q10").asDouble()).isEqualTo(2.5);
        assertThat(admin.post("/api/v1/products", product(id)).status()).isEqualTo(409);

        Map<String, Object> bad = product(NetworkFixtures.uniqueId("P"));
        bad.put("shelfLife", Map.of("days", 0, "referenceTempC", 4.0, "q10", 0.5));
        bad.put("temperatureClass", "LUKEWARM");
        assertThat(admin.post("/api/v1/products", bad).status()).isEqualTo(400);
        bad.put("temperatureClass", "CHILLED");
        JsonNode problem = admin.post("/api/v1/products", bad).body();
        assertThat(problem.get("errors"))
                .extracting(e -> e.get("field").asString())
                .contains("shelfLife.days", "shelfLife.q10");

        Map<String, Object> update = product(id);
        update.put("name", "Renamed");
        update.put("version", 0);
        assertThat(admin.put("/api/v1/products/" + id, update)
                        .body()
                        .get("name")
                        .asString())
                .isEqualTo("Renamed");
        assertThat(admin.put("/api/v1/products/" + id, update).status())
                .as("stale version")
                .isEqualTo(409);

        assertThat(ApiClient.as(port, "resident1", "demo")
                        .get("/api/v1/products/" + id)
                        .status())
                .isEqualTo(200);
        assertThat(ApiClient.as(port, "dispatcher", "demo")
                        .post("/api/v1/products", product("X-" + id))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void stockCannotDropBelowWhatIsPromisedToOrders() {
        ApiClient dispatcher = ApiClient.as(port, "dispatcher", "demo");
        String id = NetworkFixtures.uniqueId("P");
        assertThat(ApiClient.as(port, "admin", "demo")
                        .post("/api/v1/products", product(id))
                        .status())
                .isEqualTo(201);
        JsonNode level = dispatcher
                .put("/api/v1/stores/ST-01/stock/" + id, Map.of("onHand", 5))
                .body();
        assertThat(level.get("available").asInt()).isEqualTo(5);
        assertThat(dispatcher
                        .put("/api/v1/stores/ST-01/stock/" + id, Map.of("onHand", -1))
                        .status())
                .isEqualTo(400);
        assertThat(dispatcher
                        .put("/api/v1/stores/NOPE/stock/" + id, Map.of("onHand", 1))
                        .status())
                .isEqualTo(404);
        assertThat(dispatcher.get("/api/v1/stores/ST-01/stock").body())
                .extracting(s -> s.get("productId").asString())
                .contains(id);
        assertThat(ApiClient.as(port, "resident1", "demo")
                        .get("/api/v1/stores/ST-01/stock")
                        .status())
                .isEqualTo(403);
    }
}
