package io.coldchain.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.server.ColdchainServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README promises for Ctrl-C: the embedded system, busy with the demo's telemetry, stops
 * in order on SIGTERM. Its own JVM, as a person runs it: the embedded PostgreSQL once carried a
 * JVM shutdown hook of its own that stopped the database while the gateway was still storing
 * readings ("Failed to validate connection", then a hang until kill -9).
 */
class StopsCleanlyIT {

    @TempDir
    Path dir;

    @Test
    void sigtermStopsTheGatewayBeforeTheDatabaseAndTheDatabaseCleanly() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("server.log");
        Path data = dir.resolve("data");
        Process server = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ColdchainServer.class.getName(),
                        "--server.port=" + port,
                        "--coldchain.demo.enabled=true",
                        "--coldchain.demo.simulate-interval-s=1",
                        "--coldchain.embedded.data-dir=" + data,
                        "--coldchain.embedded.mqtt-port=0"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            awaitUp(server, port, log);
            // the simulated devices report every second: readings are in flight when the signal comes
            awaitReadings(port, "LB-0001/CHILLED", 3, Duration.ofSeconds(90));
            server.destroy(); // SIGTERM, as Ctrl-C or a service manager sends
            boolean exited = server.waitFor(60, TimeUnit.SECONDS);
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(exited)
                    .as("stopped within 60 s of SIGTERM; log:%n%s", tail(out))
                    .isTrue();
            String shutdown = out.substring(Math.max(0, out.lastIndexOf("Started ColdchainServer")));
            assertThat(shutdown)
                    .as("the log from start-up on")
                    .contains("Gateway ")
                    .doesNotContain("Failed to validate connection")
                    .doesNotContain("Connection refused")
                    .doesNotContain("terminating connection due to administrator command");
            assertThat(shutdown.indexOf("stopped:", shutdown.indexOf("Gateway ")))
                    .as("the gateway reports it stopped")
                    .isPositive();
            // PostgreSQL removes its pid file on a clean shutdown; a database stopped by nobody (or
            // killed) leaves it behind
            assertThat(data.resolve("postgres").resolve("postmaster.pid")).doesNotExist();
        } finally {
            if (server.isAlive()) {
                server.destroyForcibly();
            }
        }
    }

    private static void awaitUp(Process server, int port, Path log) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive())
                    .as("server alive; log:%n%s", tail(Files.readString(log)))
                    .isTrue();
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not UP within 180 s; log:\n" + tail(Files.readString(log)));
    }

    /** Polls the quality API until {@code asset} has at least {@code count} stored readings. */
    private static void awaitReadings(int port, String asset, int count, Duration within) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String auth = java.util.Base64.getEncoder().encodeToString("quality:demo".getBytes(StandardCharsets.UTF_8));
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/telemetry/" + asset))
                .header("Authorization", "Basic " + auth)
                .timeout(Duration.ofSeconds(5))
                .build();
        tools.jackson.databind.ObjectMapper json = new tools.jackson.databind.ObjectMapper();
        long deadline = System.nanoTime() + within.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                seen = json.readTree(r.body()).path("readings").size();
                if (seen >= count) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError(asset + ": " + seen + " readings stored, wanted " + count);
    }

    private static String tail(String out) {
        return out.substring(Math.max(0, out.length() - 6000));
    }
}
