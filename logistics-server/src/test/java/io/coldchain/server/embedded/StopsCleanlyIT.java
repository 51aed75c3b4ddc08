package io.coldchain.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.server.ColdchainServer;
import io.coldchain.server.testing.ApiClient;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
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
            ApiClient anonymous = ApiClient.anonymous(port);
            awaitWhileAlive(server, log, "UP", Duration.ofSeconds(180), () -> "UP"
                    .equals(anonymous
                            .get("/actuator/health")
                            .body()
                            .get("status")
                            .asString()));
            // the simulated devices report every second: readings are in flight when the signal comes
            ApiClient quality = ApiClient.as(port, "quality", "demo");
            awaitWhileAlive(
                    server,
                    log,
                    "3 readings of LB-0001/CHILLED stored",
                    Duration.ofSeconds(90),
                    () -> quality.get("/api/v1/telemetry/LB-0001/CHILLED")
                                    .body()
                                    .path("readings")
                                    .size()
                            >= 3);
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

    /** Polls {@code done} until true, failing at once (with the log's tail) if the server exits. */
    private static void awaitWhileAlive(
            Process server, Path log, String what, Duration within, java.util.concurrent.Callable<Boolean> done)
            throws Exception {
        try {
            Awaitility.await(what)
                    .atMost(within)
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions() // not listening yet
                    .failFast("the server exited", () -> !server.isAlive())
                    .until(done);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "; log:\n" + tail(Files.readString(log)), e);
        }
    }

    private static String tail(String out) {
        return out.substring(Math.max(0, out.length() - 6000));
    }
}
