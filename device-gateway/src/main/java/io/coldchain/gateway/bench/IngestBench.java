package io.coldchain.gateway.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.gateway.BrokerSockets;
import io.coldchain.gateway.Gateway;
import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.gateway.contract.Topics;
import io.coldchain.gateway.sim.SimulatedDevice;
import io.coldchain.gateway.store.PostgresTelemetryStore;
import io.coldchain.gateway.store.TelemetryStore;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Gateway throughput on this machine, in one run: (a) a bare Paho subscriber's receive rate and
 * (b) the gateway's sustained stored-and-evaluated rate for the same flood of single-reading QoS 1
 * messages, their ratio, and (c) alert latency from publish to alert event. Both sides are warmed
 * up first in the same JVM; then {@code bench.rounds} rounds (default 3) alternate which side goes
 * first, each gateway pass on a fresh database and topic root, and the ratio of every round and
 * their median are printed with the load average beside, and where each pass's CPU went ({@link
 * CpuSplit}). A round in which the hypervisor stole more than {@code bench.maxStolen} (5%) of the
 * CPU from either pass is discarded and run again (at most three times the rounds in all). Alert
 * latency is measured last, on a gateway of its own that has just stored the flood, once the
 * store has settled. It starts a Mosquitto
 * of its own (queue limits lifted, so the flood is not dropped) and uses PostgreSQL at
 * {@code JDBC_ADMIN_URL} (a fresh database, dropped afterwards).
 *
 * <pre>
 * ./mvnw -q install -DskipTests
 * java -Xmx512m -cp "device-gateway/target/device-gateway-0.1.0-SNAPSHOT-exec.jar" \
 *     -Dloader.main=io.coldchain.gateway.bench.IngestBench org.springframework.boot.loader.launch.PropertiesLauncher \
 *     [READINGS] [DEVICES] [JDBC_ADMIN_URL]
 * </pre>
 */
public final class IngestBench {

    /** The flood publisher's bound on unconfirmed messages. */
    static final int IN_FLIGHT = 5000;

    /** At most this many warm-up passes ({@code bench.warmPasses}). */
    static final int WARM_PASSES = 4;

    private IngestBench() {}

    /** Where a gateway pass keeps its telemetry; rule state and dead letters are in PostgreSQL. */
    public interface Store {
        /** The store's name in the output. */
        String name();

        /** The telemetry store of one pass ({@code db} is the pass's fresh database). */
        TelemetryStore open(DataSource db, String tag) throws Exception;

        /** Readings of this pass the store holds. */
        long stored(DataSource db, String tag) throws Exception;
    }

    /** The JIT's share of the last timed flood (bare or gateway), printed beside its round. */
    private static volatile double floodJitShare;

    /** Where the CPU went during the last timed flood ({@link CpuSplit}). */
    private static volatile String floodCpu = "";

    /** The share of the machine's CPU the hypervisor stole during the last timed flood. */
    private static volatile double floodStolen;

    /** The bench broker's pid, for its CPU. */
    private static volatile long mosquittoPid;

    static long mosquittoPid() {
        return mosquittoPid;
    }

    /** Telemetry in the pass's own PostgreSQL database. */
    public static final Store POSTGRES = new Store() {
        @Override
        public String name() {
            return "postgresql";
        }

        @Override
        public TelemetryStore open(DataSource db, String tag) {
            return new PostgresTelemetryStore(db);
        }

        @Override
        public long stored(DataSource db, String tag) throws Exception {
            return count(db, "select count(*) from telemetry");
        }
    };

    public static void main(String[] args) throws Exception {
        run(args, POSTGRES);
    }

