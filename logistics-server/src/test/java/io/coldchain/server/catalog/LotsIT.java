package io.coldchain.server.catalog;

import static io.coldchain.server.testing.OrderFixtures.lockerOrder;
import static io.coldchain.server.testing.OrderFixtures.place;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.IntegrationTest;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Stock held in lots: assignment reserves first-expired-first-out, the stock API is the sum over lots. */
@IntegrationTest
class LotsIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void assignmentTakesTheLotThatExpiresFirstAndTheOrderKeepsItsLotCodes() {
        ApiClient admin = ApiClient.as(port, "admin", "demo");
        String product = "FEFO-" + System.nanoTime() % 100_000;
        assertThat(admin.post(
                                "/api/v1/products",
                                Map.of(
                                        "id",
                                        product,
                                        "name",
                                        "FEFO yoghurt",
                                        "temperatureClass",
                                        "CHILLED",
                                        "volumeLitres",
                                        0.5,
                                        "weightKg",
                                        0.5,
                                        "shelfLife",
                                        Map.of("days", 10, "referenceTempC", 4, "q10", 2)))
                        .status())
                .isEqualTo(201);
        LocalDate today = LocalDate.now();
        // received first but expiring later; then a lot that expires sooner
        assertThat(admin.post(
                                "/api/v1/stores/ST-01/lots",
                                Map.of(
                                        "productId",
                                        product,
                                        "lotCode",
                                        "LATE-1",
                                        "quantity",
                                        5,
                                        "bestBefore",
                                        today.plusDays(10).toString()))
                        .status())
                .isEqualTo(201);
        assertThat(admin.post(
                                "/api/v1/stores/ST-01/lots",
                                Map.of(
                                        "productId",
                                        product,
                                        "lotCode",
                                        "SOON-1",
                                        "quantity",
                                        5,
                                        "bestBefore",
                                        today.plusDays(3).toString()))
                        .status())
                .isEqualTo(201);
        ApiClient.Response badLot = admin.post(
                "/api/v1/stores/ST-01/lots",
                Map.of("productId", product, "lotCode", "bad code!", "quantity", 5, "bestBefore", today.toString()));
        assertThat(badLot.status()).isEqualTo(400);

        ApiClient resident = ApiClient.as(port, "resident1", "demo");
        ApiClient.Response placed = place(resident, lockerOrder("LB-0001", product, 7));
        assertThat(placed.status()).as(placed.raw()).isEqualTo(201);
        long order = placed.body().get("id").asLong();
        ApiClient dispatcher = ApiClient.as(port, "dispatcher", "demo");
        assertThat(dispatcher.post("/api/v1/assignment-runs", Map.of()).status())
                .isEqualTo(201);
        assertThat(dispatcher.get("/api/v1/orders/" + order).body().get("state").asString())
                .isEqualTo("ASSIGNED");
        assertThat(jdbc.sql(
                                """
                                select l.lot_code || ':' || ol.quantity from order_lot ol join stock_lot l on l.id = ol.lot_id
                                where ol.order_id = ? order by l.best_before
                                """)
                        .param(order)
                        .query(String.class)
                        .list())
                .containsExactly("SOON-1:5", "LATE-1:2");
        JsonNode stock = dispatcher.get("/api/v1/stores/ST-01/stock").body();
        JsonNode level = null;
        for (JsonNode s : stock) {
            if (s.get("productId").asString().equals(product)) {
                level = s;
            }
        }
        assertThat(level.get("onHand").asInt()).isEqualTo(10);
        assertThat(level.get("reserved").asInt()).isEqualTo(7);
        assertThat(level.get("available").asInt()).isEqualTo(3);
        JsonNode lots = dispatcher.get("/api/v1/stores/ST-01/lots").body();
        assertThat(lots.toString()).contains("SOON-1").contains("LATE-1");
        // setting on hand below what is promised is refused; above it arrives as a lot received today
        assertThat(dispatcher
                        .put("/api/v1/stores/ST-01/stock/" + product, Map.of("onHand", 6))
                        .status())
                .isEqualTo(409);
        assertThat(dispatcher
                        .put("/api/v1/stores/ST-01/stock/" + product, Map.of("onHand", 12))
                        .status())
                .isEqualTo(200);
        // a cancel gives the reservations back to the very lots
        assertThat(resident.post("/api/v1/orders/" + order + "/cancel", Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(jdbc.sql("select coalesce(sum(reserved), 0) from stock_lot where product_id = ?")
                        .param(product)
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select sum(quantity) from stock_lot where product_id = ?")
                        .param(product)
                        .query(Integer.class)
                        .single())
                .isEqualTo(12);
    }
}
