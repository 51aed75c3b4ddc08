package io.coldchain.gateway.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The standalone gateway as its own JVM, started from the module's exec jar, killable with SIGKILL. */
final class GatewayProcess {

    private static final Pattern METRICS =
            Pattern.compile("messages=(\\d+) stored=(\\d+) duplicates=(\\d+) deadLetters=(\\d+) alertEvents=(\\d+)");

    private final Path jar;
    private final Path log;
    private final Map<String, String> env;
    private Process process;

    GatewayProcess(Path jar, Path log, Map<String, String> env) {
        this.jar = jar;
        this.log = log;
        this.env = env;
    }

    /** The exec jar the build made ({@code target/device-gateway-*-exec.jar}). */
    static Path execJar() throws IOException {
        for (Path dir : List.of(Path.of("target"), Path.of("device-gateway", "target"))) {
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    var jar = files.filter(p -> p.getFileName().toString().endsWith("-exec.jar"))
                            .findFirst();
                    if (jar.isPresent()) {
                        return jar.get();
                    }
                }
            }
        }
        throw new IllegalStateException("no device-gateway exec jar: run ./mvnw -pl device-gateway package first");
    }

    void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx384m",
                        "-jar",
                        jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        process = builder.start();
    }

    /** SIGKILL: no shutdown hook, no DISCONNECT, whatever was in flight unacknowledged. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the gateway finishes its batch, disconnects and logs its counters. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** The duplicates counted by the last gateway process, from its last counters line. */
    long lastDuplicates() throws IOException {
        long duplicates = -1;
        for (String line : Files.readAllLines(log)) {
            Matcher m = METRICS.matcher(line);
            if (m.find()) {
                duplicates = Long.parseLong(m.group(3));
            }
        }
        return duplicates;
    }

    /** Whether the log holds a line with {@code text}. */
    boolean logged(String text) throws IOException {
        return Files.readString(log).contains(text);
    }
}