    /** The whole bench with telemetry in {@code store}. */
    public static void run(String[] args, Store store) throws Exception {
        int readings = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        String admin = args.length > 2 ? args[2] : "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("coldchain-ingest-bench");
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(
                conf,
                """
                listener %d 127.0.0.1
                allow_anonymous true
                max_queued_messages 0
                max_inflight_messages 0
                persistence false
                set_tcp_nodelay true
                """
                        .formatted(port));
        Process mosquitto = new ProcessBuilder("mosquitto", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile())
                .start();
        mosquittoPid = mosquitto.pid();
        String url = "tcp://127.0.0.1:" + port;
        int rounds = Integer.getInteger("bench.rounds", 3);
        try {
            Thread.sleep(500);
            List<SimulatedDevice> simulated = simulated(devices);
            List<byte[]> payloads = payloads(simulated, readings);
            System.out.printf(
                    Locale.ROOT,
                    "flood,%d readings,%d devices,one reading per QoS 1 message,%d rounds,telemetry in %s,load %s%n",
                    readings,
                    devices,
                    rounds,
                    store.name(),
                    loadAverage());
            // warm-up, not counted: both sides on a quarter of the flood, in this JVM, until the JIT
            // compilers have settled (they took 9 s of a core during the first timed passes otherwise)
            List<byte[]> warm = payloads.subList(0, Math.max(devices, readings / 4));
            int warmPasses = Integer.getInteger("bench.warmPasses", WARM_PASSES);
            for (int pass = 1; pass <= warmPasses; pass++) {
                long jit = jitMillis();
                long start = System.nanoTime();
                bareRate(url, new Topics("warm" + pass + "-bare/" + Topics.DEFAULT_ROOT), warm, devices);
                gatewayPass(url, admin, dir, "warm" + pass, warm, simulated, false, store, false);
                // the alert path warms up too: its first alerts ran interpreted, p99 in the hundreds of ms
                alertPass(url, admin, dir, "warm-alerts" + pass, simulated, store);
                double share = jitShare(jit, start);
                System.out.printf(Locale.ROOT, "warm-up %d,JIT compiling %.0f%% of the pass%n", pass, 100 * share);
                if (share < 0.05) {
                    break;
                }
            }
            List<Double> ratios = new ArrayList<>();
            double maxStolen = Double.parseDouble(System.getProperty("bench.maxStolen", "0.05"));
            int attempts = 0;
            for (int r = 1; r <= rounds; ) {
                attempts++;
                boolean bareFirst = r % 2 == 1;
                double bareStolen = 0;
                double gatewayStolen = 0;
                double bare = 0;
                double gateway = 0;
                double bareJit = 0;
                double gatewayJit = 0;
                String bareCpu = "";
                String gatewayCpu = "";
                for (int side = 0; side < 2; side++) {
                    settle(admin);
                    if ((side == 0) == bareFirst) {
                        bare = bareRate(url, new Topics("r" + r + "-bare/" + Topics.DEFAULT_ROOT), payloads, devices);
                        bareJit = floodJitShare;
                        bareCpu = floodCpu;
                        bareStolen = floodStolen;
                    } else {
                        gateway = gatewayPass(url, admin, dir, "r" + r, payloads, simulated, false, store, false);
                        gatewayJit = floodJitShare;
                        gatewayCpu = floodCpu;
                        gatewayStolen = floodStolen;
                    }
                }
                if (Math.max(bareStolen, gatewayStolen) > maxStolen && attempts < 3 * rounds) {
                    // a host whose hypervisor takes a fifth of the CPU from one pass and not the
                    // other gave ratios from 0.68 to 1.10 in one run: such a round says nothing
                    System.out.printf(
                            Locale.ROOT,
                            "round %d discarded,stolen bare %.0f%% gateway %.0f%% (over %.0f%%),bare %.0f readings/s,"
                                    + "gateway %.0f readings/s,run again%n",
                            r,
                            100 * bareStolen,
                            100 * gatewayStolen,
                            100 * maxStolen,
                            bare,
                            gateway);
                    continue;
                }
                ratios.add(gateway / bare);
                System.out.printf(
                        Locale.ROOT,
                        "round %d,%s first,bare %.0f readings/s,gateway %.0f readings/s,ratio %.2f,"
                                + "JIT compiling bare %.0f%% gateway %.0f%% of the flood,load %s%n",
                        r,
                        bareFirst ? "bare" : "gateway",
                        bare,
                        gateway,
                        gateway / bare,
                        100 * bareJit,
                        100 * gatewayJit,
                        loadAverage());
                System.out.printf(Locale.ROOT, "round %d,bare,%s%n", r, bareCpu);
                System.out.printf(Locale.ROOT, "round %d,gateway,%s%n", r, gatewayCpu);
                r++;
            }
            List<Double> sorted = new ArrayList<>(ratios);
            Collections.sort(sorted);
            System.out.printf(
                    Locale.ROOT,
                    "ratio gateway/bare,median %.2f,min %.2f,max %.2f%n",
                    sorted.get(sorted.size() / 2),
                    sorted.get(0),
                    sorted.get(sorted.size() - 1));
            // alert latency on a gateway of its own that has just stored the flood
            settle(admin);
            gatewayPass(url, admin, dir, "alerts", payloads, simulated, true, store, false);
        } finally {
            mosquitto.destroy();
            mosquitto.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /**
     * One gateway pass on a fresh database and topic root: the flood published, timed until every
     * reading is stored. On the last pass the alert latency is measured and printed; with {@code
     * warmAlerts} it is measured, not printed (a warm-up). Returns readings/s.
     */
    static double gatewayPass(
            String url,
            String admin,
            Path dir,
            String tag,
            List<byte[]> payloads,
            List<SimulatedDevice> simulated,
            boolean last,
            Store store,
            boolean warmAlerts)
            throws Exception {
        int devices = simulated.size();
        String db = "coldchain_bench_" + UUID.randomUUID().toString().substring(0, 8);
        sql(admin, "create database " + db);
        String dbUrl = admin.replaceFirst("/[^/?]+(\\?|$)", "/" + db + "$1");
        Topics topics = new Topics("bench-" + tag + "/" + Topics.DEFAULT_ROOT);
        try (HikariDataSource ds = new HikariDataSource()) {
            ds.setJdbcUrl(dbUrl);
            ds.setMaximumPoolSize(4);
            MqttClient registry = new MqttClient(url, "bench-registry-" + tag, new MemoryPersistence());
            registry.connect(options(url));
            for (int d = 0; d < devices; d++) {
                String id = "BENCH-" + d;
                registry.publish(topics.deviceConfig(id), new MqttMessage(binding(id), 1, true, new MqttProperties()));
            }
            TelemetryStore telemetry = store.open(ds, tag);
            Gateway gateway = Gateway.start(
                    Gateway.Config.of(url, topics, "bench-gateway-" + tag, "bench")
                            .withBatchSize(1000)
                            .withSpool(dir.resolve("spool-" + tag), Gateway.Config.DEFAULT_SPOOL_BYTES),
                    ds,
                    telemetry);
            Thread.sleep(1000);
            long jit = jitMillis();
            CpuSplit cpu = CpuSplit.now(mosquittoPid);
            long start = System.nanoTime();
            publishAll(url, topics, payloads, devices);
            long counted = untilCounted(gateway.metrics().readingsStored, payloads.size(), start);
            double seconds = (System.nanoTime() - start) / 1e9;
            floodJitShare = jitShare(jit, start);
            CpuSplit after = CpuSplit.now(mosquittoPid);
            floodCpu = after.since(cpu, payloads.size(), seconds);
            floodStolen = after.stolenSince(cpu);
            // the store's own count confirms, after the clock stopped: a count(*) every 20 ms inside
            // the timed window cost PostgreSQL a share of a core the bare pass never paid
            long stored = untilStored(store, ds, tag, payloads.size(), start);
            double rate = Math.min(stored, counted) / seconds;
            if (last) {
                System.out.printf(
                        Locale.ROOT,
                        "gateway (alert pass),stored %d of %d published at %.0f readings/s,%s%n",
                        stored,
                        payloads.size(),
                        rate,
                        gateway.metrics());
                Runtime rt = Runtime.getRuntime();
                System.out.printf(
                        Locale.ROOT,
                        "heap,max %d MiB,used %d MiB%n",
                        rt.maxMemory() >> 20,
                        (rt.totalMemory() - rt.freeMemory()) >> 20);
                AlertLatency.untilAlertsGoOut(gateway);
                // the flood's after-effects (checkpoint, autovacuum of the new rows) end first: the
                // latency asked for is that of a gateway under a steady background, not of a store
                // still writing out the last 200,000 rows
                settle(admin);
                AlertLatency.measure(url, topics, registry, simulated, store, ds, tag, payloads.size(), true);
            } else if (warmAlerts) {
                AlertLatency.untilAlertsGoOut(gateway);
                AlertLatency.measure(url, topics, registry, simulated, store, ds, tag, payloads.size(), false);
            }
            gateway.close();
            if (telemetry instanceof AutoCloseable closeable) {
                closeable.close();
            }
            registry.disconnect();
            registry.close();
            return rate;
        } finally {
            sql(admin, "drop database if exists " + db + " with (force)");
        }
    }

    /** A warm-up of the alert path: a gateway with no flood behind it, its latencies not printed. */
    static void alertPass(String url, String admin, Path dir, String tag, List<SimulatedDevice> simulated, Store store)
            throws Exception {
        gatewayPass(url, admin, dir, tag, List.of(), simulated, false, store, true);
    }

    /**
     * Waits (at most five minutes from {@code start}) until the gateway counts {@code expected}
     * readings stored: it counts a batch once its transaction is through. Free to read, as the bare
     * pass's latch is.
     */
    static long untilCounted(AtomicLong counted, long expected, long start) throws InterruptedException {
        while (counted.get() < expected && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(5)) {
            Thread.sleep(5);
        }
        return counted.get();
    }

    /** Waits (at most five minutes from {@code start}) until the store holds {@code expected}. */
    static long untilStored(Store store, DataSource ds, String tag, long expected, long start) throws Exception {
        long stored;
        while ((stored = store.stored(ds, tag)) < expected) {
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(5)) {
                break;
            }
            Thread.sleep(20);
        }
        return stored;
    }

    /**
     * Lets the last pass's after-effects end before the next is timed: PostgreSQL's checkpoint of
     * the last flood's rows (a dropped database's files too), this JVM's garbage, a few quiet
     * seconds. Without it the pass after a gateway pass ran at a third of its speed.
     */
    static void settle(String admin) throws Exception {
        sql(admin, "checkpoint");
        System.gc();
        Thread.sleep(Long.getLong("bench.settleMs", 5_000));
    }

    /** JIT compiling time since {@code jit} (from {@link #jitMillis}) over wall time since {@code start}. */
    static double jitShare(long jit, long start) {
        return (jitMillis() - jit) / ((System.nanoTime() - start) / 1e6);
    }

    /** Time the JIT compilers have spent so far (summed over their threads). */
    static long jitMillis() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit == null ? 0 : jit.getTotalCompilationTime();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().replaceAll(" \\S+ \\S+$", "");
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }

