package io.coldchain.gateway;

import io.coldchain.gateway.contract.AlertEvent;
import io.coldchain.gateway.contract.Topics;
import io.coldchain.gateway.ingest.BindingRegistry;
import io.coldchain.gateway.ingest.GatewayMetrics;
import io.coldchain.gateway.ingest.Pipeline;
import io.coldchain.gateway.store.DeadLetterStore;
import io.coldchain.gateway.store.PostgresTelemetryStore;
import io.coldchain.gateway.store.RuleStateStore;
import io.coldchain.gateway.store.StoreUnavailableException;
import io.coldchain.gateway.store.TelemetryStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running device gateway: a persistent MQTT 5 session (clean start off) on a shared subscription
 * to every device's telemetry, the retained device bindings, and one pipeline worker that stores,
 * judges and emits before it acknowledges (manual acks). While the store is down the worker keeps
 * retrying the same batch and acknowledges nothing, so the broker keeps every message.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    /**
     * @param shareGroup the shared-subscription group gateways split the telemetry load in
     * @param gapTimeout how long a device's missing seq is waited for before it is skipped
     * @param batchSize most messages stored in one transaction
     * @param spoolDir where batches wait on disk while the store is down
     * @param spoolMaxBytes the spool's bound; when full, messages stay unacknowledged at the broker
     */
    public record Config(
            String mqttUrl,
            Topics topics,
            String clientId,
            String shareGroup,
            String username,
            String password,
            Duration gapTimeout,
            int batchSize,
            java.nio.file.Path spoolDir,
            long spoolMaxBytes) {

        /** The default spool: 256 MiB under the system's temporary folder, per client id. */
        public static java.nio.file.Path defaultSpool(String clientId) {
            return java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "coldchain-spool", clientId);
        }

        public static final long DEFAULT_SPOOL_BYTES = 256L << 20;
    }

    private record Inbound(int id, int qos, Pipeline.Message message) {}

    private final Config config;
    private final MqttAsyncClient client;
    private final MqttAsyncClient bindingsClient;
    private final Pipeline pipeline;
    private final BindingRegistry registry = new BindingRegistry();
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final BlockingQueue<Inbound> queue;
    private final io.coldchain.gateway.ingest.Spool spool;
    private final Thread worker;
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile boolean running = true;
    private volatile long registryReadyAt = Long.MAX_VALUE;

    private Gateway(Config config, DataSource dataSource, TelemetryStore telemetry) throws MqttException {
        this.config = config;
        PostgresTelemetryStore.migrate(dataSource);
        this.queue = new ArrayBlockingQueue<>(Math.max(1000, config.batchSize() * 4));
        this.spool = new io.coldchain.gateway.ingest.Spool(config.spoolDir(), config.spoolMaxBytes());
        this.client = new MqttAsyncClient(config.mqttUrl(), config.clientId(), new MemoryPersistence());
        // bindings come through a clean session of their own: a fresh subscription always receives
        // every retained binding, whatever the broker does with a resumed session's subscriptions
        this.bindingsClient =
                new MqttAsyncClient(config.mqttUrl(), config.clientId() + "-bindings", new MemoryPersistence());
        this.pipeline = new Pipeline(
                registry,
                telemetry,
                new DeadLetterStore(dataSource),
                new RuleStateStore(dataSource),
                this::publish,
                Clock.systemUTC(),
                config.gapTimeout(),
                metrics);
        pipeline.restore();
        client.setManualAcks(true);
        client.setCallback(new Callback());
        this.worker = new Thread(this::work, "gateway-pipeline");
    }

    /** Starts a gateway with telemetry, dead letters and rule state all in PostgreSQL. */
    public static Gateway start(Config config, DataSource dataSource) {
        return start(config, dataSource, new PostgresTelemetryStore(dataSource));
    }

    /**
     * Starts a gateway: migrates its tables (dead letters and rule state live in PostgreSQL),
     * restores rule state, connects and subscribes. Raw telemetry goes to {@code telemetry}.
     */
    public static Gateway start(Config config, DataSource dataSource, TelemetryStore telemetry) {
        try {
            Gateway gateway = new Gateway(config, dataSource, telemetry);
            gateway.worker.start();
            gateway.connectBindings();
            gateway.connect();
            gateway.subscribe(); // before returning: nothing published after start() is missed
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
        return client.isConnected();
    }

    private void connect() throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(7L * 24 * 3600);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 30);
        options.setKeepAliveInterval(30);
        options.setReceiveMaximum(queue.remainingCapacity());
        if (config.username() != null) {
            options.setUserName(config.username());
            if (config.password() != null) {
                options.setPassword(config.password().getBytes(StandardCharsets.UTF_8));
            }
        }
        client.connect(options).waitForCompletion(30_000);
    }

    private void subscribe() {
        try {
            String shared =
                    "$share/" + config.shareGroup() + "/" + config.topics().root() + "/devices/+/telemetry";
            client.subscribe(new MqttSubscription(shared, 1)).waitForCompletion(10_000);
            log.info("Gateway {} subscribed to {}", config.clientId(), shared);
        } catch (MqttException e) {
            log.warn("Gateway subscription failed: {}", e.getMessage());
        }
    }

    /**
     * Subscribes to the bindings and to a sync topic of its own, then publishes a marker there: the
     * broker delivers the retained bindings before the marker, so once the marker is back the
     * registry is complete and judging may start.
     */
    private void connectBindings() throws MqttException {
        String syncTopic = config.topics().root() + "/gateway-sync/" + config.clientId();
        bindingsClient.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                String deviceId = config.topics().deviceIdOfConfigTopic(topic);
                if (deviceId != null) {
                    registry.apply(deviceId, message.getPayload());
                } else if (topic.equals(syncTopic) && registryReadyAt == Long.MAX_VALUE) {
                    registryReadyAt = System.nanoTime();
                    log.info("Gateway {} knows {} device bindings", config.clientId(), registry.size());
                }
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                if (reconnect) {
                    new Thread(() -> subscribeBindings(syncTopic), "gateway-bindings").start();
                }
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {}

            @Override
            public void mqttErrorOccurred(MqttException exception) {}

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 30);
        if (config.username() != null) {
            options.setUserName(config.username());
            if (config.password() != null) {
                options.setPassword(config.password().getBytes(StandardCharsets.UTF_8));
            }
        }
        bindingsClient.connect(options).waitForCompletion(30_000);
        subscribeBindings(syncTopic);
    }

    private void subscribeBindings(String syncTopic) {
        try {
            bindingsClient
                    .subscribe(new MqttSubscription[] {
                        new MqttSubscription(config.topics().allDeviceConfigs(), 1), new MqttSubscription(syncTopic, 1)
                    })
                    .waitForCompletion(10_000);
            bindingsClient.publish(syncTopic, new MqttMessage(new byte[] {1}, 1, false, new MqttProperties()));
        } catch (MqttException e) {
            log.warn("Gateway bindings subscription failed: {}", e.getMessage());
        }
    }

    private void work() {
        long lastTick = System.nanoTime();
        long nextReplay = 0;
        List<Inbound> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    Inbound first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                        queue.drainTo(batch, config.batchSize() - 1);
                    }
                }
                boolean ready = System.nanoTime() >= registryReadyAt;
                if (ready && !spool.isEmpty() && System.nanoTime() >= nextReplay) {
                    nextReplay = replay() ? 0 : System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
                if (!batch.isEmpty() && ready) {
                    if (handle(batch)) {
                        for (Inbound in : batch) {
                            client.messageArrivedComplete(in.id(), in.qos());
                        }
                        batch.clear();
                    } else {
                        Thread.sleep(1_000); // the store is down and the spool full: the broker keeps them
                    }
                }
                if (System.nanoTime() - lastTick > TimeUnit.SECONDS.toNanos(1)) {
                    pipeline.tick();
                    lastTick = System.nanoTime();
                }
                if (!batch.isEmpty() && !ready) {
                    // waiting for the bindings: hold the batch unacknowledged
                    Thread.sleep(50);
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
    }

    /**
     * Processes a batch, or spools it when the store is down (or when earlier batches still wait in
     * the spool, to keep the order). Returns true when the batch may be acknowledged.
     */
    private boolean handle(List<Inbound> batch) {
        List<Pipeline.Message> messages = batch.stream().map(Inbound::message).toList();
        if (spool.isEmpty()) {
            try {
                pipeline.process(messages);
                return true;
            } catch (StoreUnavailableException e) {
                log.warn("Store unavailable ({}); spooling", e.getMessage());
            }
        }
        if (spool.append(messages)) {
            metrics.spooledBatches.incrementAndGet();
            return true;
        }
        log.warn(
                "Store unavailable and spool full ({} batches, {} bytes): holding {} messages unacknowledged",
                spool.batches(),
                spool.bytes(),
                batch.size());
        return false;
    }

    /** Replays spooled batches oldest first; false when the store is still down. */
    private boolean replay() {
        while (!spool.isEmpty()) {
            List<Pipeline.Message> oldest = spool.peek().orElseThrow();
            try {
                pipeline.process(oldest);
            } catch (StoreUnavailableException e) {
                return false;
            }
            spool.remove();
            if (spool.isEmpty()) {
                log.info("Spool replayed: the store is back");
            }
        }
        return true;
    }

    /**
     * Publishes alert events one at a time, each acknowledged by the broker before the next: the
     * broker's receive maximum bounds what may be in flight, and alerts are few.
     */
    private void publish(List<AlertEvent> events) {
        try {
            for (AlertEvent event : events) {
                MqttMessage message = new MqttMessage(json.writeValueAsBytes(event), 1, false, new MqttProperties());
                client.publish(config.topics().alerts(), message).waitForCompletion(10_000);
            }
        } catch (MqttException e) {
            throw new IllegalStateException("publishing " + events.size() + " alert events failed", e);
        }
    }

    /**
     * Stops abruptly, as a killed process would: the worker is interrupted mid-batch and the
     * connections drop without a DISCONNECT, so nothing unfinished is acknowledged (for tests).
     */
    void kill() {
        running = false;
        worker.interrupt();
        try {
            client.disconnectForcibly(0, 0, false);
            bindingsClient.disconnectForcibly(0, 0, false);
            client.close(true);
            bindingsClient.close(true);
        } catch (MqttException e) {
            log.debug("gateway kill: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close(true);
            if (bindingsClient.isConnected()) {
                bindingsClient.disconnect().waitForCompletion(5_000);
            }
            bindingsClient.close(true);
        } catch (MqttException e) {
            log.debug("gateway close: {}", e.getMessage());
        }
        log.info("Gateway {} stopped: {}", config.clientId(), metrics);
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            String telemetryDevice = telemetryDevice(topic);
            if (telemetryDevice == null) {
                client.messageArrivedComplete(message.getId(), message.getQos());
                return;
            }
            queue.put(new Inbound(
                    message.getId(),
                    message.getQos(),
                    new Pipeline.Message(topic, telemetryDevice, message.getPayload())));
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            log.info("Gateway {} {} {}", config.clientId(), reconnect ? "reconnected to" : "connected to", serverUri);
            if (reconnect) {
                new Thread(Gateway.this::subscribe, "gateway-subscribe").start();
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (running) {
                log.warn("Gateway lost the broker: {}", response.getReasonString());
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("Gateway MQTT error: {}", exception.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }

    private String telemetryDevice(String topic) {
        String prefix = config.topics().root() + "/devices/";
        if (!topic.startsWith(prefix) || !topic.endsWith("/telemetry")) {
            return null;
        }
        String id = topic.substring(prefix.length(), topic.length() - "/telemetry".length());
        return Topics.isValidId(id) ? id : null;
    }
}
