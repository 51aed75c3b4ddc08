package io.coldchain.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.gateway.contract.AlertEvent;
import io.coldchain.gateway.contract.AlertState;
import io.coldchain.gateway.contract.AlertType;
import io.coldchain.gateway.contract.Reading;
import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.gateway.ingest.GatewayMetrics;
import io.coldchain.gateway.ingest.Spool;
import io.coldchain.gateway.store.LineProtocol;
import io.coldchain.gateway.store.TelemetryStore;
import io.coldchain.gateway.testing.OwnInfluxd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboards under {@code dashboards/grafana/} against what the gateway really writes:
 * a real InfluxDB 1.6 is seeded with readings, the gateway's figures (as {@link StatsWriter} takes
 * them) and alert events, all through the same line-protocol encoder the InfluxDB store uses; then
 * every panel's, variable's and annotation's InfluxQL runs with Grafana's macros filled in and must
 * return data. A query naming a measurement, field or tag the gateway does not write returns none.
 * The panels must use the provisioned datasource.
 */
class GrafanaDashboardsIT {

    static final Path GRAFANA = Path.of("../dashboards/grafana");
    static final Instant T0 = Instant.parse("2026-11-22T06:00:00Z");
    static final Instant T1 = T0.plus(Duration.ofHours(1));

    @TempDir
    Path dir;

    @Test
    void everyQueryOfEveryDashboardReturnsDataTheGatewayWrote() throws Exception {
        String datasources = Files.readString(GRAFANA.resolve("provisioning/datasources/coldchain-influx.yml"));
        Matcher uid = Pattern.compile("uid:\\s*(\\S+)").matcher(datasources);
        assertThat(uid.find())
                .as("the datasource has a uid the dashboards can name")
                .isTrue();
        assertThat(Files.readString(GRAFANA.resolve("provisioning/dashboards/coldchain.yml")))
                .contains("type: file")
                .contains("path: /var/lib/grafana/dashboards/coldchain");

        try (OwnInfluxd influx = OwnInfluxd.start(dir)) {
            influx.query(null, "CREATE DATABASE cold");
            influx.write("cold", String.join("\n", seed()));

            List<Path> dashboards;
            try (Stream<Path> files = Files.list(GRAFANA.resolve("dashboards"))) {
                dashboards = files.filter(f -> f.toString().endsWith(".json"))
                        .sorted()
                        .toList();
            }
            assertThat(dashboards).isNotEmpty();
            JsonMapper json = JsonMapper.builder().build();
            int queries = 0;
            for (Path file : dashboards) {
                JsonNode dashboard = json.readTree(file.toFile());
                assertThat(dashboard.get("uid").asString()).isNotBlank();
                List<String[]> checks = new ArrayList<>();
                for (JsonNode panel : dashboard.get("panels")) {
                    String title = panel.get("title").asString();
                    assertThat(panel.get("datasource").get("uid").asString())
                            .as(title)
                            .isEqualTo(uid.group(1));
                    for (JsonNode target : panel.get("targets")) {
                        assertThat(target.get("rawQuery").asBoolean()).as(title).isTrue();
                        checks.add(new String[] {title, target.get("query").asString()});
                    }
                }
                for (JsonNode variable : dashboard.get("templating").get("list")) {
                    checks.add(new String[] {
                        "variable " + variable.get("name").asString(),
                        variable.get("query").asString()
                    });
                }
                for (JsonNode annotation : dashboard.get("annotations").get("list")) {
                    checks.add(new String[] {
                        "annotation " + annotation.get("name").asString(),
                        annotation.get("query").asString()
                    });
                }
                for (String[] check : checks) {
                    String answer = influx.query("cold", grafanaMacros(check[1]));
                    JsonNode result = json.readTree(answer).get("results").get(0);
                    assertThat(result.has("error")).as(check[0] + ": " + answer).isFalse();
                    assertThat(result.has("series") && !result.get("series").isEmpty())
                            .as(check[0] + " returns data: " + check[1])
                            .isTrue();
                    boolean anyValue = false;
                    for (JsonNode series : result.get("series")) {
                        for (JsonNode row : series.get("values")) {
                            for (int i = 1; i < row.size(); i++) {
                                anyValue |= !row.get(i).isNull();
                            }
                        }
                    }
                    assertThat(anyValue)
                            .as(check[0] + " returns values: " + check[1])
                            .isTrue();
                    queries++;
                }
            }
            assertThat(queries).isGreaterThan(10);
        }
    }

