package io.coldchain.server.mqtt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * Mosquitto's dynamic security plugin, spoken through its control topic: commands go to {@code
 * $CONTROL/dynamic-security/v1} as JSON, answers come back on {@code .../response}, matched by
 * correlation data. One connection of its own, opened on first use with the server's (admin)
 * account and reopened when it drops.
 */
public final class DynamicSecurity implements AutoCloseable {

    static final String CONTROL = "$CONTROL/dynamic-security/v1";
    static final String RESPONSE = CONTROL + "/response";
    private static final long TIMEOUT_MS = 10_000;

    /** What the plugin answered to one command: an error text or null, and its data. */
    public record Answer(String command, String error, JsonNode data) {

        public boolean ok() {
            return error == null;
        }
    }

    /** The broker did not answer (down, or the account may not administer it). */
    public static final class UnavailableException extends RuntimeException {
        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final MqttBrokerAddress address;
    private final String clientId;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, CompletableFuture<Answer>> waiting = new ConcurrentHashMap<>();
    private MqttAsyncClient client;

    public DynamicSecurity(MqttBrokerAddress address, String clientId) {
        this.address = address;
        this.clientId = clientId;
    }

    /** A command: its name and fields, e.g. {@code command("deleteClient", "username", "d-1")}. */
    public static Map<String, Object> command(String name, Object... fields) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("command", name);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            c.put((String) fields[i], fields[i + 1]);
        }
        return c;
    }

    /** Sends the commands in one message and returns the answers in their order. */
    public synchronized List<Answer> execute(List<Map<String, Object>> commands) {
        List<String> ids = new ArrayList<>();
        List<Map<String, Object>> tagged = new ArrayList<>();
        for (Map<String, Object> c : commands) {
            String id = UUID.randomUUID().toString();
            Map<String, Object> copy = new HashMap<>(c);
            copy.put("correlationData", id);
            tagged.add(copy);
            ids.add(id);
            waiting.put(id, new CompletableFuture<>());
        }
        try {
            connected()
                    .publish(
                            CONTROL,
                            new MqttMessage(
                                    json.writeValueAsBytes(Map.of("commands", tagged)), 1, false, new MqttProperties()))
                    .waitForCompletion(TIMEOUT_MS);
            List<Answer> answers = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
            for (String id : ids) {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                answers.add(waiting.get(id).get(left, TimeUnit.MILLISECONDS));
            }
            return answers;
        } catch (MqttException | TimeoutException | ExecutionException e) {
            throw new UnavailableException("the broker's dynamic security did not answer (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting for the broker", e);
        } finally {
            ids.forEach(waiting::remove);
        }
    }

    /** One command; its answer. */
    public Answer execute(Map<String, Object> command) {
        return execute(List.of(command)).get(0);
    }

    private MqttAsyncClient connected() throws MqttException {
        if (client != null && client.isConnected()) {
            return client;
        }
        if (client != null) {
            client.close(true);
        }
        client = new MqttAsyncClient(address.url(), clientId, new MemoryPersistence());
        client.setCallback(new Callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(30);
        address.applyServer(options);
        client.connect(options).waitForCompletion(TIMEOUT_MS);
        IMqttToken sub = client.subscribe(new MqttSubscription(RESPONSE, 1));
        sub.waitForCompletion(TIMEOUT_MS);
        int[] codes = sub.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
            throw new MqttException(codes[0]);
        }
        return client;
    }

    private void answered(byte[] payload) {
        JsonNode responses = json.readTree(payload).path("responses");
        for (JsonNode r : responses) {
            CompletableFuture<Answer> future =
                    waiting.get(r.path("correlationData").asString(""));
            if (future != null) {
                JsonNode error = r.get("error");
                future.complete(new Answer(
                        r.path("command").asString(""), error == null ? null : error.asString(), r.get("data")));
            }
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            try {
                if (client.isConnected()) {
                    client.disconnect().waitForCompletion(2_000);
                }
                client.close(true);
            } catch (MqttException e) {
                // closing anyway
            }
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {}

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            answered(message.getPayload());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
