package io.coldchain.gateway;

import io.coldchain.gateway.contract.AlertEvent;
import io.coldchain.gateway.contract.DeviceCommand;
import io.coldchain.gateway.ingest.BindingRegistry;
import io.coldchain.gateway.ingest.GatewayMetrics;
import io.coldchain.gateway.ingest.Pipeline;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
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
 * The gateway's two broker connections: a persistent session (clean start off, manual acks) on the
 * shared telemetry subscription, and a clean session that learns the retained device bindings.
 *
 * <p>Neither ever blocks Paho's callback thread (messages go to the worker's queue as they come),
 * so acknowledgements of our own publishes always get through. Both subscribe again on every
 * reconnect whatever the broker says about the session (a restarted Mosquitto may have lost it),
 * and keep trying until the subscription is granted. A message is acknowledged only on the
 * connection it arrived on: after a reconnect the broker sends unacknowledged ones again.
 */
final class BrokerLink implements AutoCloseable, Acker {

    private static final Logger log = LoggerFactory.getLogger(BrokerLink.class);
    private static final long PUBLISH_WAIT_MS = 10_000;
    static final long BINDINGS_QUIET_MS = 300;

    /** The broker did not confirm a publish (yet). */
    static final class NotConfirmedException extends RuntimeException {
        NotConfirmedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A message off the telemetry subscription, with the connection it came on. */
    /** A message off a telemetry session, acknowledged through the session it came on. */
    record Inbound(int id, int qos, int generation, Pipeline.Message message, Acker from) {}

    private final Gateway.Config config;
    private final MqttAsyncClient client;
    private final MqttAsyncClient bindingsClient;
    private final BindingRegistry registry;
    private final GatewayMetrics metrics;
    private final Consumer<Inbound> inbox;
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicInteger generation = new AtomicInteger();
    private final Map<AlertEvent, IMqttToken> alertsInFlight = new LinkedHashMap<>();
    private final String syncTopic;
    private volatile long markerAt = Long.MAX_VALUE;
    private volatile long lastBindingAt = System.nanoTime();
    private volatile boolean readyLogged;
    private volatile Instant connectedAt;
    private volatile boolean closing;

    BrokerLink(Gateway.Config config, BindingRegistry registry, GatewayMetrics metrics, Consumer<Inbound> inbox)
            throws MqttException {
        this.config = config;
        this.registry = registry;
        this.metrics = metrics;
        this.inbox = inbox;
        this.syncTopic = config.topics().root() + "/gateway-sync/" + config.clientId();
        this.client = new MqttAsyncClient(config.mqttUrl(), config.clientId(), new MemoryPersistence());
        // bindings come through a clean session of their own: a fresh subscription always receives
        // every retained binding, whatever the broker does with a resumed session's subscriptions
        this.bindingsClient =
                new MqttAsyncClient(config.mqttUrl(), config.clientId() + "-bindings", new MemoryPersistence());
        client.setManualAcks(true);
        client.setCallback(new TelemetryCallback());
        bindingsClient.setCallback(new BindingsCallback());
    }

    /** Connects both sessions (retrying until the broker answers) and subscribes. */
    void start() {
        MqttConnectionOptions bindingOptions = options();
        bindingOptions.setCleanStart(true);
        connectUntilUp(bindingsClient, bindingOptions, "bindings");
        subscribeUntilGranted(bindingsClient, "bindings", this::subscribeBindings);
        MqttConnectionOptions telemetryOptions = options();
        telemetryOptions.setCleanStart(false);
        telemetryOptions.setSessionExpiryInterval(7L * 24 * 3600);
        telemetryOptions.setReceiveMaximum(config.receiveMaximum());
        connectUntilUp(client, telemetryOptions, "telemetry");
        connectedAt = Instant.now();
        // before returning: nothing published after start() is missed
        subscribeUntilGranted(client, "telemetry", this::subscribeTelemetry);
    }

    boolean connected() {
        return client.isConnected();
    }

    /** When the telemetry session last (re)connected; silence of devices counts from there. */
    Instant connectedAt() {
        return connectedAt;
    }

    /**
     * Whether the retained bindings have all arrived (judging waits for them): the sync marker came
     * back and no binding arrived for {@link #BINDINGS_QUIET_MS} (some brokers, HiveMQ among them,
     * deliver retained messages after a later publish).
     */
    boolean registryReady() {
        long now = System.nanoTime();
        boolean ready = now >= markerAt && now - lastBindingAt > TimeUnit.MILLISECONDS.toNanos(BINDINGS_QUIET_MS);
        if (ready && !readyLogged) {
            readyLogged = true;
            if (registry.size() > 0) {
                log.info("Gateway {} knows {} device bindings", config.clientId(), registry.size());
            } else {
                log.debug("Gateway {} knows no device bindings yet", config.clientId());
            }
        }
        return ready;
    }

    /** Acknowledges a message, unless it came on an earlier connection (the broker sends it again). */
    @Override
    public void ack(Inbound in) throws MqttException {
        if (in.generation() == generation.get() && client.isConnected()) {
            client.messageArrivedComplete(in.id(), in.qos());
        }
    }

