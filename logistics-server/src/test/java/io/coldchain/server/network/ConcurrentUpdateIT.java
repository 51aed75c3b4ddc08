package io.coldchain.server.network;

import static io.coldchain.server.testing.NetworkFixtures.lockerBank;
import static io.coldchain.server.testing.NetworkFixtures.store;
import static io.coldchain.server.testing.NetworkFixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.ApiClient.Response;
import io.coldchain.server.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Two clients updating the same locker bank never silently overwrite each other. */
@IntegrationTest
class ConcurrentUpdateIT {

    @LocalServerPort
    int port;

    @Test
    void secondUpdateBasedOnTheSameVersionIsAConflict() {
        ApiClient alice = ApiClient.as(port, "admin", "demo");
        ApiClient bob = ApiClient.as(port, "admin", "demo");
        String bankId = createBank(alice);
        long version = alice.get("/api/v1/locker-banks/" + bankId)
                .body()
                .get("version")
                .asLong();

        Response first = alice.put("/api/v1/locker-banks/" + bankId, renamed(bankId, "Alice's name", version));
        Response second = bob.put("/api/v1/locker-banks/" + bankId, renamed(bankId, "Bob's name", version));

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(alice.get("/api/v1/locker-banks/" + bankId)
                        .body()
                        .get("name")
                        .asString())
                .isEqualTo("Alice's name");
    }

    @Test
    void racingUpdatesLetExactlyOneWin() throws Exception {
        ApiClient admin = ApiClient.as(port, "admin", "demo");
        int rounds = 10;
        int clients = 4;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int round = 0; round < rounds; round++) {
                String bankId = createBank(admin);
                long version = admin.get("/api/v1/locker-banks/" + bankId)
                        .body()
                        .get("version")
                        .asLong();
                CyclicBarrier start = new CyclicBarrier(clients);
                List<Future<Response>> results = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    String name = "client " + c;
                    results.add(pool.submit(() -> {
                        start.await();
                        return admin.put("/api/v1/locker-banks/" + bankId, renamed(bankId, name, version));
                    }));
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Response> result : results) {
                    statuses.add(result.get().status());
                }
                assertThat(statuses).containsOnly(200, 409);
                assertThat(statuses.stream().filter(s -> s == 200).count())
                        .as("round %d: %s", round, statuses)
                        .isEqualTo(1);
                Response after = admin.get("/api/v1/locker-banks/" + bankId);
                assertThat(after.body().get("version").asLong()).isEqualTo(version + 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void updateWithoutVersionIsRejected() {
        ApiClient admin = ApiClient.as(port, "admin", "demo");
        String bankId = createBank(admin);
        Map<String, Object> body = lockerBank(bankId, null);
        Response response = admin.put("/api/v1/locker-banks/" + bankId, body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("errors").get(0).get("field").asString()).isEqualTo("version");
    }

    private String createBank(ApiClient admin) {
        String storeId = uniqueId("ST");
        admin.post("/api/v1/stores", store(storeId));
        String bankId = uniqueId("LB");
        assertThat(admin.post("/api/v1/locker-banks", lockerBank(bankId, storeId))
                        .status())
                .isEqualTo(201);
        return bankId;
    }

    private static Map<String, Object> renamed(String bankId, String name, long version) {
        Map<String, Object> body = lockerBank(bankId, null);
        body.put("name", name);
        body.put("version", version);
        return body;
    }
}
