package io.coldchain.server.ui;

import io.coldchain.server.security.Role;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Holds {@code -Dbench.clients} (1,000) live-event streams open on the embedded server at once
 * (one NIO selector on the client side, so the client costs little), heartbeats every {@code
 * -Dbench.heartbeat-s} (5) seconds, then prints: clients held, the server's heap per client (heap
 * after GC with the streams open minus before, over the clients; it includes the client's few
 * hundred bytes per socket, so it is an upper bound), threads before and after (streams hold no
 * thread), heartbeats per client over {@code -Dbench.hold-s} (30) seconds, and the fan-out of one
 * event to every client (p50/p99/max from publish to the client reading it).
 *
 * <pre>
 * ./mvnw -q install -DskipTests
 * ./mvnw -q -pl logistics-server exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.coldchain.server.ui.LiveEventsBench
 * </pre>
 */
public final class LiveEventsBench {

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("bench.clients", 1000);
        int heartbeatS = Integer.getInteger("bench.heartbeat-s", 5);
        int holdS = Integer.getInteger("bench.hold-s", 30);
        ConfigurableApplicationContext app = io.coldchain.server.bench.BenchServer.start(
                "bench-live",
                "--coldchain.ui.live-heartbeat=PT" + heartbeatS + "S",
                "--server.tomcat.max-connections=" + (clients + 200),
                // the worker pool at its full size from the start, so the heap figure is the streams'
                // own and not the pool growing while they connect
                "--server.tomcat.threads.min-spare=200");
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        LiveEvents live = app.getBean(LiveEvents.class);
        try {
            // one request first, so the sign-in is cached and the page-independent parts are warm
            String auth =
                    "Basic " + Base64.getEncoder().encodeToString("dispatcher:demo".getBytes(StandardCharsets.UTF_8));
            long heapBefore = usedHeapAfterGc();
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

            Selector selector = Selector.open();
            List<Client> all = new ArrayList<>();
            byte[] request =
                    ("GET /api/v1/live HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nAuthorization: "
                                    + auth + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII);
            long connectStart = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                channel.write(ByteBuffer.wrap(request));
                channel.configureBlocking(false);
                Client c = new Client();
                channel.register(selector, SelectionKey.OP_READ, c);
                all.add(c);
            }
            ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (live.clients() < clients && System.nanoTime() < deadline) {
                pump(selector, buffer, 100);
            }
            double connectS = (System.nanoTime() - connectStart) / 1e9;
            int held = live.clients();
            long heapWith = usedHeapAfterGc();
            int threadsWith = ManagementFactory.getThreadMXBean().getThreadCount();

            long holdUntil = System.nanoTime() + Duration.ofSeconds(holdS).toNanos();
            while (System.nanoTime() < holdUntil) {
                pump(selector, buffer, 200);
            }
            int[] beats = all.stream().mapToInt(c -> c.heartbeats).sorted().toArray();

            long published = System.nanoTime();
            live.publish("bench", Map.of("at", published), LiveEvents.Audience.roles(EnumSet.allOf(Role.class)));
            long fanDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (all.stream().anyMatch(c -> c.sawEventAt == 0) && System.nanoTime() < fanDeadline) {
                pump(selector, buffer, 50);
            }
            double[] latencyMs = all.stream()
                    .filter(c -> c.sawEventAt > 0)
                    .mapToDouble(c -> (c.sawEventAt - published) / 1e6)
                    .sorted()
                    .toArray();
            int stillOpen = live.clients();
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();

            System.out.printf(
                    "clients %d requested, %d held (connected in %.1f s), %d still held after %d s%n",
                    clients, held, connectS, stillOpen, holdS);
            System.out.printf(
                    "heap: %.1f MB before, %.1f MB with the streams open: %.1f KB per client (upper bound)%n",
                    heapBefore / 1e6, heapWith / 1e6, (heapWith - heapBefore) / 1024.0 / Math.max(1, held));
            System.out.printf("threads: %d before, %d with the streams open%n", threadsBefore, threadsWith);
            System.out.printf(
                    "heartbeats per client in %d s (every %d s): min %d, median %d, max %d%n",
                    holdS, heartbeatS, beats[0], beats[beats.length / 2], beats[beats.length - 1]);
            System.out.printf(
                    "fan-out of one event: %d of %d clients got it; p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    latencyMs.length,
                    clients,
                    pct(latencyMs, 0.50),
                    pct(latencyMs, 0.99),
                    latencyMs.length == 0 ? Double.NaN : latencyMs[latencyMs.length - 1]);
        } finally {
            app.close();
        }
    }

    /** What one client has read so far. */
    static final class Client {
        int heartbeats;
        long sawEventAt;
        final StringBuilder tail = new StringBuilder();
    }

    static void pump(Selector selector, ByteBuffer buffer, long timeoutMs) throws Exception {
        selector.select(timeoutMs);
        for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
            SelectionKey key = it.next();
            it.remove();
            Client c = (Client) key.attachment();
            buffer.clear();
            int n = ((SocketChannel) key.channel()).read(buffer);
            if (n < 0) {
                key.cancel();
                continue;
            }
            buffer.flip();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            c.tail.append(new String(bytes, StandardCharsets.UTF_8));
            // whole lines only; a line split across two reads waits for its end
            int end;
            while ((end = c.tail.indexOf("\n")) >= 0) {
                String line = c.tail.substring(0, end).strip();
                c.tail.delete(0, end + 1);
                if (line.equals(":heartbeat")) {
                    c.heartbeats++;
                } else if (line.equals("event:bench") && c.sawEventAt == 0) {
                    c.sawEventAt = System.nanoTime();
                }
            }
        }
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
