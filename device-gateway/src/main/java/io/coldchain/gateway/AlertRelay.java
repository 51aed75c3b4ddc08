package io.coldchain.gateway;

import io.coldchain.gateway.ingest.GatewayMetrics;
import io.coldchain.gateway.store.AlertOutbox;
import io.coldchain.gateway.store.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the alert outbox, oldest first, and removes what the broker confirmed. It waits a grace
 * period after every (re)connect before publishing: a restarted broker may have lost the consumers'
 * subscriptions (Mosquitto does, for MQTT 5 persistent sessions), and they need a moment to
 * subscribe again, or they would miss what is published at once.
 */
final class AlertRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertRelay.class);

    /** How long after a (re)connect alert events are held back. */
    static final Duration RESUBSCRIBE_GRACE = Duration.ofSeconds(5);

    private static final int BATCH = 100;

    private final AlertOutbox outbox;
    private final BrokerLink link;
    private final GatewayMetrics metrics;
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean pending = true;

    AlertRelay(AlertOutbox outbox, BrokerLink link, GatewayMetrics metrics) {
        this.outbox = outbox;
        this.link = link;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "gateway-alerts");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** New events are in the outbox. */
    void wake() {
        synchronized (signal) {
            pending = true;
            signal.notifyAll();
        }
    }

    private void run() {
        long backoff = 500;
        while (running) {
            try {
                synchronized (signal) {
                    if (!pending) {
                        signal.wait(1_000); // also a periodic look, for rows left by an earlier run
                    }
                    pending = false;
                }
                Instant connectedAt = link.connectedAt();
                if (!link.connected()
                        || connectedAt == null
                        || Instant.now().isBefore(connectedAt.plus(RESUBSCRIBE_GRACE))) {
                    pending = true;
                    Thread.sleep(200);
                    continue;
                }
                List<AlertOutbox.Pending> batch = outbox.next(BATCH);
                if (batch.isEmpty()) {
                    continue;
                }
                link.publishAlerts(
                        batch.stream().map(AlertOutbox.Pending::event).toList());
                outbox.remove(batch.stream().map(AlertOutbox.Pending::id).toList());
                metrics.alertsPublished.addAndGet(batch.size());
                pending = batch.size() == BATCH;
                backoff = 500;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (StoreUnavailableException | BrokerLink.NotConfirmedException e) {
                log.warn("Alert events wait in the outbox ({}); retrying in {} ms", e.getMessage(), backoff);
                pending = true;
                sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            } catch (RuntimeException e) {
                log.error("Alert relay failed; retrying", e);
                pending = true;
                sleep(backoff);
            }
        }
    }

    /** Stops, after publishing what is waiting for at most {@code wait}. */
    void close(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (System.nanoTime() < deadline && link.connected() && outbox.size() > 0) {
                wake();
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (StoreUnavailableException e) {
            log.debug("outbox not reachable at stop: {}", e.getMessage());
        }
        close();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
