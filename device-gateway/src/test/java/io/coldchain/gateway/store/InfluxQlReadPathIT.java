package io.coldchain.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coldchain.gateway.contract.Reading;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The InfluxQL read path against a real InfluxDB 1.6 (Debian's {@code influxdb} package, which
 * {@code .ci/run} installs): seeded through its {@code /write} with our line-protocol encoder, read
 * through the store's history, bucket and resume queries. No embedded InfluxDB exists, so without
 * {@code influxd} on the machine the test is skipped with that message.
 */
class InfluxQlReadPathIT {

    @TempDir
    Path dir;

    static final Instant T0 = Instant.parse("2026-11-22T06:00:00Z");

    @Test
    void historyBucketsAndResumeReadBackWhatWasWritten() throws Exception {
        Path influxd = Path.of("/usr/bin/influxd");
        assumeTrue(Files.isExecutable(influxd), "influxd (Debian package influxdb) is not installed: test skipped");
        int http = freePort();
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
                        .formatted(rpc, dir, dir, dir, http));
        Process process = new ProcessBuilder(influxd.toString(), "-config", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("influxd.log").toFile())
                .start();
        HttpClient httpClient = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + http;
        try {
            waitForPing(httpClient, base);
            post(
                    httpClient,
                    base + "/query?q=" + URLEncoder.encode("CREATE DATABASE cold", StandardCharsets.UTF_8),
                    "");
            List<Reading> readings = new ArrayList<>();
            for (int m = 0; m < 60; m++) {
                readings.add(new Reading(
                        "LB-7",
                        m + 1,
                        T0.plusSeconds(60L * m),
                        "chilled",
                        m < 30 ? 2.0 : 6.0,
                        m % 2 == 0,
                        70,
                        46.0,
                        9.0));
                readings.add(new Reading(
                        "LB-7", 1000 + m, T0.plusSeconds(60L * m), "frozen", -20.0, null, null, null, null));
            }
            String lines = String.join(
                    "\n", readings.stream().map(LineProtocol::encode).toList());
            post(httpClient, base + "/write?db=cold&precision=ms", lines);

            try (InfluxTelemetryStore store =
                    new InfluxTelemetryStore(new InfluxTelemetryStore.Config(base, "unused", "org", "cold", "cold"))) {
                List<Reading> history = store.history("LB-7", "chilled", T0, T0.plusSeconds(3600));
                assertThat(history).hasSize(60);
                assertThat(history.get(0)).isEqualTo(readings.get(0));
                assertThat(history.get(59).tempC()).isEqualTo(6.0);

                var buckets = store.aggregate("LB-7", "chilled", T0, T0.plusSeconds(3600), Duration.ofMinutes(15));
                assertThat(buckets).hasSize(4);
                assertThat(buckets.get(0).start()).isEqualTo(T0);
                assertThat(buckets.get(0).count()).isEqualTo(15);
                assertThat(buckets.get(0).maxC()).isEqualTo(2.0);
                assertThat(buckets.get(3).meanC()).isEqualTo(6.0);

                assertThat(store.fromSeq("LB-7", 58))
                        .extracting(Reading::seq)
                        .startsWith(58L, 59L, 60L)
                        .hasSize(3 + 60);
            }
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    private static void waitForPing(HttpClient client, String base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = client.send(
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

    private static void post(HttpClient client, String url, String body) throws Exception {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
