package io.coldchain.gateway.faults;

import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.gateway.contract.Topics;
import io.coldchain.gateway.embedded.EmbeddedPostgresServer;
import io.coldchain.gateway.sim.SimulatedDevice;
import io.coldchain.gateway.sim.Simulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The gateway's fault suite: the standalone gateway (its own JVM) on a Mosquitto and a PostgreSQL
 * the suite starts itself, devices from the simulator streaming with an excursion running, and in
 * turn: kill -9 of the gateway, a broker restart, a short and a long database outage, and a broker
 * restart during a database outage. For each it counts what was published, acknowledged, stored,
 * duplicated, dead-lettered, recorded as a gap and filled by RESEND, and the alerts raised and
 * cleared, and checks the targets: every acknowledged reading stored exactly once or recorded as a
 * gap, no gap left after RESEND, one RAISED and one CLEARED per excursion, recovery without a restart.
 *
 * <pre>
 * ./mvnw -q install -DskipTests
 * ./mvnw -q -pl device-gateway exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.coldchain.gateway.faults.FaultSuite -Dexec.args="full"
 * </pre>
 *
 * {@code short} runs the same scenarios smaller and faster (what CI runs, through {@code
 * FaultSuiteIT}); fault names after the size run only those (e.g. {@code short BROKER_RESTART}).
 */
public final class FaultSuite {

    /** The faults, each run on fresh devices, a fresh database and a fresh topic root. */
    enum Fault {
        GATEWAY_KILLED,
        BROKER_RESTART,
        DATABASE_OUTAGE_SHORT,
        DATABASE_OUTAGE_LONG,
        BROKER_RESTART_DURING_DATABASE_OUTAGE,
        /** Two gateways on one shared subscription; the one judging the excursion is killed for good. */
        ONE_OF_TWO_GATEWAYS_KILLED
    }

    /**
     * The suite's sizes.
     *
     * @param speed event time runs this many times faster than the wall clock (an excursion of ten
     *     minutes and its clearing take a minute or two)
     * @param shortOutage the short database outage (and the one the broker restarts in)
     */
    record Options(
            int devices,
            double speed,
            Duration warmup,
            Duration shortOutage,
            Duration longOutage,
            Duration tail,
            Duration minActivity,
            Duration gapTimeout) {

        static Options full() {
            return new Options(
                    50,
                    10,
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(120),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(120),
                    Duration.ofSeconds(30));
        }

        static Options small() {
            return new Options(
                    10,
                    20,
                    Duration.ofSeconds(12),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(25),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(10));
        }
    }

