package io.coldchain.gateway.sim;

import io.coldchain.gateway.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes simulated devices' readings in real time, one round every {@code interval}. Now and
 * then a device loses its connection for a while (store-and-forward): it keeps its readings and
 * uploads them later as one JSON array, shuffled, the way a flaky modem would.
 */
public final class Simulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Simulator.class);

    private final List<SimulatedDevice> devices;
    private final Topics topics;
    private final Duration interval;
    private final double gapProbability;
    private final MqttAsyncClient client;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "device-simulator");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, List<String>> offline = new HashMap<>();
    private final Map<String, Integer> offlineRounds = new HashMap<>();
    private final SplittableRandom rnd = new SplittableRandom(1);
    private long published;

    /**
     * @param gapProbability per device and round, the chance it goes offline for a few rounds
     */
    public Simulator(
            String brokerUrl, Topics topics, List<SimulatedDevice> devices, Duration interval, double gapProbability)
            throws MqttException {
        this.devices = List.copyOf(devices);
        this.topics = topics;
        this.interval = interval;
        this.gapProbability = gapProbability;
        this.client = new MqttAsyncClient(brokerUrl, "simulator-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setAutomaticReconnect(true);
        client.connect(options).waitForCompletion(30_000);
    }

    public void start() {
        timer.scheduleAtFixedRate(this::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Simulating {} devices every {} s", devices.size(), interval.toSeconds());
    }

    /** One round: every device reads all its probes now. */
    void round() {
        Instant now = Instant.now();
        for (SimulatedDevice device : devices) {
            List<String> readings = device.readingsAt(now);
            String id = device.deviceId();
            try {
                if (offlineRounds.containsKey(id)) {
                    offline.computeIfAbsent(id, k -> new ArrayList<>()).addAll(readings);
                    int left = offlineRounds.merge(id, -1, Integer::sum);
                    if (left <= 0) {
                        offlineRounds.remove(id);
                        List<String> backlog = offline.remove(id);
                        Collections.shuffle(backlog, new java.util.Random(rnd.nextLong()));
                        publish(id, "[" + String.join(",", backlog) + "]");
                    }
                } else if (rnd.nextDouble() < gapProbability) {
                    offlineRounds.put(id, 2 + rnd.nextInt(8));
                    offline.put(id, new ArrayList<>(readings));
                } else {
                    for (String r : readings) {
                        publish(id, r);
                    }
                }
            } catch (MqttException e) {
                log.warn("Simulator could not publish for {}: {}", id, e.getMessage());
            }
        }
    }

    private void publish(String deviceId, String payload) throws MqttException {
        // one at a time: the broker's receive maximum bounds the messages in flight
        client.publish(
                        topics.telemetry(deviceId),
                        new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false, new MqttProperties()))
                .waitForCompletion(10_000);
        published++;
    }

    public long published() {
        return published;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close(true);
        } catch (MqttException e) {
            log.debug("simulator close: {}", e.getMessage());
        }
    }
}
