package io.coldchain.gateway.bench;

import io.coldchain.gateway.Gateway;
import io.coldchain.gateway.contract.Topics;
import io.coldchain.gateway.sim.SimulatedDevice;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** The ingestion bench's alert latency: publish of a reading to its RAISED event, quiet and under a flood. */
final class AlertLatency {

    private AlertLatency() {}

    /**
     * Alert latency on a gateway that has stored {@code flood} readings: a frozen probe above -12 C
     * raises at once, on some devices quiet, on as many others under a background flood; then every
     * reading published is checked to be stored.
     */
    static void measure(
            String url,
            Topics topics,
            MqttClient registry,
            List<SimulatedDevice> simulated,
            IngestBench.Store store,
            DataSource ds,
            String tag,
            long flood,
            boolean print)
            throws Exception {
        // the devices after both samples send the background flood
        int samples = Math.max(1, Math.min(print ? 200 : 50, (simulated.size() - 100) / 2));
        alertLatency(url, topics, registry, simulated, 0, samples, 0, print);
        long background = alertLatency(
                url,
                topics,
                registry,
                simulated,
                samples,
                samples,
                Integer.getInteger("bench.backgroundRate", 10_000),
                print);
        long published = flood + 2L * samples + background;
        long all = IngestBench.untilStored(store, ds, tag, published, System.nanoTime());
        if (print) {
            System.out.printf(
                    Locale.ROOT,
                    "stored/published,%d of %d (flood, background and alert readings),%s%n",
                    all,
                    published,
                    all == published ? "nothing lost" : "MISSING " + (published - all));
        }
    }

    /** The gateway holds alert events back for a few seconds after it connects: wait that out. */
    static void untilAlertsGoOut(Gateway gateway) throws InterruptedException {
        Instant from;
        while ((from = gateway.alertsFrom()) == null || Instant.now().isBefore(from)) {
            Thread.sleep(50);
        }
    }

    /**
     * Alert latency, publish to RAISED on {@code events/alerts}: devices {@code from} to {@code
     * from + samples} each send one frozen reading above -12 C, 20 ms apart ({@code bench.gapMs}),
     * while the devices after them flood at {@code backgroundRate} readings/s (0: quiet; the devices
     * before them took part in an earlier sampling, whose sequence numbers they used). Returns how
     * many background readings were published.
     */
    static long alertLatency(
            String url,
            Topics topics,
            MqttClient client,
            List<SimulatedDevice> simulated,
            int from,
            int samples,
            int backgroundRate,
            boolean print)
            throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        MqttClient listener = new MqttClient(url, "bench-alerts", new MemoryPersistence());
        listener.connect(IngestBench.options(url));
        IMqttMessageListener onAlert = (t, m) -> {
            String text = new String(m.getPayload(), StandardCharsets.UTF_8);
            if (text.contains("\"RAISED\"") && text.contains("TEMPERATURE_HIGH")) {
                String device = text.replaceFirst(".*\"deviceId\":\"([^\"]+)\".*", "$1");
                Long sent = sentAt.remove(device);
                if (sent != null) {
                    latencies.add(System.nanoTime() - sent);
                }
            }
        };
        listener.subscribe(
                new MqttSubscription[] {new MqttSubscription(topics.alerts(), 1)},
                new IMqttMessageListener[] {onAlert});
        BackgroundFlood flood = backgroundRate > 0
                ? BackgroundFlood.start(url, topics, simulated, 0, from + samples, backgroundRate)
                : null;
        if (flood != null) {
            Thread.sleep(Long.getLong("bench.backgroundRampMs", 2_000)); // sampled in the steady state
        }
        CpuSplit cpu = CpuSplit.now(IngestBench.mosquittoPid());
        long sampling = System.nanoTime();
        long sentBefore = flood == null ? 0 : flood.sent();
        for (int d = from; d < from + samples; d++) {
            String id = "BENCH-" + d;
            // the device's next seq after the flood, so the sequencer releases it at once
            long next = simulated.get(d).lastSeq() + 1;
            String reading =
                    "{\"seq\":%d,\"ts\":\"%s\",\"probe\":\"frozen\",\"tempC\":-9.0}".formatted(next, Instant.now());
            sentAt.put(id, System.nanoTime());
            client.publish(
                    topics.telemetry(id),
                    new MqttMessage(reading.getBytes(StandardCharsets.UTF_8), 1, false, new MqttProperties()));
            Thread.sleep(Long.getLong("bench.gapMs", 20));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!sentAt.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        // the background's CPU per reading over the sampling (quiet: nothing to split)
        String split = flood == null
                ? ""
                : CpuSplit.now(IngestBench.mosquittoPid())
                        .since(cpu, flood.sent() - sentBefore, (System.nanoTime() - sampling) / 1e9);
        long background = flood == null ? 0 : flood.stop();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        String under = flood == null
                ? "no background"
                : String.format(Locale.ROOT, "background %.0f readings/s", flood.rate());
        if (!print) {
            // a warm-up
        } else if (sorted.isEmpty()) {
            System.out.println("alert-latency," + under + ",no alerts received");
        } else {
            System.out.printf(
                    Locale.ROOT,
                    "alert-latency,%s,p50 %.1f ms,p99 %.1f ms,%d samples,%d missing%n",
                    under,
                    sorted.get(sorted.size() / 2) / 1e6,
                    sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1e6,
                    sorted.size(),
                    sentAt.size());
            if (flood != null) {
                System.out.println("alert-latency," + under + "," + split);
            }
        }
        listener.disconnect();
        listener.close();
        return background;
    }
}
