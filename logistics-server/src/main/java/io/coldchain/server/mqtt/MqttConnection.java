package io.coldchain.server.mqtt;

import io.coldchain.server.ColdchainProperties;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
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
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * The server's MQTT 5 client. It connects in the background and keeps trying with exponential
 * backoff (up to 5 s), so the server starts and serves HTTP while the broker is down. Features
 * register {@link #onConnected} callbacks to (re)publish their retained state after every connect.
 */
@Component
public class MqttConnection implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);
    private static final long MAX_BACKOFF_MS = 5_000;

    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final String url;
    private final List<Runnable> connectedCallbacks = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mqtt-connector");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closing;

    MqttConnection(MqttBrokerAddress address, ColdchainProperties properties) throws MqttException {
        this.url = address.url();
        this.client = new MqttAsyncClient(url, properties.mqtt().clientId(), new MemoryPersistence());
        this.options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 5);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(30);
        address.applyServer(options);
        client.setCallback(new Callback());
    }

    @Override
    public void afterPropertiesSet() {
        connector.execute(() -> connect(1_000));
    }

    private void connect(long backoffMs) {
        if (closing) {
            return;
        }
        try {
            client.connect(options).waitForCompletion(15_000);
        } catch (MqttException e) {
            long next = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
            log.warn("MQTT broker {} not reachable ({}); retrying in {} ms", url, e.getMessage(), backoffMs);
            connector.schedule(() -> connect(next), backoffMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Runs {@code callback} after every successful (re)connect, and now if already connected. */
    public void onConnected(Runnable callback) {
        connectedCallbacks.add(callback);
        if (client.isConnected()) {
            connector.execute(callback);
        }
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    public String url() {
        return url;
    }

    /**
     * Publishes at QoS 1 and waits for the broker's acknowledgement.
     *
     * @throws MqttException when not connected or the broker does not acknowledge in time
     */
    public void publish(String topic, byte[] payload, boolean retained) throws MqttException {
        MqttMessage message = new MqttMessage(payload, 1, retained, new MqttProperties());
        client.publish(topic, message).waitForCompletion(10_000);
    }

    /** Subscribes at QoS 1; retained messages on {@code filter} arrive first. */
    public void subscribe(String filter, BiConsumer<String, byte[]> listener) throws MqttException {
        MqttSubscription subscription = new MqttSubscription(filter, 1);
        subscription.setNoLocal(true);
        // Paho 1.2.5 fails with an IndexOutOfBoundsException when a listener comes with non-null
        // subscription properties (eclipse-paho/paho.mqtt.java#826): pass null properties
        IMqttMessageListener[] listeners = {(topic, message) -> listener.accept(topic, message.getPayload())};
        IMqttToken token = client.subscribe(new MqttSubscription[] {subscription}, null, null, listeners, null);
        token.waitForCompletion(10_000);
    }

    public void unsubscribe(String filter) throws MqttException {
        client.unsubscribe(filter).waitForCompletion(10_000);
    }

    @Override
    public void destroy() {
        closing = true;
        connector.shutdownNow();
        MqttClients.close(client, log, "MQTT client");
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            log.info("MQTT {} {}", reconnect ? "reconnected to" : "connected to", serverUri);
            for (Runnable callback : connectedCallbacks) {
                connector.execute(() -> {
                    try {
                        callback.run();
                    } catch (RuntimeException e) {
                        log.warn("MQTT on-connect task failed", e);
                    }
                });
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (!closing) {
                log.warn("MQTT connection to {} lost: {}", url, response.getReasonString());
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("MQTT error: {}", exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // messages are delivered to the per-subscription listeners
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
