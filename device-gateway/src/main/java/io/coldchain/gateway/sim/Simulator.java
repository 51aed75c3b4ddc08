package io.coldchain.gateway.sim;

import io.coldchain.gateway.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes simulated devices' readings in real time, one round every {@code interval}, and
 * behaves like real hardware towards the gateway:
 *
 * <ul>
 *   <li>now and then a device loses its connection for a while (store-and-forward): it keeps its
 *       readings and uploads them later as one JSON array, shuffled, the way a flaky modem would;
 *   <li>a reading the broker did not take (it is down, the connection dropped) stays with the device
 *       and goes up with the next upload;
 *   <li>each device keeps a buffer of its recent readings and answers a {@code RESEND} on its
 *       {@code devices/{id}/commands} topic by uploading the range again.
 * </ul>
 */
public final class Simulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Simulator.class);
    private static final int UPLOAD_CHUNK = 200;

    /** Counts of what the simulated devices did, for tests and the fault suite. */
    public static final class Counters {
        /** Readings the devices produced. */
        public final AtomicLong generated = new AtomicLong();
        /** Readings in messages the broker acknowledged (an uploaded array counts each reading). */
        public final AtomicLong acknowledged = new AtomicLong();
        /** Publishes the broker did not take (the readings stayed with the device). */
        public final AtomicLong failedPublishes = new AtomicLong();
        /** RESEND commands answered, and readings uploaded again for them. */
        public final AtomicLong resendRequests = new AtomicLong();

        public final AtomicLong resentReadings = new AtomicLong();

        @Override
        public String toString() {
            return "generated=" + generated + " acknowledged=" + acknowledged + " failedPublishes=" + failedPublishes
                    + " resendRequests=" + resendRequests + " resentReadings=" + resentReadings;
        }
    }

    private final Map<String, SimulatedDevice> devices = new LinkedHashMap<>();
    private final Topics topics;
    private final Duration interval;
    private final double gapProbability;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "device-simulator");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, List<String>> offline = new HashMap<>();
    private final Map<String, Integer> offlineRounds = new HashMap<>();
    // readings the broker did not take, per device, uploaded with the next successful publish
    private final Map<String, List<String>> unsent = new HashMap<>();
    private final SplittableRandom rnd = new SplittableRandom(1);
    private final JsonMapper json = JsonMapper.builder().build();
    private final Counters counters = new Counters();
    private java.util.function.UnaryOperator<Instant> eventTime = java.util.function.UnaryOperator.identity();

    /**
     * @param gapProbability per device and round, the chance it goes offline for a few rounds
     */
    public Simulator(
            String brokerUrl, Topics topics, List<SimulatedDevice> devices, Duration interval, double gapProbability)
            throws MqttException {
        this(brokerUrl, topics, devices, interval, gapProbability, null, null);
    }

    /** The same, signing in to the broker as {@code username} (null: anonymously). */
    public Simulator(
            String brokerUrl,
            Topics topics,
            List<SimulatedDevice> devices,
            Duration interval,
            double gapProbability,
            String username,
            String password)
            throws MqttException {
        devices.forEach(d -> this.devices.put(d.deviceId(), d));
        this.topics = topics;
        this.interval = interval;
        this.gapProbability = gapProbability;
        this.client = new MqttAsyncClient(brokerUrl, "simulator-" + System.nanoTime(), new MemoryPersistence());
        this.options = new MqttConnectionOptions();
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 5);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password == null ? null : password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        client.setCallback(new Callback());
        client.connect(options).waitForCompletion(30_000);
        subscribeCommands();
    }

    public void start() {
        timer.scheduleAtFixedRate(this::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Simulating {} devices every {} s", devices.size(), interval.toSeconds());
    }

    /**
     * Maps the wall clock to the devices' event time (identity by default); a test runs an hour of
     * event time in minutes this way, as long as the mapped time never passes the wall clock.
     */
    public Simulator eventTime(java.util.function.UnaryOperator<Instant> mapping) {
        this.eventTime = mapping;
        return this;
    }

    public Counters counters() {
        return counters;
    }

    /**
     * One round: every device reads all its probes now. A failure is logged and the next round
     * comes all the same (an exception escaping a scheduled task would end the simulation silently).
     */
    void round() {
        try {
            roundOnce();
        } catch (RuntimeException e) {
            log.warn("Simulator round failed (the next one follows): {}", e.toString(), e);
        }
    }

    private void roundOnce() {
        Instant now = eventTime.apply(Instant.now());
        for (SimulatedDevice device : devices.values()) {
            List<String> readings = device.readingsAt(now);
            counters.generated.addAndGet(readings.size());
            String id = device.deviceId();
            if (offlineRounds.containsKey(id)) {
                offline.computeIfAbsent(id, k -> new ArrayList<>()).addAll(readings);
                int left = offlineRounds.merge(id, -1, Integer::sum);
                if (left <= 0) {
                    offlineRounds.remove(id);
                    List<String> backlog = offline.remove(id);
                    Collections.shuffle(backlog, new java.util.Random(rnd.nextLong()));
                    upload(id, backlog);
                }
            } else if (rnd.nextDouble() < gapProbability) {
                offlineRounds.put(id, 2 + rnd.nextInt(8));
                offline.put(id, new ArrayList<>(readings));
            } else {
                List<String> pending = unsent.remove(id);
                if (pending != null) {
                    upload(id, pending);
                }
                for (String r : readings) {
                    send(id, List.of(r), r);
                }
            }
        }
    }

    /** Uploads readings as JSON arrays (store-and-forward). */
    private void upload(String deviceId, List<String> readings) {
        for (int i = 0; i < readings.size(); i += UPLOAD_CHUNK) {
            List<String> chunk = readings.subList(i, Math.min(readings.size(), i + UPLOAD_CHUNK));
            send(deviceId, chunk, "[" + String.join(",", chunk) + "]");
        }
    }

    /** Publishes; a reading the broker does not take stays with the device for the next upload. */
    private void send(String deviceId, List<String> readings, String payload) {
        try {
            publish(deviceId, payload);
            counters.acknowledged.addAndGet(readings.size());
        } catch (MqttException e) {
            counters.failedPublishes.incrementAndGet();
            unsent.computeIfAbsent(deviceId, k -> new ArrayList<>()).addAll(readings);
            if (counters.failedPublishes.get() % 100 == 1) {
                log.warn(
                        "Simulator could not publish for {} ({} failed so far): {}",
                        deviceId,
                        counters.failedPublishes.get(),
                        e.getMessage());
            }
        }
    }

    private void publish(String deviceId, String payload) throws MqttException {
        // one at a time: the broker's receive maximum bounds the messages in flight
        for (int attempt = 0; ; attempt++) {
            try {
                client.publish(
                                topics.telemetry(deviceId),
                                new MqttMessage(
                                        payload.getBytes(StandardCharsets.UTF_8), 1, false, new MqttProperties()))
                        .waitForCompletion(10_000);
                return;
            } catch (MqttException e) {
                // Paho 1.2.5 now and then says "too many publishes in progress" right after one completed
                if (e.getReasonCode() != 32202 || attempt >= 50) {
                    throw e;
                }
                sleep(20);
            }
        }
    }

    /** A RESEND arrived: upload the range from the device's buffer (on the simulator's thread). */
    private void resend(String deviceId, long fromSeq, long toSeq) {
        SimulatedDevice device = devices.get(deviceId);
        if (device == null) {
            return;
        }
        List<String> again = device.resend(fromSeq, toSeq);
        counters.resendRequests.incrementAndGet();
        counters.resentReadings.addAndGet(again.size());
        if (!again.isEmpty()) {
            upload(deviceId, again);
        }
    }

    private void subscribeCommands() {
        try {
            client.subscribe(new MqttSubscription(topics.allDeviceCommands(), 1))
                    .waitForCompletion(10_000);
        } catch (MqttException e) {
            log.warn("Simulator cannot subscribe to device commands: {}", e.getMessage());
        }
    }

    /** Whether the simulator is connected to the broker. */
    public boolean connected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close(true);
        } catch (MqttException e) {
            log.debug("simulator close: {}", e.getMessage());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            String deviceId = topics.deviceIdOfCommandTopic(topic);
            if (deviceId == null) {
                return;
            }
            try {
                JsonNode command = json.readTree(message.getPayload());
                if ("RESEND".equals(command.path("type").asString(""))) {
                    long from = command.path("fromSeq").asLong(-1);
                    long to = command.path("toSeq").asLong(-1);
                    if (from >= 0 && to >= from) {
                        timer.execute(() -> resend(deviceId, from, to));
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Simulated device {} ignores an unreadable command: {}", deviceId, e.getMessage());
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) {
                // the broker may have lost the subscription (a restarted Mosquitto does)
                new Thread(Simulator.this::subscribeCommands, "simulator-subscribe").start();
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
    }
}
