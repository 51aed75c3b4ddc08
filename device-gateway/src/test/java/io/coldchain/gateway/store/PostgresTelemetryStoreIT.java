package io.coldchain.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.gateway.contract.Reading;
import io.coldchain.gateway.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PostgreSQL telemetry store: de-duplication, raw history and down-sampled buckets. */
class PostgresTelemetryStoreIT {

    static HikariDataSource dataSource;
    static PostgresTelemetryStore store;
    static final Instant T0 = Instant.parse("2026-11-22T06:00:00Z");

    @BeforeAll
    static void setUp() {
        dataSource = TestPostgres.freshDatabase().pooled();
        PostgresTelemetryStore.migrate(dataSource);
        store = new PostgresTelemetryStore(dataSource);
    }

    @AfterAll
    static void tearDown() {
        dataSource.close();
    }

    static Reading reading(String device, long seq, int minute, double temp) {
        return new Reading(device, seq, T0.plusSeconds(60L * minute), "chilled", temp, seq % 2 == 0, 80, 46.0, 9.0);
    }

    @Test
    void storesEachDeviceSeqOnceEvenWithinOneBatch() {
        List<Reading> first = List.of(reading("S1", 1, 0, 3.0), reading("S1", 2, 1, 3.1), reading("S1", 2, 1, 3.1));
        assertThat(store.store(first)).extracting(Reading::seq).containsExactly(1L, 2L);
        List<Reading> again = List.of(reading("S1", 2, 1, 3.1), reading("S1", 3, 2, 3.2), reading("S2", 1, 0, 5.0));
        assertThat(store.store(again))
                .extracting(r -> r.deviceId() + "/" + r.seq())
                .containsExactly("S1/3", "S2/1");
    }

    @Test
    void storingUnseenReadingsThatWereStoredAfterAllStillStoresEachOnce() {
        assertThat(store.storeUnseen(List.of(reading("N1", 1, 0, 3.0), reading("N1", 2, 1, 3.1))))
                .extracting(Reading::seq)
                .containsExactly(1L, 2L);
        // the caller was wrong about seq 2 (and about the repeated 3): the batch is de-duplicated instead
        List<Reading> wrong = List.of(
                reading("N1", 2, 1, 3.1), reading("N1", 3, 2, 3.2), reading("N1", 3, 2, 3.2), reading("N2", 1, 0, 4.0));
        assertThat(store.storeUnseen(wrong))
                .extracting(r -> r.deviceId() + "/" + r.seq())
                .containsExactly("N1/3", "N2/1");
        assertThat(store.fromSeq("N1", 0)).extracting(Reading::seq).containsExactly(1L, 2L, 3L);
        assertThat(store.fromSeq("N2", 0)).hasSize(1);
    }

    @Test
    void historyReturnsRawReadingsInEventOrderAndAggregateBuckets() {
        List<Reading> readings = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            int minute = 59 - m; // stored newest first
            readings.add(reading("H1", 60 - m, minute, minute < 30 ? 2.0 : 6.0));
        }
        store.store(readings);
        List<Reading> history = store.history("H1", "chilled", T0, T0.plusSeconds(3600));
        assertThat(history).hasSize(60);
        assertThat(history.get(0).ts()).isEqualTo(T0);
        assertThat(history.get(59).ts()).isEqualTo(T0.plusSeconds(59 * 60));
        assertThat(history.get(0).doorOpen()).isNotNull();
        assertThat(history.get(0).lat()).isEqualTo(46.0);

        var buckets = store.aggregate("H1", "chilled", T0, T0.plusSeconds(3600), Duration.ofMinutes(15));
        assertThat(buckets).hasSize(4);
        assertThat(buckets.get(0).start()).isEqualTo(T0);
        assertThat(buckets.get(0).count()).isEqualTo(15);
        assertThat(buckets.get(0).maxC()).isEqualTo(2.0);
        assertThat(buckets.get(3).minC()).isEqualTo(6.0);
        assertThat(buckets.get(3).meanC()).isEqualTo(6.0);
    }

    @Test
    void fromSeqResumesADevice() {
        store.store(List.of(reading("R1", 5, 0, 3.0), reading("R1", 6, 1, 3.0), reading("R1", 7, 2, 3.0)));
        assertThat(store.fromSeq("R1", 6)).extracting(Reading::seq).containsExactly(6L, 7L);
    }

    @Test
    void timesKeepTheirMicrosecondsAndValuesTheirNulls() {
        Instant[] times = {
            Instant.parse("2026-11-22T06:00:00.123456Z"),
            Instant.parse("2026-11-22T06:00:00.999999Z"),
            Instant.parse("1999-12-31T23:59:59.000001Z"),
            Instant.parse("2038-01-19T03:14:08.654321Z")
        };
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            readings.add(new Reading("U1", i + 1, times[i], "chilled", -18.25 + i, null, null, null, null));
        }
        store.store(readings);
        List<Reading> back = store.fromSeq("U1", 1);
        assertThat(back).extracting(Reading::ts).containsExactly(times);
        assertThat(back).extracting(Reading::tempC).containsExactly(-18.25, -17.25, -16.25, -15.25);
        assertThat(back.get(0).doorOpen()).isNull();
        assertThat(back.get(0).batteryPct()).isNull();
        assertThat(back.get(0).lat()).isNull();
    }
}