    /** What one scenario came to. */
    record Result(
            Fault fault,
            long generated,
            long acknowledged,
            long failedPublishes,
            long resent,
            long stored,
            long storedDistinct,
            long missing,
            long duplicates,
            long deadLetters,
            long gapsRecorded,
            long gapsFilled,
            long gapsOpen,
            long resendRequests,
            Map<String, Long> alertCopies,
            Map<String, Long> alertIds,
            boolean gatewayRestarted,
            boolean gatewayAlive,
            List<Long> storedByGateway,
            double seconds) {

        long alerts(String type, String state) {
            return alertCopies.getOrDefault(type + " " + state, 0L);
        }

        /** The targets of the reliability issue. */
        List<String> failures() {
            List<String> out = new ArrayList<>();
            if (storedDistinct != stored) {
                out.add((stored - storedDistinct) + " readings stored more than once");
            }
            if (missing != 0) {
                out.add(missing + " generated readings neither stored nor filled");
            }
            if (gapsOpen != 0) {
                out.add(gapsOpen + " data gaps left open after RESEND");
            }
            if (deadLetters != 0) {
                out.add(deadLetters + " dead letters from good readings");
            }
            if (alerts("TEMPERATURE_HIGH", "RAISED") != 1 || alerts("TEMPERATURE_HIGH", "CLEARED") != 1) {
                out.add("the excursion was announced " + alerts("TEMPERATURE_HIGH", "RAISED") + " RAISED / "
                        + alerts("TEMPERATURE_HIGH", "CLEARED") + " CLEARED (want 1 / 1)");
            }
            if (alerts("PROBE_SILENT", "RAISED") != 0) {
                out.add(alerts("PROBE_SILENT", "RAISED") + " PROBE_SILENT raised for devices that never stopped");
            }
            if (alerts("DATA_GAP", "RAISED") != alerts("DATA_GAP", "CLEARED")) {
                out.add("DATA_GAP raised " + alerts("DATA_GAP", "RAISED") + " but cleared "
                        + alerts("DATA_GAP", "CLEARED"));
            }
            if (!gatewayAlive) {
                out.add("the gateway process died");
            }
            long total = storedByGateway.stream().mapToLong(Long::longValue).sum();
            if (storedByGateway.size() > 1 && storedByGateway.stream().anyMatch(n -> n < total / 10)) {
                out.add("the load did not split: stored by each gateway before the kill " + storedByGateway);
            }
            return out;
        }

        String row() {
            return String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d/%d | %d | %d/%d | %d/%d | %s | %s | %.0f |",
                    fault,
                    generated,
                    acknowledged,
                    failedPublishes,
                    stored,
                    stored - storedDistinct,
                    missing,
                    duplicates,
                    deadLetters,
                    resendRequests,
                    gapsRecorded,
                    gapsFilled,
                    gapsOpen,
                    alerts("TEMPERATURE_HIGH", "RAISED"),
                    alerts("TEMPERATURE_HIGH", "CLEARED"),
                    alerts("DATA_GAP", "RAISED"),
                    alerts("DATA_GAP", "CLEARED"),
                    storedByGateway.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(" / ")),
                    failures().isEmpty() ? "ok" : String.join("; ", failures()),
                    seconds);
        }

        static String header() {
            return "| fault | generated | acked by broker | publishes refused | stored | stored twice | missing"
                    + " | duplicates (gateway) | dead letters | RESENDs asked | gaps recorded/filled | gaps open"
                    + " | excursion RAISED/CLEARED | DATA_GAP RAISED/CLEARED | stored by each gateway before the kill | targets | s |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
        }
    }

    private final Options options;
    private final Path dir;

    FaultSuite(Options options, Path dir) {
        this.options = options;
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        Options options = args.length > 0 && args[0].equals("short") ? Options.small() : Options.full();
        List<Fault> faults = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            faults.add(Fault.valueOf(args[i]));
        }
        if (faults.isEmpty()) {
            faults.addAll(List.of(Fault.values()));
        }
        Path dir = Files.createTempDirectory("coldchain-faults");
        System.out.println("fault suite: " + options + " in " + dir + ", load " + loadAverage());
        List<Result> results = new FaultSuite(options, dir).runAll(faults);
        System.out.println(Result.header());
        results.forEach(r -> System.out.println(r.row()));
        boolean ok = results.stream().allMatch(r -> r.failures().isEmpty());
        System.out.println(ok ? "all targets met" : "TARGETS MISSED");
        System.exit(ok ? 0 : 1);
    }

    List<Result> runAll(List<Fault> faults) throws Exception {
        OwnMosquitto.requireInstalled();
        List<Result> results = new ArrayList<>();
        int pgPort = freePort();
        int mqttPort = freePort();
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), pgPort);
        try (OwnMosquitto broker = new OwnMosquitto(dir.resolve("mosquitto"), mqttPort)) {
            broker.start();
            for (Fault fault : faults) {
                Scenario scenario = new Scenario(fault, broker, pg, pgPort);
                Result result = scenario.run();
                pg = scenario.pg; // a scenario may have restarted it
                System.out.println(Result.header());
                System.out.println(result.row());
                results.add(result);
            }
        } finally {
            pg.close();
        }
        return results;
    }

    /** One fault on fresh devices, database and topic root. */
    private final class Scenario {
        final Fault fault;
        final OwnMosquitto broker;
        EmbeddedPostgresServer pg;
        final int pgPort;
        final String database;
        final Topics topics;
        final Path log;

        Scenario(Fault fault, OwnMosquitto broker, EmbeddedPostgresServer pg, int pgPort) {
            this.fault = fault;
            this.broker = broker;
            this.pg = pg;
            this.pgPort = pgPort;
            String tag = UUID.randomUUID().toString().substring(0, 8);
            this.database = "faults_" + fault.name().toLowerCase(Locale.ROOT) + "_" + tag;
            this.topics = new Topics("faults-" + tag + "/" + Topics.DEFAULT_ROOT);
            this.log = dir.resolve(fault.name().toLowerCase(Locale.ROOT) + "-gateway.log");
        }

        Result run() throws Exception {
            long started = System.nanoTime();
            sql("postgres", "create database " + database);
            List<SimulatedDevice> devices = devices();
            Duration fault =
                    switch (this.fault) {
                        case GATEWAY_KILLED, BROKER_RESTART, ONE_OF_TWO_GATEWAYS_KILLED -> Duration.ofSeconds(3);
                        case DATABASE_OUTAGE_SHORT, BROKER_RESTART_DURING_DATABASE_OUTAGE -> options.shortOutage();
                        case DATABASE_OUTAGE_LONG -> options.longOutage();
                    };
            Duration activity = options.warmup().plus(fault).plus(options.tail());
            if (activity.compareTo(options.minActivity()) < 0) {
                activity = options.minActivity();
            }
            try (AlertListener alerts = new AlertListener(broker.url(), topics)) {
                bind(devices);
                List<GatewayProcess> gateways = new ArrayList<>();
                gateways.add(new GatewayProcess(GatewayProcess.execJar(), log, env("")));
                if (this.fault == Fault.ONE_OF_TWO_GATEWAYS_KILLED) {
                    gateways.add(new GatewayProcess(
                            GatewayProcess.execJar(),
                            dir.resolve(this.fault.name().toLowerCase(Locale.ROOT) + "-gateway-b.log"),
                            env("-b")));
                }
                try {
                    for (GatewayProcess g : gateways) {
                        g.start();
                    }
                    for (GatewayProcess g : gateways) {
                        waitFor("the gateway's subscription", Duration.ofSeconds(90), () -> g.logged("subscribed to"));
                    }
                    if (gateways.size() > 1) {
                        // the partitions are shared out before the devices start
                        waitFor(
                                "both gateways holding partitions",
                                Duration.ofSeconds(60),
                                () -> count(
                                                "select count(distinct owner) from gateway_partition where lease_until > now()")
                                        == gateways.size());
                    }
                    GatewayProcess gateway = gateways.get(0);
                    // the devices' time starts once the gateways listen (two JVMs take a while to start)
                    Instant realStart = Instant.now();
                    // event time runs faster but never passes the wall clock
                    Instant eventStart =
                            realStart.minusSeconds((long) Math.ceil(activity.toSeconds() * options.speed()) + 60);
                    devices.get(0)
                            .script(new SimulatedDevice.Excursion(
                                    "chilled", eventStart.plusSeconds(100), Duration.ofMinutes(10), 8.0));
                    Simulator simulator = new Simulator(broker.url(), topics, devices, Duration.ofSeconds(1), 0)
                            .eventTime(t -> eventStart.plusMillis(
                                    (long) (Duration.between(realStart, t).toMillis() * options.speed())));
                    boolean restarted = false;
                    List<Long> storedBy = new ArrayList<>();
                    try {
                        simulator.start();
                        Thread.sleep(options.warmup().toMillis());
                        if (this.fault == Fault.ONE_OF_TWO_GATEWAYS_KILLED) {
                            // kill -9 the one that judges the excursion's device; the other carries on
                            String owner = owner(devices.get(0).deviceId());
                            int victim = owner.endsWith("-b") ? 1 : 0;
                            storedBy.addAll(storedByOwner(devices));
                            System.out.println("  killing " + owner + ", which judges "
                                    + devices.get(0).deviceId());
                            gateways.get(victim).kill();
                            gateway = gateways.get(1 - victim);
                        } else {
                            restarted = inject(gateway, fault);
                        }
                        sleepUntil(realStart.plus(activity));
                    } finally {
                        simulator.close();
                    }
                    Simulator.Counters counts = simulator.counters();
                    long expected = devices.stream()
                            .mapToLong(d -> d.lastSeq() - d.firstSeq() + 1)
                            .sum();
                    // drain: everything the devices produced is in, and the excursion has cleared
                    waitFor(
                            "every reading stored",
                            options.gapTimeout().multipliedBy(4).plusSeconds(120),
                            () -> count("select count(*) from telemetry") >= expected);
                    waitFor(
                            "the excursion's CLEARED",
                            Duration.ofSeconds(60),
                            () -> alerts.copies().getOrDefault("TEMPERATURE_HIGH CLEARED", 0L) > 0);
                    Thread.sleep(3_000); // late duplicates, if any, would show now
                    boolean alive = gateway.alive();
                    for (GatewayProcess g : gateways) {
                        g.stop();
                    }
                    long stored = count("select count(*) from telemetry");
                    long distinct = count("select count(*) from (select distinct device_id, seq from telemetry) d");
                    long inRange = 0;
                    for (SimulatedDevice d : devices) {
                        inRange += count("select count(*) from telemetry where device_id = '" + d.deviceId()
                                + "' and seq between " + d.firstSeq() + " and " + d.lastSeq());
                    }
                    return new Result(
                            this.fault,
                            counts.generated.get(),
                            counts.acknowledged.get() - counts.resentReadings.get(),
                            counts.failedPublishes.get(),
                            counts.resentReadings.get(),
                            stored,
                            distinct,
                            expected - inRange,
                            gateway.lastDuplicates(),
                            count("select count(*) from dead_letter"),
                            count("select count(*) from data_gap"),
                            count("select count(*) from data_gap where cleared_at is not null"),
                            count("select count(*) from data_gap where cleared_at is null"),
                            counts.resendRequests.get(),
                            alerts.copies(),
                            alerts.distinctIds(),
                            restarted,
                            alive,
                            storedBy,
                            (System.nanoTime() - started) / 1e9);
                } finally {
                    // a scenario that failed half-way leaves no gateway process behind
                    for (GatewayProcess g : gateways) {
                        if (g.alive()) {
                            g.kill();
                        }
                    }
                }
            }
        }

        /** Injects the fault; returns whether the gateway process was restarted. */
        private boolean inject(GatewayProcess gateway, Duration length) throws Exception {
            System.out.println("  " + fault + " for " + length.toSeconds() + " s");
            switch (fault) {
                case GATEWAY_KILLED -> {
                    gateway.kill();
                    Thread.sleep(length.toMillis());
                    gateway.start();
                    return true;
                }
                case BROKER_RESTART -> {
                    broker.stop();
                    Thread.sleep(length.toMillis());
                    broker.start();
                }
                case DATABASE_OUTAGE_SHORT, DATABASE_OUTAGE_LONG -> {
                    pg.close();
                    Thread.sleep(length.toMillis());
                    pg = EmbeddedPostgresServer.start(dir.resolve("pg"), pgPort);
                }
                case BROKER_RESTART_DURING_DATABASE_OUTAGE -> {
                    pg.close();
                    Thread.sleep(length.toMillis() / 3);
                    broker.stop();
                    Thread.sleep(3_000);
                    broker.start();
                    Thread.sleep(Math.max(0, length.toMillis() * 2 / 3 - 3_000));
                    pg = EmbeddedPostgresServer.start(dir.resolve("pg"), pgPort);
                }
            }
            return false;
        }

        private List<SimulatedDevice> devices() {
            List<SimulatedDevice> devices = new ArrayList<>();
            for (int i = 0; i < options.devices(); i++) {
                devices.add(new SimulatedDevice(
                        String.format(Locale.ROOT, "FD-%03d", i),
                        Map.of("chilled", TemperatureZone.CHILLED),
                        false,
                        46.0,
                        9.0,
                        i));
            }
            return devices;
        }

        /**
         * Retained bindings: chilled, alerting after 5 minutes of event time; reporting every 10 s
         * expected (the devices send every second), so a probe counts as silent after 30 s.
         */
        private void bind(List<SimulatedDevice> devices) throws Exception {
            var client = new org.eclipse.paho.mqttv5.client.MqttClient(
                    broker.url(), "faults-binder-" + UUID.randomUUID(), null);
            {
                client.connect();
                for (SimulatedDevice d : devices) {
                    String binding =
                            """
                            {"deviceId":"%s","reportingIntervalS":10,"probes":{"chilled":{"assetId":"%s/CHILLED",
                             "assetKind":"LOCKER_ZONE","zone":"CHILLED","forS":300}}}
                            """
                                    .formatted(d.deviceId(), d.deviceId());
                    client.publish(
                            topics.deviceConfig(d.deviceId()),
                            new org.eclipse.paho.mqttv5.common.MqttMessage(
                                    binding.getBytes(StandardCharsets.UTF_8),
                                    1,
                                    true,
                                    new org.eclipse.paho.mqttv5.common.packet.MqttProperties()));
                }
                client.disconnect();
                client.close();
            }
        }

        /** Readings stored so far of the devices each gateway judges (the first gateway, then "-b"). */
        private List<Long> storedByOwner(List<SimulatedDevice> devices) throws SQLException {
            long first = 0;
            long second = 0;
            for (SimulatedDevice d : devices) {
                long n = count("select count(*) from telemetry where device_id = '" + d.deviceId() + "'");
                if (owner(d.deviceId()).endsWith("-b")) {
                    second += n;
                } else {
                    first += n;
                }
            }
            return List.of(first, second);
        }

        /** The gateway whose lease covers the device's partition. */
        private String owner(String deviceId) throws SQLException {
            try (Connection c = DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + database, "postgres", "");
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("select owner from gateway_partition where partition = "
                            + io.coldchain.gateway.cluster.Partitions.of(deviceId))) {
                rs.next();
                return rs.getString(1);
            }
        }

        private Map<String, String> env(String suffix) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + database);
            env.put("SPRING_DATASOURCE_USERNAME", "postgres");
            env.put("COLDCHAIN_MQTT_URL", broker.url());
            env.put("COLDCHAIN_MQTT_TOPIC_ROOT", topics.root());
            env.put("COLDCHAIN_MQTT_CLIENT_ID", "faults-gateway-" + database + suffix);
            env.put("COLDCHAIN_GATEWAY_SHARE_GROUP", "faults");
            env.put("SERVER_PORT", "0");
            env.put(
                    "COLDCHAIN_GATEWAY_SPOOL_DIR",
                    dir.resolve("spool-" + database + suffix).toString());
            env.put("COLDCHAIN_GATEWAY_GAP_TIMEOUT", options.gapTimeout().toSeconds() + "s");
            env.put("COLDCHAIN_GATEWAY_METRICS_LOG_INTERVAL", "5s");
            return env;
        }

        long count(String query) throws SQLException {
            try (Connection c = DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + database, "postgres", "");
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(query)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        void sql(String db, String statement) throws SQLException {
            try (Connection c = DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + db, "postgres", "");
                    Statement st = c.createStatement()) {
                st.execute(statement);
            }
        }
    }

    @FunctionalInterface
    interface Check {
        boolean ok() throws Exception;
    }

    /** Polls until {@code check} holds; throws when the deadline passes. */
    static void waitFor(String what, Duration deadline, Check check) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (SQLException | IOException e) {
                // not yet reachable
            }
            if (System.nanoTime() > end) {
                System.out.println("  gave up waiting for " + what + " after " + deadline.toSeconds() + " s");
                return;
            }
            Thread.sleep(250);
        }
    }

    private static void sleepUntil(Instant t) throws InterruptedException {
        long ms = Duration.between(Instant.now(), t).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