    /** What Grafana puts in place of its macros and the dashboard's variable (all devices). */
    static String grafanaMacros(String query) {
        return query.replace(
                        "$timeFilter", "time >= " + T0.toEpochMilli() + "ms and time < " + T1.toEpochMilli() + "ms")
                .replace("$__interval", "5m")
                .replace("/^$device$/", "/^.*$/");
    }

    /** An hour of two devices, the figures of one gateway every 10 s, and one excursion. */
    List<String> seed() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            Instant at = T0.plusSeconds(60L * m);
            lines.add(LineProtocol.encode(
                    new Reading("LB-0007", m + 1, at, "chilled", m < 20 ? 3.0 : 7.5, m % 10 == 0, 80, null, null)));
            lines.add(LineProtocol.encode(new Reading("VH-02", m + 1, at, "frozen", -19.0, null, 60, 46.0, 9.0)));
        }
        // the gateway's figures as its stats writer takes them, through a store that keeps the lines
        List<String> stats = new ArrayList<>();
        TelemetryStore recording = new TelemetryStore() {
            Instant now = T0;

            @Override
            public List<Reading> store(List<Reading> readings) {
                return readings;
            }

            @Override
            public List<Reading> history(String deviceId, String probe, Instant from, Instant to) {
                return List.of();
            }

            @Override
            public List<Bucket> aggregate(String deviceId, String probe, Instant from, Instant to, Duration bucket) {
                return List.of();
            }

            @Override
            public List<Reading> fromSeq(String deviceId, long fromSeq) {
                return List.of();
            }

            @Override
            public void recordStats(String gatewayId, Instant at, Map<String, Long> values) {
                stats.add(LineProtocol.stats(gatewayId, now, values));
                now = now.plusSeconds(10);
            }

            @Override
            public void recordAlerts(List<AlertEvent> events) {
                events.forEach(e -> stats.add(LineProtocol.alert(e)));
            }
        };
        GatewayMetrics metrics = new GatewayMetrics();
        Spool spool = new Spool(dir.resolve("spool"), 1 << 20);
        try (StatsWriter writer =
                new StatsWriter("gateway-1", recording, metrics, spool, () -> 3, Duration.ofHours(1))) {
            for (int i = 0; i < 360; i++) {
                metrics.messages.addAndGet(20);
                metrics.readingsStored.addAndGet(19);
                metrics.duplicates.addAndGet(i % 7 == 0 ? 1 : 0);
                metrics.deadLetters.addAndGet(i % 11 == 0 ? 1 : 0);
                if (i == 120) {
                    writer.decided(List.of(alert(AlertState.RAISED, T0.plus(Duration.ofMinutes(35)))));
                }
                if (i == 300) {
                    writer.decided(List.of(alert(AlertState.CLEARED, T0.plus(Duration.ofMinutes(55)))));
                }
                writer.write();
            }
        }
        lines.addAll(stats);
        return lines;
    }

    static AlertEvent alert(AlertState state, Instant ts) {
        return new AlertEvent(
                "6f1c-demo",
                state,
                AlertType.TEMPERATURE_HIGH,
                "LB-0007",
                "chilled",
                "LB-0007/CHILLED",
                TemperatureZone.CHILLED,
                T0.plus(Duration.ofMinutes(20)),
                state == AlertState.CLEARED ? ts : null,
                7.5,
                41.5,
                ts,
                null,
                null);
    }
}
