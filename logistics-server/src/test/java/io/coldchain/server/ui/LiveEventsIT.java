package io.coldchain.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.IntegrationTest;
import io.coldchain.server.testing.OrderFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The live-event stream as a client sees it: a resident hears of their own orders only, staff of
 * all; a client that reconnects with Last-Event-ID gets what it missed, in order; heartbeats come;
 * a client that went away is dropped.
 */
@IntegrationTest
class LiveEventsIT {

    @LocalServerPort
    int port;

    @Autowired
    LiveEvents live;

    /** One open stream: its lines as they come. */
    final class Listener implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final CompletableFuture<HttpResponse<Stream<String>>> response;

        Listener(String user, String lastEventId) {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/v1/live"))
                    .header("Accept", "text/event-stream")
                    .header(
                            "Authorization",
                            "Basic "
                                    + Base64.getEncoder()
                                            .encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            response = HttpClient.newHttpClient()
                    .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                    .thenApply(r -> {
                        new Thread(
                                        () -> {
                                            try {
                                                r.body().forEach(lines::add);
                                            } catch (java.io.UncheckedIOException closed) {
                                                // the test closed the stream
                                            }
                                        },
                                        "sse-reader")
                                .start();
                        return r;
                    });
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains(":connected"));
        }

        /** The data of the events of that name, in order. */
        List<String> data(String event) {
            List<String> out = new java.util.ArrayList<>();
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).equals("event:" + event) && lines.get(i + 1).startsWith("data:")) {
                    out.add(lines.get(i + 1).substring(5));
                }
            }
            return out;
        }

        List<Long> ids() {
            return lines.stream()
                    .filter(l -> l.startsWith("id:"))
                    .map(l -> Long.parseLong(l.substring(3)))
                    .toList();
        }

        @Override
        public void close() {
            response.thenAccept(r -> r.body().close());
            response.cancel(true);
        }
    }

    long placeAndCancel(String resident) {
        ApiClient client = ApiClient.as(port, resident, "demo");
        long id = OrderFixtures.place(client, OrderFixtures.lockerOrder(null, "MILK-1L", 1))
                .body()
                .get("id")
                .asLong();
        assertThat(client.post("/api/v1/orders/" + id + "/cancel", null).status())
                .isEqualTo(200);
        return id;
    }

    @Test
    void aResidentHearsOfTheirOwnOrdersOnlyAndStaffOfAll() {
        try (Listener ada = new Listener("resident1", null);
                Listener dispatcher = new Listener("dispatcher", null)) {
            long bens = placeAndCancel("resident2");
            long adas = placeAndCancel("resident1");
            String adaCancelled = "{\"orderIds\":[" + adas + "],\"from\":\"PLACED\",\"to\":\"CANCELLED\"}";
            await().atMost(Duration.ofSeconds(10)).until(() -> ada.data("order").contains(adaCancelled));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> dispatcher.data("order").stream().anyMatch(d -> d.contains("[" + bens + "]")));
            assertThat(ada.data("order")).noneMatch(d -> d.contains("[" + bens + "]") || d.contains("," + bens + "]"));
            // nor anything meant for staff
            assertThat(ada.lines).noneMatch(l -> l.startsWith("event:") && !l.equals("event:order"));
        }
    }

    @Test
    void aClientThatReconnectsWithLastEventIdGetsWhatItMissedInOrder() {
        long last;
        try (Listener first = new Listener("dispatcher", null)) {
            long id = placeAndCancel("resident1");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> first.data("order").stream().anyMatch(d -> d.contains("[" + id + "]")));
            last = first.ids().get(first.ids().size() - 1);
        }
        long missed = placeAndCancel("resident2");
        try (Listener again = new Listener("dispatcher", Long.toString(last))) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> again.data("order").stream().anyMatch(d -> d.contains("[" + missed + "]")));
            List<Long> ids = again.ids();
            assertThat(ids).allMatch(i -> i > last);
            assertThat(ids).isSorted();
        }
    }

    @Test
    void heartbeatsComeAndAClientThatWentAwayIsDropped() {
        int before = live.clients();
        try (Listener stream = new Listener("quality", null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> live.clients() == before + 1);
            live.beat();
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.lines.contains(":heartbeat"));
        }
        // the client is gone; the next write to it fails and drops it (not a 30-minute timeout)
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            live.beat();
            return live.clients() == before;
        });
    }
}
