package io.coldchain.gateway.store;

import io.coldchain.gateway.contract.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Raw telemetry: stored once per (deviceId, seq), read back raw or down-sampled. */
public interface TelemetryStore {

    /**
     * Stores the readings in one batch; returns those not stored before, in the order given.
     * Throws when the store cannot be reached: the caller must not acknowledge the messages.
     */
    List<Reading> store(List<Reading> readings);

    /**
     * Stores readings the caller believes were never stored (their seqs are past what it has seen
     * of each device), the same as {@link #store} but faster where the store can skip looking for
     * duplicates; a wrong belief costs time, never a duplicate or a lost reading.
     */
    default List<Reading> storeUnseen(List<Reading> readings) {
        return store(readings);
    }

    /** A probe's raw readings with {@code from <= ts < to}, in event-time order. */
    List<Reading> history(String deviceId, String probe, Instant from, Instant to);

    /** Min, mean and max per bucket of {@code bucket} length, for charts and reports. */
    List<Bucket> aggregate(String deviceId, String probe, Instant from, Instant to, Duration bucket);

    /** A readings with seq at least {@code fromSeq}, in seq order: to resume sequencing after a restart. */
    List<Reading> fromSeq(String deviceId, long fromSeq);

    /**
     * Records the gateway's own figures beside the telemetry (counters since start, spool depth),
     * where the store is what the site's dashboards read (InfluxDB for Grafana); best effort, may
     * throw. The PostgreSQL store keeps none (its sites read the metrics endpoint).
     */
    default void recordStats(String gatewayId, Instant at, java.util.Map<String, Long> values) {}

    /** Records decided alert events beside the telemetry, for dashboards; best effort, may throw. */
    default void recordAlerts(List<io.coldchain.gateway.contract.AlertEvent> events) {}

    /** @param start the bucket's start */
    record Bucket(Instant start, double minC, double meanC, double maxC, long count) {}
}
