package io.coldchain.gateway;

import io.coldchain.gateway.contract.Topics;
import io.coldchain.gateway.ingest.BindingRegistry;
import io.coldchain.gateway.ingest.GatewayMetrics;
import io.coldchain.gateway.ingest.Pipeline;
import io.coldchain.gateway.ingest.Spool;
import io.coldchain.gateway.store.AlertOutbox;
import io.coldchain.gateway.store.DeadLetterStore;
import io.coldchain.gateway.store.PostgresTelemetryStore;
import io.coldchain.gateway.store.RuleStateStore;
import io.coldchain.gateway.store.StoreUnavailableException;
import io.coldchain.gateway.store.TelemetryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running device gateway: the broker connections ({@link BrokerLink}), one pipeline worker that
 * stores and judges before it acknowledges (manual acks; what it does with a batch is {@link
 * Batches}), and the relay that publishes the alert events the worker saved in the outbox ({@link
 * AlertRelay}). While the store is down, batches go
 * to a bounded on-disk spool and are acknowledged; when that is full the worker acknowledges nothing
 * and the broker keeps the messages. It heals by itself: the spool is replayed when the store is
 * back, and the broker sessions reconnect and subscribe again.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    /**
     * @param shareGroup the shared-subscription group gateways split the telemetry load in
     * @param gapTimeout how long a device's missing seq is waited for before it is recorded as a gap
     * @param resendAfter how long readings wait behind a gap before the device is asked to resend
     * @param batchSize most messages stored in one transaction
     * @param spoolDir where batches wait on disk while the store is down
     * @param spoolMaxBytes the spool's bound; when full, messages stay unacknowledged at the broker
     * @param metricsLogInterval how often the counters are logged (zero: only at stop)
     * @param caFile PEM certificates an {@code ssl://} broker is verified against; null: the JVM's
     */
    public record Config(
            String mqttUrl,
            Topics topics,
            String clientId,
            String shareGroup,
            String username,
            String password,
            Duration gapTimeout,
            Duration resendAfter,
            int batchSize,
            Path spoolDir,
            long spoolMaxBytes,
            Duration metricsLogInterval,
            Path caFile) {

        public static final long DEFAULT_SPOOL_BYTES = 256L << 20;
        public static final Duration DEFAULT_RESEND_AFTER = Duration.ofSeconds(2);

        /** A configuration with the defaults for everything but the broker, topics and identity. */
        public static Config of(String mqttUrl, Topics topics, String clientId, String shareGroup) {
            return new Config(
                    mqttUrl,
                    topics,
                    clientId,
                    shareGroup,
                    null,
                    null,
                    Duration.ofSeconds(30),
                    DEFAULT_RESEND_AFTER,
                    500,
                    defaultSpool(clientId),
                    DEFAULT_SPOOL_BYTES,
                    Duration.ofMinutes(1),
                    null);
        }

        /** The default spool: 256 MiB under the system's temporary folder, per client id. */
        public static Path defaultSpool(String clientId) {
            return Path.of(System.getProperty("java.io.tmpdir"), "coldchain-spool", clientId);
        }

        public Config withCredentials(String username, String password) {
            return new Config(
                    mqttUrl,
                    topics,
                    clientId,
                    shareGroup,
                    username,
                    password,
                    gapTimeout,
                    resendAfter,
                    batchSize,
                    spoolDir,
                    spoolMaxBytes,
                    metricsLogInterval,
                    caFile);
        }

        public Config withGapTimeout(Duration gapTimeout) {
            return new Config(
                    mqttUrl,
                    topics,
                    clientId,
                    shareGroup,
                    username,
                    password,
                    gapTimeout,
                    resendAfter,
                    batchSize,
                    spoolDir,
                    spoolMaxBytes,
                    metricsLogInterval,
                    caFile);
        }

        public Config withBatchSize(int batchSize) {
            return new Config(
                    mqttUrl,
                    topics,
                    clientId,
                    shareGroup,
                    username,
                    password,
                    gapTimeout,
                    resendAfter,
                    batchSize,
                    spoolDir,
                    spoolMaxBytes,
                    metricsLogInterval,
                    caFile);
        }

        public Config withSpool(Path spoolDir, long spoolMaxBytes) {
            return new Config(
                    mqttUrl,
                    topics,
                    clientId,
                    shareGroup,
                    username,
                    password,
                    gapTimeout,
                    resendAfter,
                    batchSize,
                    spoolDir,
                    spoolMaxBytes,
                    metricsLogInterval,
                    caFile);
        }

        /** Verifies an {@code ssl://} broker against the PEM certificates in {@code caFile}. */
        public Config withCaFile(Path caFile) {
            return new Config(
                    mqttUrl,
                    topics,
                    clientId,
                    shareGroup,
                    username,
                    password,
                    gapTimeout,
                    resendAfter,
                    batchSize,
                    spoolDir,
                    spoolMaxBytes,
                    metricsLogInterval,
                    caFile);
        }

        /** At most this many unacknowledged messages in flight to us (the broker honours it). */
        int receiveMaximum() {
            return Math.min(65_535, Math.max(1000, batchSize * 4));
        }
    }

    private final Config config;
    private final BrokerLink link;
    private final AlertRelay relay;
    private final Pipeline pipeline;
    private final BindingRegistry registry = new BindingRegistry();
    private final GatewayMetrics metrics = new GatewayMetrics();
    // unbounded so Paho's callback thread never blocks; the receive maximum bounds it in practice
    private final BlockingQueue<BrokerLink.Inbound> queue = new LinkedBlockingQueue<>();
    private final Spool spool;
    private final StatsWriter stats;
    private final Thread worker;
    private final GatewayGroup group;
    private final Batches batches;
    private volatile boolean running = true;

    private Gateway(Config config, DataSource dataSource, TelemetryStore telemetry) throws MqttException {
        this.config = config;
        untilStoreAnswers("migrating the gateway's tables", () -> {
            PostgresTelemetryStore.migrate(dataSource);
            return null;
        });
        this.spool = new Spool(config.spoolDir(), config.spoolMaxBytes());
        this.link = new BrokerLink(config, registry, metrics, queue::add);
        AlertOutbox outbox = new AlertOutbox(dataSource, config.clientId());
        this.relay = new AlertRelay(outbox, link, metrics);
        this.stats = new StatsWriter(config.clientId(), telemetry, metrics, spool, queue::size, Duration.ofSeconds(10));
        this.pipeline = new Pipeline(
                registry,
                telemetry,
                new DeadLetterStore(dataSource),
                new RuleStateStore(dataSource, outbox),
                events -> {
                    relay.wake();
                    stats.decided(events);
                },
                link::sendCommands,
                Clock.systemUTC(),
                new Pipeline.Timing(config.gapTimeout(), config.resendAfter()),
                metrics);
        this.group = new GatewayGroup(config, dataSource, pipeline, queue::add);
        this.batches = new Batches(pipeline, group, spool, metrics, config.batchSize());
        untilStoreAnswers("joining the gateways and restoring rule state", () -> {
            group.start();
            pipeline.listeningFrom(Instant.now());
            return null;
        });
        group.connect(link, metrics);
        this.worker = new Thread(this::work, "gateway-pipeline");
    }

    /** Starts a gateway with telemetry, dead letters and rule state all in PostgreSQL. */
    public static Gateway start(Config config, DataSource dataSource) {
        return start(config, dataSource, new PostgresTelemetryStore(dataSource));
    }

    /**
     * Starts a gateway: migrates its tables (dead letters and rule state live in PostgreSQL),
     * restores rule state, connects and subscribes. Raw telemetry goes to {@code telemetry}. Waits
     * for the database and the broker while they are not up yet.
     */
    public static Gateway start(Config config, DataSource dataSource, TelemetryStore telemetry) {
        try {
            Gateway gateway = new Gateway(config, dataSource, telemetry);
            gateway.worker.start();
            gateway.link.start();
            gateway.relay.start();
            return gateway;
        } catch (MqttException e) {
            throw new IllegalStateException("gateway cannot use broker " + config.mqttUrl(), e);
        }
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    public BindingRegistry registry() {
        return registry;
    }

    public boolean connected() {
        return link.connected();
    }

    /**
     * From when alert events go out: after every (re)connect they are held back for {@link
     * AlertRelay#RESUBSCRIBE_GRACE}; null while not connected.
     */
    public Instant alertsFrom() {
        Instant connectedAt = link.connectedAt();
        return connectedAt == null ? null : connectedAt.plus(AlertRelay.RESUBSCRIBE_GRACE);
    }

    /** Batches waiting on disk for the store to come back. */
    public int spooledBatches() {
        return spool.batches();
    }

    /** Bytes those batches take on disk. */
    public long spoolBytes() {
        return spool.bytes();
    }

    /** The spool's limit in bytes: beyond it the gateway stops acknowledging. */
    public long spoolMaxBytes() {
        return config.spoolMaxBytes();
    }

    /** Messages received and not yet through the pipeline. */
    public int queued() {
        return queue.size();
    }

    private void work() {
        long lastTick = System.nanoTime();
        long lastMetrics = System.nanoTime();
        long lastDrain = 0;
        long nextReplay = 0;
        long replayBackoff = 1_000;
        Instant listening = null;
        List<BrokerLink.Inbound> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    BrokerLink.Inbound first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                        queue.drainTo(batch, config.batchSize() - 1);
                    }
                }
                boolean ready = link.registryReady();
                if (ready && !spool.isEmpty() && System.nanoTime() >= nextReplay) {
                    if (batches.replay()) {
                        replayBackoff = 1_000;
                    } else {
                        nextReplay = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(replayBackoff);
                        replayBackoff = Math.min(replayBackoff * 2, 10_000);
                    }
                }
                if (!batch.isEmpty() && ready) {
                    List<BrokerLink.Inbound> done = batches.handle(batch);
                    for (BrokerLink.Inbound in : done) {
                        in.from().ack(in);
                    }
                    if (done.size() == batch.size()) {
                        batch.clear();
                    } else {
                        // by identity: a record's equals over a thousand messages each cost a fifth of the worker's
                        // time
                        Set<BrokerLink.Inbound> acked = Collections.newSetFromMap(new IdentityHashMap<>());
                        acked.addAll(done);
                        batch.removeIf(acked::contains);
                    }
                    if (!batch.isEmpty()) {
                        Thread.sleep(1_000); // the store is down and the spool full: the broker keeps them
                    }
                }
                if (ready && spool.isEmpty() && System.nanoTime() - lastDrain > TimeUnit.MILLISECONDS.toNanos(100)) {
                    lastDrain = System.nanoTime();
                    try {
                        batches.drainParked();
                    } catch (StoreUnavailableException e) {
                        log.debug("Parked messages wait: store unavailable ({})", e.getMessage());
                    }
                }
                if (System.nanoTime() - lastTick > TimeUnit.SECONDS.toNanos(1)) {
                    try {
                        group.tick();
                    } catch (StoreUnavailableException e) {
                        // the leases lapse locally; what arrives meanwhile is spooled, judged later
                        log.debug("Gateway group tick: store unavailable ({})", e.getMessage());
                    }
                    Instant connectedAt = link.connectedAt();
                    if (connectedAt != null && !connectedAt.equals(listening)) {
                        pipeline.listeningFrom(connectedAt);
                        listening = connectedAt;
                    }
                    pipeline.tick(link.connected() && spool.isEmpty());
                    lastTick = System.nanoTime();
                }
                if (!config.metricsLogInterval().isZero()
                        && System.nanoTime() - lastMetrics
                                > config.metricsLogInterval().toNanos()) {
                    log.info(
                            "Gateway {}: {} queued={} spooled={}",
                            config.clientId(),
                            metrics,
                            queue.size(),
                            spool.batches());
                    lastMetrics = System.nanoTime();
                }
                if (!batch.isEmpty() && !ready) {
                    Thread.sleep(50); // waiting for the bindings: hold the batch unacknowledged
                }
            } catch (StoreUnavailableException e) {
                log.warn("Store unavailable during a wall-clock check ({}); retrying", e.getMessage());
                sleepQuietly(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (MqttException | RuntimeException e) {
                log.error("Gateway pipeline failed on a batch of {}; retrying", batch.size(), e);
                sleepQuietly(1_000);
            }
        }
        try {
            pipeline.flush();
        } catch (RuntimeException e) {
            // what was not saved is judged again from the stored readings at the next start
            log.warn(
                    "Rule state not saved at stop ({}); the next start judges again from the last save",
                    e.getMessage());
        }
    }

    private static <T> T untilStoreAnswers(String what, Supplier<T> step) {
        long backoff = 500;
        while (true) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                log.warn("Gateway waits for its database ({}: {}); retrying in {} ms", what, e.getMessage(), backoff);
                sleepQuietly(backoff);
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    /**
     * Stops abruptly, as a killed process would: the worker is interrupted mid-batch and the
     * connections drop without a DISCONNECT, so nothing unfinished is acknowledged (for tests).
     */
    void kill() {
        running = false;
        worker.interrupt();
        group.kill();
        relay.close();
        stats.close();
        link.kill();
    }

    @Override
    public void close() {
        running = false;
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        relay.close(Duration.ofSeconds(5));
        group.close();
        stats.close();
        link.close();
        log.info("Gateway {} stopped: {}", config.clientId(), metrics);
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
