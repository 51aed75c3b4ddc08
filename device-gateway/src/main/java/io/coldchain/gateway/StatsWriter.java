package io.coldchain.gateway;

import io.coldchain.gateway.contract.AlertEvent;
import io.coldchain.gateway.ingest.GatewayMetrics;
import io.coldchain.gateway.ingest.Spool;
import io.coldchain.gateway.store.TelemetryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the gateway's figures and its decided alerts to the telemetry store every few seconds, on
 * a thread of its own, so that dashboards on that store (Grafana on InfluxDB) show ingest rate,
 * dead letters, spool depth and excursions. Best effort: a failed write is logged and the next one
 * carries the counters on; ingestion never waits for it.
 */
final class StatsWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatsWriter.class);
    private static final int MAX_PENDING_ALERTS = 10_000;

    private final String gatewayId;
    private final TelemetryStore store;
    private final GatewayMetrics metrics;
    private final Spool spool;
    private final IntSupplier queued;
    private final ConcurrentLinkedQueue<AlertEvent> alerts = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService timer;
    private volatile boolean failing;

    StatsWriter(
            String gatewayId,
            TelemetryStore store,
            GatewayMetrics metrics,
            Spool spool,
            IntSupplier queued,
            Duration every) {
        this.gatewayId = gatewayId;
        this.store = store;
        this.metrics = metrics;
        this.spool = spool;
        this.queued = queued;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-stats");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::write, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Alert events decided by the pipeline (they are safe in the outbox already). */
    void decided(List<AlertEvent> events) {
        if (alerts.size() < MAX_PENDING_ALERTS) {
            alerts.addAll(events);
        }
    }

    Map<String, Long> snapshot() {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("messages", metrics.messages.get());
        values.put("readings_stored", metrics.readingsStored.get());
        values.put("duplicates", metrics.duplicates.get());
        values.put("dead_letters", metrics.deadLetters.get());
        values.put("alert_events", metrics.alertEvents.get());
        values.put("alerts_published", metrics.alertsPublished.get());
        values.put("reconnects", metrics.reconnects.get());
        values.put("spool_batches", (long) spool.batches());
        values.put("spool_bytes", spool.bytes());
        values.put("queued", (long) queued.getAsInt());
        return values;
    }

    void write() {
        try {
            store.recordStats(gatewayId, Instant.now(), snapshot());
            List<AlertEvent> batch = new ArrayList<>();
            for (AlertEvent e; batch.size() < 1000 && (e = alerts.poll()) != null; ) {
                batch.add(e);
            }
            store.recordAlerts(batch);
            if (failing) {
                log.info("Gateway figures reach the telemetry store again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("Gateway figures not written to the telemetry store: {}", e.getMessage());
                failing = true;
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