    /** The flood, from the device simulator: one chilled probe per device, one reading a second. */
    static List<byte[]> payloads(List<SimulatedDevice> simulated, int readings) {
        Instant base = Instant.now().minus(Duration.ofHours(6));
        List<byte[]> payloads = new ArrayList<>(readings);
        for (int i = 0; i < readings; i++) {
            SimulatedDevice device = simulated.get(i % simulated.size());
            String reading =
                    device.readingsAt(base.plusSeconds(i / simulated.size())).get(0);
            payloads.add(reading.getBytes(StandardCharsets.UTF_8));
        }
        return payloads;
    }

    static List<SimulatedDevice> simulated(int devices) {
        List<SimulatedDevice> simulated = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            simulated.add(
                    new SimulatedDevice("BENCH-" + d, Map.of("chilled", TemperatureZone.CHILLED), false, 46.0, 9.0, d));
        }
        return simulated;
    }

    static byte[] binding(String id) {
        return ("{\"deviceId\":\"%s\",\"reportingIntervalS\":3600,\"probes\":{"
                        + "\"chilled\":{\"assetId\":\"%s/CHILLED\",\"assetKind\":\"LOCKER_ZONE\",\"zone\":\"CHILLED\"},"
                        + "\"frozen\":{\"assetId\":\"%s/FROZEN\",\"assetKind\":\"LOCKER_ZONE\",\"zone\":\"FROZEN\"}}}")
                .formatted(id, id, id)
                .getBytes(StandardCharsets.UTF_8);
    }

    static double bareRate(String url, Topics topics, List<byte[]> payloads, int devices) throws Exception {
        MqttClient sub = new MqttClient(url, "bench-bare", new MemoryPersistence());
        MqttConnectionOptions options = options(url);
        options.setReceiveMaximum(1000);
        sub.connect(options);
        CountDownLatch done = new CountDownLatch(payloads.size());
        IMqttMessageListener count = (t, m) -> done.countDown();
        sub.subscribe(
                new MqttSubscription[] {new MqttSubscription(topics.root() + "/devices/+/telemetry", 1)},
                new IMqttMessageListener[] {count});
        long jit = jitMillis();
        CpuSplit cpu = CpuSplit.now(mosquittoPid);
        long start = System.nanoTime();
        publishAll(url, topics, payloads, devices);
        done.await(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        floodJitShare = jitShare(jit, start);
        CpuSplit after = CpuSplit.now(mosquittoPid);
        floodCpu = after.since(cpu, payloads.size(), seconds);
        floodStolen = after.stolenSince(cpu);
        sub.unsubscribe(topics.root() + "/devices/+/telemetry");
        sub.disconnect();
        sub.close();
        return (payloads.size() - done.getCount()) / seconds;
    }

    /** Gives a publisher's in-flight permit back when the broker confirms (or refuses) a message. */
    static MqttActionListener releasing(Semaphore window) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                window.release();
            }
        };
    }

    static void publishAll(String url, Topics topics, List<byte[]> payloads, int devices) throws Exception {
        String clientId = "bench-pub-" + UUID.randomUUID();
        MqttAsyncClient pub = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        pub.connect(new MqttConnectionOptions()).waitForCompletion();
        String[] topicOf = new String[devices];
        for (int d = 0; d < devices; d++) {
            topicOf[d] = topics.telemetry("BENCH-" + d);
        }
        // at most IN_FLIGHT unconfirmed: the publisher waits on a semaphore, it does not spin
        Semaphore window = new Semaphore(IN_FLIGHT);
        MqttActionListener confirmed = releasing(window);
        for (int i = 0; i < payloads.size(); i++) {
            window.acquire();
            pub.publish(
                    topicOf[i % devices],
                    new MqttMessage(payloads.get(i), 1, false, new MqttProperties()),
                    null,
                    confirmed);
        }
        window.acquire(IN_FLIGHT);
        CpuSplit.publisherEnding(clientId);
        pub.disconnect().waitForCompletion();
        pub.close();
    }

    /** The bench's own clients connect as the gateway does (no Nagle delay), so they do not add latency of their own. */
    static MqttConnectionOptions options(String url) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        BrokerSockets.apply(options, url, null);
        return options;
    }

    static void sql(String url, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    static long count(DataSource ds, String query) throws Exception {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
