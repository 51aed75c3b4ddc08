package io.coldchain.server.testing;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** Reads what a broker holds retained on a topic, as a fresh subscriber would see it. */
public final class RetainedReader {

    private RetainedReader() {}

    /**
     * The retained payload on {@code topic}, or empty when none is retained. A fresh subscriber gets
     * a retained message right after subscribing; a round trip through a second, marker topic tells
     * when the broker has delivered everything it had for us.
     */
    public static Optional<String> read(String brokerUrl, String topic) throws Exception {
        MqttClient client = new MqttClient(brokerUrl, "it-reader-" + UUID.randomUUID(), new MemoryPersistence());
        try {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            client.connect(options);
            CompletableFuture<String> retained = new CompletableFuture<>();
            CompletableFuture<Void> marker = new CompletableFuture<>();
            String markerTopic = topic + "/__marker-" + UUID.randomUUID();
            org.eclipse.paho.mqttv5.client.IMqttMessageListener listener = (t, message) -> {
                if (t.equals(markerTopic)) {
                    marker.complete(null);
                } else if (message.isRetained() && message.getPayload().length > 0) {
                    retained.complete(new String(message.getPayload(), StandardCharsets.UTF_8));
                }
            };
            client.subscribe(
                    new MqttSubscription[] {new MqttSubscription(topic, 1), new MqttSubscription(markerTopic, 1)},
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {listener, listener});
            client.publish(markerTopic, new MqttMessage(new byte[] {1}, 1, false, new MqttProperties()));
            try {
                marker.get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("broker did not echo the marker message", e);
            }
            return Optional.ofNullable(retained.getNow(null));
        } finally {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }

    /** Publishes a retained message at QoS 1. */
    public static void publishRetained(String brokerUrl, String topic, String payload) throws Exception {
        MqttClient client = new MqttClient(brokerUrl, "it-writer-" + UUID.randomUUID(), new MemoryPersistence());
        try {
            client.connect();
            client.publish(
                    topic, new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, true, new MqttProperties()));
            client.disconnect();
        } finally {
            client.close();
        }
    }
}
