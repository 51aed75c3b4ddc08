package io.coldchain.gateway.bench;

import io.coldchain.gateway.contract.Topics;
import io.coldchain.gateway.sim.SimulatedDevice;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A paced flood from the devices outside [{@code skipFrom}, {@code skipTo}), on its own thread. */
final class BackgroundFlood {
    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicBoolean running =
            new java.util.concurrent.atomic.AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private volatile long startNanos;
    private volatile long endNanos;
    private volatile Exception failure;

    private BackgroundFlood(Runnable body) {
        this.thread = new Thread(body, "bench-background");
    }

    static BackgroundFlood start(
            String url, Topics topics, List<SimulatedDevice> simulated, int skipFrom, int skipTo, int rate)
            throws Exception {
        // each sender goes on from the flood's last seq; the simulators are left as they are,
        // so every pass starts from the same flood
        List<String> senders = new ArrayList<>();
        List<long[]> nextSeq = new ArrayList<>();
        for (int d = 0; d < simulated.size(); d++) {
            if (d < skipFrom || d >= skipTo) {
                senders.add(simulated.get(d).deviceId());
                nextSeq.add(new long[] {simulated.get(d).lastSeq() + 1});
            }
        }
        MqttAsyncClient pub =
                new MqttAsyncClient(url, "bench-background-" + UUID.randomUUID(), new MemoryPersistence());
        pub.connect(new MqttConnectionOptions()).waitForCompletion();
        Semaphore window = new Semaphore(IngestBench.IN_FLIGHT);
        MqttActionListener confirmed = IngestBench.releasing(window);
        Instant base = Instant.now().minus(Duration.ofHours(1));
        BackgroundFlood[] self = new BackgroundFlood[1];
        self[0] = new BackgroundFlood(() -> {
            BackgroundFlood b = self[0];
            b.startNanos = System.nanoTime();
            try {
                long i = 0;
                long tsSecond = -1;
                String ts = "";
                while (b.running.get()) {
                    // the i-th reading is due at start + i / rate
                    long due = b.startNanos + i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        // a millisecond's readings at a time: a park per reading (every 100 us at
                        // 10,000/s) was two fifths of this thread's CPU
                        java.util.concurrent.locks.LockSupport.parkNanos(Math.max(wait, 1_000_000L));
                        continue;
                    }
                    int k = (int) (i % senders.size());
                    if (i / senders.size() != tsSecond) {
                        tsSecond = i / senders.size();
                        ts = base.plusSeconds(tsSecond).toString();
                    }
                    // concatenated, not String.format: formatting was a fifth of this thread's CPU,
                    // taken from the gateway it is meant to load (all of it was half a core at 10,000/s)
                    String reading = "{\"seq\":" + nextSeq.get(k)[0]++ + ",\"ts\":\"" + ts
                            + "\",\"probe\":\"chilled\",\"tempC\":3." + (i % 10) + "}";
                    window.acquire();
                    pub.publish(
                            topics.telemetry(senders.get(k)),
                            new MqttMessage(reading.getBytes(StandardCharsets.UTF_8), 1, false, new MqttProperties()),
                            null,
                            confirmed);
                    b.sent.incrementAndGet();
                    i++;
                }
                window.acquire(IngestBench.IN_FLIGHT);
                pub.disconnect().waitForCompletion();
                pub.close();
            } catch (Exception e) {
                b.failure = e;
            } finally {
                b.endNanos = System.nanoTime();
            }
        });
        self[0].thread.start();
        return self[0];
    }

    /** Stops the flood once its last messages are confirmed; returns how many were published. */
    long stop() throws Exception {
        running.set(false);
        thread.join();
        if (failure != null) {
            throw failure;
        }
        return sent.get();
    }

    /** Readings published so far. */
    long sent() {
        return sent.get();
    }

    /** The rate achieved, readings/s. */
    double rate() {
        long end = endNanos == 0 ? System.nanoTime() : endNanos;
        return sent.get() / ((end - startNanos) / 1e9);
    }
}
