package io.coldchain.gateway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went during a timed flood, in milliseconds of CPU per 1,000 readings: this
 * JVM's threads by role (Paho's receive threads, the gateway's pipeline, the flood publishers,
 * QuestDB embedded's workers as "store"), the JVM's own (JIT, GC), Mosquitto, PostgreSQL's processes, and the
 * rest of the machine; with the share of the two cores busy and the time the hypervisor stole. A
 * ratio moves with the host; CPU per reading says which side paid for what.
 */
final class CpuSplit {

    /** CPU of publisher threads that ended (their clients closed inside the timed window). */
    static final AtomicLong endedPublisherNanos = new AtomicLong();

    /** QuestDB embedded's worker pools (the line-protocol bench runs it in this JVM). */
    private static final java.util.regex.Pattern QUESTDB_THREAD = java.util.regex.Pattern.compile(
            "(wal-apply|shared-write|shared-query|shared-network|pgwire|mat-view-refresh|logging|http|export)_\\d+");

    private static final long TICK_NANOS = 10_000_000L; // USER_HZ 100

    private final Map<String, Long> nanos;
    private final long[] machine; // busy, steal, total jiffies over all CPUs

    private CpuSplit(Map<String, Long> nanos, long[] machine) {
        this.nanos = nanos;
        this.machine = machine;
    }

    /** A snapshot now; {@code mosquitto} is the bench broker's pid. */
    static CpuSplit now(long mosquitto) {
        Map<String, Long> by = new LinkedHashMap<>();
        for (String role : List.of("receive", "pipeline", "publisher", "store", "other threads", "jvm")) {
            by.put(role, 0L);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long javaThreads = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(t.getThreadId());
            if (cpu > 0) {
                by.merge(role(t.getThreadName()), cpu, Long::sum);
                javaThreads += cpu;
            }
        }
        by.merge("publisher", endedPublisherNanos.get(), Long::sum);
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        by.put("jvm", Math.max(0, process - javaThreads - endedPublisherNanos.get()));
        by.put("mosquitto", ticks(read(Path.of("/proc/" + mosquitto + "/stat"))) * TICK_NANOS);
        by.put("postgresql", postgres() * TICK_NANOS);
        return new CpuSplit(by, machine());
    }

    /** Adds the CPU of the calling client's Paho threads to the ended publishers' (call before closing it). */
    static void publisherEnding(String clientId) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().endsWith(clientId)) {
                endedPublisherNanos.addAndGet(Math.max(0, threads.getThreadCpuTime(t.getThreadId())));
            }
        }
    }

    private static String role(String thread) {
        if (thread.contains("bench-pub") || thread.contains("bench-background")) {
            return "publisher";
        }
        if (thread.startsWith("MQTT") && (thread.contains("bench-gateway") || thread.contains("bench-bare"))) {
            return "receive";
        }
        if (thread.equals("gateway-pipeline")) {
            return "pipeline";
        }
        if (QUESTDB_THREAD.matcher(thread).matches()) {
            return "store";
        }
        return "other threads";
    }

    /** One line: CPU ms per 1,000 readings by part, since {@code before}. */
    String since(CpuSplit before, long readings, double seconds) {
        StringBuilder line = new StringBuilder("CPU ms per 1000 readings");
        long ours = 0;
        for (Map.Entry<String, Long> e : nanos.entrySet()) {
            long d = e.getValue() - before.nanos.getOrDefault(e.getKey(), 0L);
            ours += d;
            line.append(String.format(Locale.ROOT, ",%s %.1f", e.getKey(), perThousand(d, readings)));
        }
        long busy = (machine[0] - before.machine[0]) * TICK_NANOS;
        line.append(String.format(Locale.ROOT, ",rest of machine %.1f", perThousand(busy - ours, readings)));
        line.append(String.format(
                Locale.ROOT,
                ",cores busy %.2f of %d,stolen %.0f%%",
                busy / 1e9 / seconds,
                Runtime.getRuntime().availableProcessors(),
                100 * stolenSince(before)));
        return line.toString();
    }

    /** The share of the machine's CPU time the hypervisor stole since {@code before} (0 to 1). */
    double stolenSince(CpuSplit before) {
        long steal = machine[1] - before.machine[1];
        long total = machine[2] - before.machine[2];
        return total <= 0 ? 0 : (double) steal / total;
    }

    private static double perThousand(long nanos, long readings) {
        return readings == 0 ? 0 : nanos / 1e6 / (readings / 1000.0);
    }

    /** Busy, stolen and total jiffies of all CPUs, from /proc/stat. */
    private static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            return new long[] {total - idle - steal, steal, total};
        } catch (IOException | RuntimeException e) {
            return new long[3];
        }
    }

    /** A process's {@code stat} line, or "" when it is gone. */
    private static String read(Path stat) {
        try {
            return Files.readString(stat);
        } catch (IOException e) {
            return "";
        }
    }

    /** utime + stime from a process's {@code stat} line, in clock ticks (0 when it is unreadable). */
    private static long ticks(String stat) {
        try {
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** All PostgreSQL processes' CPU, in ticks (backends that ended are not counted). */
    private static long postgres() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(p -> read(p.resolve("stat")))
                    .filter(stat -> stat.contains("(postgres)"))
                    .mapToLong(CpuSplit::ticks)
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
