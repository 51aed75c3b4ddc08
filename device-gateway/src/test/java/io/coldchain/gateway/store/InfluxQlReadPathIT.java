package io.coldchain.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.gateway.contract.Reading;
import io.coldchain.gateway.testing.OwnInfluxd;
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
 * through the store's history, bucket and resume queries (see {@link OwnInfluxd} for when it is
 * skipped).
 */
class InfluxQlReadPathIT {

    @TempDir
    Path dir;

    static final Instant T0 = Instant.parse("2026-11-22T06:00:00Z");

    @Test
    void historyBucketsAndResumeReadBackWhatWasWritten() throws Exception {
        try (OwnInfluxd influx = OwnInfluxd.start(dir)) {
            String base = influx.url();
            influx.query(null, "CREATE DATABASE cold");
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
            influx.write("cold", lines);

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
        }
    }
}
