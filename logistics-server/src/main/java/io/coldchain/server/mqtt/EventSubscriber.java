package io.coldchain.server.mqtt;

import io.coldchain.server.ColdchainProperties;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The server's durable event subscriptions (alert events from gateways, locker events from banks):
 * a persistent MQTT 5 session of its own, manual acknowledgements after each message is handled (a
 * handler that fails, the database down, is retried until it succeeds, so nothing acknowledged is
 * lost), shared subscriptions ({@code $share/server/...}) so several server instances split the
 * events, and every subscription made again after each reconnect, which comes back within a second
 * of the broker (a restarted broker may have lost them).
 */
@Component
public class EventSubscriber implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EventSubscriber.class);

    /** Handles one message; throwing means "not handled, try again". */
    @FunctionalInterface
    public interface Handler {
        void handle(String topic, byte[] payload) throws Exception;
    }

    private record Subscription(String filter, boolean shared, Handler handler) {}

    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final String url;
    private final String shareGroup;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mqtt-events-connector");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closing;
    private volatile boolean started;
    private volatile boolean subscribed;

    EventSubscriber(MqttBrokerAddress address, ColdchainProperties properties) throws MqttException {
        this.url = address.url();
        this.shareGroup = properties.mqtt().shareGroup();
        this.client = new MqttAsyncClient(url, properties.mqtt().clientId() + "-events", new MemoryPersistence());
        client.setManualAcks(true);
        this.options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(7L * 24 * 3600);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(5);
        options.setKeepAliveInterval(30);
        address.applyServer(options);
        client.setCallback(new Callback());
    }

    /**
     * Subscribes {@code handler} to {@code filter} (registered before the application is ready; the
     * subscriptions are made when it is, and after every reconnect).
     *
     * @param shared split between server instances ({@code $share/<group>/}); retained messages
     *     (statuses) need an unshared subscription
     */
    public void subscribe(String filter, boolean shared, Handler handler) {
        subscriptions.add(new Subscription(filter, shared, handler));
        if (started && client.isConnected()) {
            connector.execute(this::subscribeAll);
        }
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Connected with every subscription made: events published from now on reach a handler. */
    public boolean isSubscribed() {
        return subscribed && client.isConnected();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        started = true;
        connector.execute(this::connect);
    }

    private void connect() {
        if (closing || client.isConnected()) {
            return;
        }
        try {
            client.connect(options).waitForCompletion(10_000);
            subscribeAll();
            log.info(
                    "Event subscriptions on {}: {}",
                    url,
                    subscriptions.stream().map(Subscription::filter).toList());
        } catch (MqttException e) {
            log.debug("event subscriber cannot reach {} ({}); retrying", url, e.getMessage());
            connector.schedule(this::connect, 500, TimeUnit.MILLISECONDS);
        }
    }

    private void subscribeAll() {
        for (Subscription s : subscriptions) {
            String filter = s.shared() ? "$share/" + shareGroup + "/" + s.filter() : s.filter();
            try {
                client.subscribe(new MqttSubscription(filter, 1)).waitForCompletion(10_000);
            } catch (MqttException e) {
                log.warn("Subscribing to {} failed ({}); reconnecting", filter, e.getMessage());
                try {
                    client.disconnectForcibly(0, 1_000, false);
                } catch (MqttException ignored) {
                    // reconnect below either way
                }
                connector.schedule(this::connect, 500, TimeUnit.MILLISECONDS);
                return;
            }
        }
        subscribed = true;
    }

    /** Handles a message, retrying while the handler fails, then acknowledges it. */
    private void deliver(Handler handler, String topic, MqttMessage message) {
        long backoff = 200;
        while (!closing) {
            try {
                handler.handle(topic, message.getPayload());
                break;
            } catch (Exception e) {
                log.warn("Handling a message on {} failed ({}); retrying in {} ms", topic, e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
        try {
            client.messageArrivedComplete(message.getId(), message.getQos());
        } catch (MqttException e) {
            log.debug("ack of {} failed: {}", topic, e.getMessage()); // redelivered, handled idempotently
        }
    }

    @Override
    public void destroy() {
        closing = true;
        connector.shutdownNow();
        MqttClients.close(client, log, "event subscriber");
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            subscribed = false;
            if (!closing) {
                log.warn("Event subscriptions lost the broker {}: {}", url, response.getReasonString());
                connector.schedule(EventSubscriber.this::connect, 200, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        /**
         * Every message, including those a resumed session redelivers before the subscriptions are
         * made again, goes to the handler whose filter matches; one no handler wants is acknowledged.
         */
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            for (Subscription s : subscriptions) {
                if (MqttTopicValidator.isMatched(s.filter(), topic)) {
                    deliver(s.handler(), topic, message);
                    return;
                }
            }
            try {
                client.messageArrivedComplete(message.getId(), message.getQos());
            } catch (MqttException e) {
                log.debug("ack of unwanted {} failed: {}", topic, e.getMessage());
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
