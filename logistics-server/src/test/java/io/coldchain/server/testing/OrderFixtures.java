package io.coldchain.server.testing;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Order request bodies as JSON maps (one field can be broken at a time), and polling helpers. */
public final class OrderFixtures {

    private OrderFixtures() {}

    public static LocalDate tomorrow() {
        return LocalDate.now(ZoneOffset.UTC).plusDays(1);
    }

    /** A slot tomorrow from {@code fromHour} to {@code toHour} UTC. */
    public static Map<String, Object> slot(int fromHour, int toHour) {
        Map<String, Object> slot = new LinkedHashMap<>();
        slot.put(
                "start",
                tomorrow().atTime(fromHour, 0).toInstant(ZoneOffset.UTC).toString());
        slot.put("end", tomorrow().atTime(toHour, 0).toInstant(ZoneOffset.UTC).toString());
        return slot;
    }

    /** A LOCKER order at {@code bank} (null: the resident's preference) collected tomorrow 14:00-20:00. */
    public static Map<String, Object> lockerOrder(String bank, Object... productQuantityPairs) {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("fulfilment", "LOCKER");
        if (bank != null) {
            order.put("lockerBankId", bank);
        }
        order.put("pickupSlot", slot(14, 20));
        order.put("lines", lines(productQuantityPairs));
        return order;
    }

    public static List<Map<String, Object>> lines(Object... productQuantityPairs) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < productQuantityPairs.length; i += 2) {
            lines.add(Map.of("productId", productQuantityPairs[i], "quantity", productQuantityPairs[i + 1]));
        }
        return lines;
    }

    /** Places with a fresh idempotency key and returns the response. */
    public static ApiClient.Response place(ApiClient client, Map<String, Object> order) {
        return client.post(
                "/api/v1/orders",
                order,
                "Idempotency-Key",
                java.util.UUID.randomUUID().toString());
    }

    /** Asks for a wave of tomorrow's parcels of the three demo stores. */
    public static ApiClient.Response planTomorrow(ApiClient dispatcher, int seconds) {
        return dispatcher.post(
                "/api/v1/waves",
                Map.of(
                        "deliveryDate",
                        tomorrow().toString(),
                        "storeIds",
                        List.of("ST-01", "ST-02", "ST-03"),
                        "timeLimitSeconds",
                        seconds));
    }

    /** Polls the wave until it leaves PLANNING (deadline 2 minutes). */
    public static JsonNode awaitWave(ApiClient dispatcher, long waveId) {
        return org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofMinutes(2))
                .pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> dispatcher.get("/api/v1/waves/" + waveId).body(), wave -> !"PLANNING"
                        .equals(wave.get("status").asString()));
    }
}