    /**
     * Publishes alert events and waits until the broker has them. An event whose publish is still
     * in flight from an earlier attempt is waited for, not sent again, so each state change goes
     * out once (Paho resends an unacknowledged one itself after a reconnect).
     */
    void publishAlerts(List<AlertEvent> events) {
        try {
            for (AlertEvent event : events) {
                IMqttToken token = alertsInFlight.get(event);
                if (token == null || token.getException() != null) {
                    MqttMessage message =
                            new MqttMessage(json.writeValueAsBytes(event), 1, false, new MqttProperties());
                    alertsInFlight.put(event, client.publish(config.topics().alerts(), message));
                }
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PUBLISH_WAIT_MS);
            for (AlertEvent event : events) {
                IMqttToken token = alertsInFlight.get(event);
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                token.waitForCompletion(Math.max(1, left));
                alertsInFlight.remove(event);
            }
        } catch (MqttException e) {
            throw new NotConfirmedException(
                    "publishing " + events.size() + " alert events is not confirmed yet (" + e.getMessage() + ")", e);
        }
    }

    /** Sends device commands without waiting; a lost one is asked for again later. */
    void sendCommands(String deviceId, List<DeviceCommand> commands) {
        for (DeviceCommand command : commands) {
            try {
                MqttMessage message = new MqttMessage(json.writeValueAsBytes(command), 1, false, new MqttProperties());
                client.publish(config.topics().deviceCommands(deviceId), message);
            } catch (MqttException e) {
                throw new IllegalStateException("command to " + deviceId + " not sent: " + e.getMessage(), e);
            }
        }
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 10);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        if (config.username() != null) {
            options.setUserName(config.username());
            if (config.password() != null) {
                options.setPassword(config.password().getBytes(StandardCharsets.UTF_8));
            }
        }
        BrokerSockets.apply(options, config.mqttUrl(), config.caFile());
        return options;
    }

    private void connectUntilUp(MqttAsyncClient c, MqttConnectionOptions options, String what) {
        long backoff = 500;
        while (!closing) {
            try {
                c.connect(options).waitForCompletion(15_000);
                return;
            } catch (MqttException e) {
                log.warn(
                        "Gateway {} cannot reach broker {} for {} ({}); retrying in {} ms",
                        config.clientId(),
                        config.mqttUrl(),
                        what,
                        e.getMessage(),
                        backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    @FunctionalInterface
    private interface Subscription {
        void subscribe() throws MqttException;
    }

    private void subscribeUntilGranted(MqttAsyncClient c, String what, Subscription subscription) {
        long backoff = 200;
        while (!closing && c.isConnected()) {
            try {
                subscription.subscribe();
                return;
            } catch (MqttException e) {
                log.warn("Gateway {} {} subscription failed ({}); retrying", config.clientId(), what, e.getMessage());
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void subscribeTelemetry() throws MqttException {
        String shared = "$share/" + config.shareGroup() + "/" + config.topics().allTelemetry();
        IMqttToken token = client.subscribe(new MqttSubscription(shared, 1));
        token.waitForCompletion(10_000);
        int[] codes = token.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
            throw new MqttException(codes[0]);
        }
        log.info("Gateway {} subscribed to {}", config.clientId(), shared);
    }

    /**
     * Subscribes to the bindings and to a sync topic of its own, then publishes a marker there: the
     * broker delivers the retained bindings before the marker, so once the marker is back the
     * registry is complete and judging may start.
     */
    private void subscribeBindings() throws MqttException {
        bindingsClient
                .subscribe(new MqttSubscription[] {
                    new MqttSubscription(config.topics().allDeviceConfigs(), 1), new MqttSubscription(syncTopic, 1)
                })
                .waitForCompletion(10_000);
        bindingsClient.publish(syncTopic, new MqttMessage(new byte[] {1}, 1, false, new MqttProperties()));
    }

    /** Drops both connections without a DISCONNECT, as a killed process would (for tests). */
    void kill() {
        closing = true;
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
        closing = true;
        for (MqttAsyncClient c : List.of(client, bindingsClient)) {
            try {
                if (c.isConnected()) {
                    c.disconnect().waitForCompletion(5_000);
                }
                c.close(true);
            } catch (MqttException e) {
                log.debug("gateway close: {}", e.getMessage());
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private abstract static class QuietCallback implements MqttCallback {
        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }

    private final class TelemetryCallback extends QuietCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            String device = config.topics().rawDeviceOfTelemetryTopic(topic);
            // a message on any other topic is not ours to drop silently either: the pipeline
            // dead-letters it with its topic and reason
            inbox.accept(new Inbound(
                    message.getId(),
                    message.getQos(),
                    generation.get(),
                    new Pipeline.Message(topic, device == null ? topic : device, message.getPayload()),
                    BrokerLink.this));
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            generation.incrementAndGet();
            connectedAt = Instant.now();
            log.info("Gateway {} {} {}", config.clientId(), reconnect ? "reconnected to" : "connected to", serverUri);
            if (reconnect) {
                metrics.reconnects.incrementAndGet();
                new Thread(
                                () -> subscribeUntilGranted(client, "telemetry", BrokerLink.this::subscribeTelemetry),
                                "gateway-subscribe")
                        .start();
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (!closing) {
                log.warn("Gateway {} lost the broker: {}", config.clientId(), response.getReasonString());
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("Gateway MQTT error: {}", exception.getMessage());
        }
    }

    private final class BindingsCallback extends QuietCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            String deviceId = config.topics().deviceIdOfConfigTopic(topic);
            if (deviceId != null) {
                registry.apply(deviceId, message.getPayload());
                lastBindingAt = System.nanoTime();
            } else if (topic.equals(syncTopic) && markerAt == Long.MAX_VALUE) {
                markerAt = System.nanoTime();
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) {
                new Thread(
                                () -> subscribeUntilGranted(
                                        bindingsClient, "bindings", BrokerLink.this::subscribeBindings),
                                "gateway-bindings")
                        .start();
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {}
    }
}
