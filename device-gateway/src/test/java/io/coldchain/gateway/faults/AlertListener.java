package io.coldchain.gateway.faults;

import io.coldchain.gateway.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Counts the alert events on {@code events/alerts}, as a consumer would receive them: copies per
 * type and state, and distinct alert ids. A persistent session that subscribes again on every
 * reconnect, so a broker restart does not make it miss what was queued for it.
 */
final class AlertListener implements AutoCloseable {

    private final MqttAsyncClient client;
    private final Topics topics;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Long> copies = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> ids = new ConcurrentHashMap<>();
    private final MqttConnectionOptions options;
    private volatile boolean closing;

    AlertListener(String url, Topics topics) throws MqttException {
        this.topics = topics;
        this.client = new MqttAsyncClient(url, "faults-alerts-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        // its own quick reconnect loop: Paho's automatic one waits whole seconds, doubling
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(2);
        this.options = options;
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                JsonNode alert = json.readTree(new String(message.getPayload(), StandardCharsets.UTF_8));
                String key =
                        alert.get("type").asString() + " " + alert.get("state").asString();
                copies.merge(key, 1L, Long::sum);
                ids.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet())
                        .add(alert.get("alertId").asString());
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {}

            @Override
            public void disconnected(MqttDisconnectResponse response) {
                if (!closing) {
                    new Thread(AlertListener.this::reconnect, "alert-listener-reconnect").start();
                }
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {}

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
        client.connect(options).waitForCompletion(10_000);
        subscribe();
    }

    /** Tries every 100 ms until the broker is back, then subscribes again (it may have lost ours). */
    private void reconnect() {
        while (!closing && !client.isConnected()) {
            try {
                client.connect(options).waitForCompletion(3_000);
                subscribe();
                System.out.println("  alert listener back at " + java.time.Instant.now());
                return;
            } catch (MqttException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void subscribe() {
        try {
            client.subscribe(new MqttSubscription(topics.alerts(), 1)).waitForCompletion(10_000);
        } catch (MqttException e) {
            System.out.println("  alert listener cannot subscribe: " + e.getMessage());
        }
    }

    /** Copies received per "TYPE STATE". */
    Map<String, Long> copies() {
        return new TreeMap<>(copies);
    }

    /** Distinct alert ids per "TYPE STATE". */
    Map<String, Long> distinctIds() {
        Map<String, Long> out = new TreeMap<>();
        ids.forEach((k, v) -> out.put(k, (long) v.size()));
        return out;
    }

    @Override
    public void close() throws MqttException {
        closing = true;
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close(true);
    }
}
