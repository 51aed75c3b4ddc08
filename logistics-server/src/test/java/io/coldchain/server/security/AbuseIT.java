package io.coldchain.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.IntegrationTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The API under abuse: brute-forced passwords are throttled per account and per source before any
 * hash is computed, machine clients get a cheap credential, oversized and malformed input is refused
 * with a problem detail, and even the servlet container's own errors are problem+json.
 */
@IntegrationTest
@TestPropertySource(
        properties = {
            "coldchain.security.sign-in-failures-per-account=5",
            "coldchain.security.sign-in-failures-per-source=12",
            "coldchain.http.max-body-bytes=65536"
        })
class AbuseIT {

    @LocalServerPort
    int port;

    @Autowired
    UserAccounts accounts;

    @Autowired
    Lockouts lockouts;

    @AfterEach
    void unlock() {
        for (String name : List.of("sign-in-account", "sign-in-source")) {
            for (String subject : List.of("target-1", "target-2", "127.0.0.1", "0:0:0:0:0:0:0:1")) {
                lockouts.clear(
                        new Lockouts.Policy(name, 1, java.time.Duration.ofMinutes(1), java.time.Duration.ZERO),
                        subject);
            }
        }
    }

    void ensureUser(String name) {
        if (!accounts.exists(name)) {
            accounts.create(name, "correct horse battery", Role.DISPATCHER, null);
        }
    }

