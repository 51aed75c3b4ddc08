package io.coldchain.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real InfluxDB 1.6 (Debian's {@code influxdb} package, which {@code .ci/run} installs) started by
 * the test in a directory of its own, on free ports. No embedded InfluxDB exists, so without
 * {@code influxd} on the machine the test is skipped with that message.
 */
public final class OwnInfluxd implements AutoCloseable {

    private final Process process;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    private OwnInfluxd(Process process, String base) {
        this.process = process;
        this.base = base;
    }

    /** Starts influxd with its data under {@code dir}; waits until it answers. */
    public static OwnInfluxd start(Path dir) throws Exception {
        Path influxd = Path.of("/usr/bin/influxd");
        assumeTrue(Files.isExecutable(influxd), "influxd (Debian package influxdb) is not installed: test skipped");
        int httpPort = freePort();
        int rpc = freePort();
        Path conf = dir.resolve("influxdb.conf");
        Files.writeString(
                conf,
                """
                reporting-disabled = true
                bind-address = "127.0.0.1:%d"
                [meta]
                  dir = "%s/meta"
                [data]
                  dir = "%s/data"
                  wal-dir = "%s/wal"
                  query-log-enabled = false
                [http]
                  bind-address = "127.0.0.1:%d"
                  log-enabled = false
                [monitor]
                  store-enabled = false
                """
                        .formatted(rpc, dir, dir, dir, httpPort));
        Process process = new ProcessBuilder(influxd.toString(), "-config", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("influxd.log").toFile())
                .start();
        OwnInfluxd server = new OwnInfluxd(process, "http://127.0.0.1:" + httpPort);
        try {
            server.waitForPing();
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    public String url() {
        return base;
    }

    /** Runs an InfluxQL statement (POST /query); returns the JSON answer. */
    public String query(String db, String influxQl) throws Exception {
        return post(
                "/query?" + (db == null ? "" : "db=" + db + "&") + "epoch=ms&q="
                        + URLEncoder.encode(influxQl, StandardCharsets.UTF_8),
                "");
    }

    /** Writes line protocol (millisecond timestamps). */
    public void write(String db, String lines) throws Exception {
        post("/write?db=" + db + "&precision=ms", lines);
    }

    private String post(String pathAndQuery, String body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        return r.body();
    }

    private void waitForPing() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/ping")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 204) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("influxd did not answer /ping within 30 s");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