    @Test
    void aBruteForcedAccountIsLockedAndRefusedWithRetryAfterEvenForTheRightPassword() {
        ensureUser("target-1");
        for (int i = 0; i < 5; i++) {
            assertThat(ApiClient.as(port, "target-1", "guess-" + i)
                            .get("/api/v1/stores")
                            .status())
                    .isEqualTo(401);
        }
        ApiClient.Response locked = ApiClient.as(port, "target-1", "guess-5").get("/api/v1/stores");
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.contentType()).startsWith("application/problem+json");
        assertThat(locked.body().get("type").asString()).isEqualTo("/problems/sign-in-throttled");
        // refused before the password is even looked at
        assertThat(ApiClient.as(port, "target-1", "correct horse battery")
                        .get("/api/v1/stores")
                        .status())
                .isEqualTo(429);
        // another account from the same source still signs in
        assertThat(ApiClient.as(port, "dispatcher", "demo")
                        .get("/api/v1/stores")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void theRetryAfterHeaderSaysWhen() throws Exception {
        ensureUser("target-2");
        for (int i = 0; i < 5; i++) {
            ApiClient.as(port, "target-2", "nope-" + i).get("/api/v1/stores");
        }
        var response = java.net.http.HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/stores"))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + java.util.Base64.getEncoder()
                                                        .encodeToString("target-2:x".getBytes(StandardCharsets.UTF_8)))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(429);
        long retryAfter =
                Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 15L * 60);
    }

    @Test
    void aSourceTryingManyAccountsIsLockedToo() {
        for (int i = 0; i < 12; i++) {
            ApiClient.as(port, "nobody-" + i, "x").get("/api/v1/stores");
        }
        ApiClient.Response response = ApiClient.as(port, "nobody-99", "x").get("/api/v1/stores");
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.body().get("detail").asString()).contains("source");
    }

    @Test
    void anApiTokenSignsInAMachineClientUntilItIsRevoked() {
        ApiClient dispatcher = ApiClient.as(port, "dispatcher", "demo");
        ApiClient.Response made = dispatcher.post("/api/v1/api-tokens", Map.of("name", "wall screen"));
        assertThat(made.status()).isEqualTo(201);
        String token = made.body().get("token").asString();
        assertThat(token).startsWith("cct_").hasSizeGreaterThan(40);
        ApiClient machine = ApiClient.withToken(port, token);
        assertThat(machine.get("/api/v1/locker-banks").status()).isEqualTo(200);
        // the token acts as its user: a dispatcher's token cannot do an administrator's work
        assertThat(machine.get("/api/v1/api-tokens").body().toString()).doesNotContain(token);
        ApiClient.Response list = dispatcher.get("/api/v1/api-tokens");
        assertThat(list.raw()).contains("wall screen").doesNotContain(token);
        long id = made.body().get("id").asLong();
        assertThat(dispatcher.delete("/api/v1/api-tokens/" + id).status()).isEqualTo(204);
        ApiClient.Response revoked = machine.get("/api/v1/locker-banks");
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.body().get("detail").asString()).contains("revoked");
        assertThat(ApiClient.withToken(port, "cct_forged")
                        .get("/api/v1/locker-banks")
                        .status())
                .isEqualTo(401);
        // a resident cannot make tokens for someone else
        assertThat(ApiClient.as(port, "resident1", "demo")
                        .post("/api/v1/api-tokens", Map.of("name", "x", "username", "admin"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void anOversizedBodyIsRefusedUnparsedByLengthOrWhileStreaming() {
        ApiClient resident = ApiClient.as(port, "resident1", "demo");
        String huge =
                "{\"fulfilment\":\"LOCKER\",\"lines\":[" + "{\"productId\":\"MILK-1L\",\"quantity\":1},".repeat(5000)
                        + "{\"productId\":\"MILK-1L\",\"quantity\":1}]}";
        ApiClient.Response byLength = resident.post("/api/v1/orders", huge, "Idempotency-Key", "huge-1");
        assertThat(byLength.status()).isEqualTo(413);
        assertThat(byLength.body().get("type").asString()).isEqualTo("/problems/body-too-large");
        // a chunked body (no length) is cut off as soon as it passes the limit
        byte[] bytes = huge.getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher chunked = new HttpRequest.BodyPublisher() {
            final HttpRequest.BodyPublisher inner = HttpRequest.BodyPublishers.ofByteArray(bytes);

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
                inner.subscribe(subscriber);
            }
        };
        ApiClient.Response streamed = resident.send(
                "POST", "/api/v1/orders", chunked, "Content-Type", "application/json", "Idempotency-Key", "huge-2");
        assertThat(streamed.status()).isEqualTo(413);
        // an order with more lines than a basket has is a 400 naming the field
        String many = "{\"fulfilment\":\"LOCKER\",\"pickupDate\":\"2099-01-01\",\"lines\":["
                + "{\"productId\":\"MILK-1L\",\"quantity\":1},".repeat(250)
                + "{\"productId\":\"MILK-1L\",\"quantity\":1}]}";
        ApiClient.Response tooMany = resident.post("/api/v1/orders", many, "Idempotency-Key", "many-1");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.raw()).contains("lines");
    }

    @Test
    void aNulByteIsA400NamingTheFieldNotAConflict() {
        ApiClient admin = ApiClient.as(port, "admin", "demo");
        ApiClient.Response body = admin.post(
                "/api/v1/stores",
                "{\"id\":\"ST-NUL\",\"name\":\"Nul\\u0000Store\",\"address\":\"x\",\"lat\":46.0,\"lon\":9.0}");
        assertThat(body.status()).isEqualTo(400);
        assertThat(body.body().get("errors").get(0).get("field").asString()).isEqualTo("name");
        ApiClient.Response query = admin.get("/api/v1/orders?storeId=%00");
        assertThat(query.status()).isEqualTo(400);
        assertThat(query.contentType()).startsWith("application/problem+json");
        assertThat(admin.get("/api/v1/stores/ST-NUL").status()).isEqualTo(404);
    }

    @Test
    void unknownPathsAndTheErrorPageAnswerProblemJson() {
        ApiClient dispatcher = ApiClient.as(port, "dispatcher", "demo");
        for (String path : List.of("/api/v1/no-such-thing", "/error")) {
            ApiClient.Response response = dispatcher.get(path);
            assertThat(response.contentType()).as(path).startsWith("application/problem+json");
            assertThat(response.body().get("status").asInt()).as(path).isGreaterThanOrEqualTo(400);
        }
        assertThat(dispatcher.get("/api/v1/no-such-thing").status()).isEqualTo(404);
    }

    @Test
    void theContainersOwnErrorsAreProblemJsonToo() throws Exception {
        // requests Tomcat refuses before any servlet sees them: a broken URL, headers too large
        for (String request : List.of(
                "GET /api/v1/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /api/v1/stores HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                        + "\r\nConnection: close\r\n\r\n")) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 400");
                assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("application/problem+json");
                assertThat(answer).doesNotContain("<html").contains("\"status\":400");
            }
        }
    }
}
