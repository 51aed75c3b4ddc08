package io.coldchain.gateway.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Mosquitto 2.0 started with the compose stack's own configuration ({@code
 * docker/mosquitto/mosquitto.conf}) and first-start script ({@code docker/mosquitto/init.sh}): the
 * same dynamic security plugin, TLS listener and queue limits; only the two listeners' ports, the
 * {@code /mosquitto} folders and the plugin's path are mapped to this machine. The admin account is
 * the one a server administers the broker with.
 */
public final class StackMosquitto implements AutoCloseable {

    public static final String ADMIN = "coldchain-admin";

    private final Path dir;
    private final int port;
    private final int tlsPort;
    private final String adminPassword = UUID.randomUUID().toString();
    private Process process;

    private StackMosquitto(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.port = freePort();
        this.tlsPort = freePort();
    }

    /** Initialises (init.sh) and starts a broker in {@code dir}; waits until both ports listen. */
    public static StackMosquitto start(Path dir) throws IOException, InterruptedException {
        StackMosquitto broker = new StackMosquitto(dir);
        broker.init();
        broker.writeConfig();
        broker.launch();
        return broker;
    }

    /** Plain MQTT (the stack's inside listener). */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** MQTT over TLS, verified by {@link #caFile()}. */
    public String tlsUrl() {
        return "ssl://127.0.0.1:" + tlsPort;
    }

    /** The broker's self-signed certificate, as devices are given it. */
    public Path caFile() {
        return dir.resolve("certs/server.crt");
    }

    public String adminPassword() {
        return adminPassword;
    }

    public Path log() {
        return dir.resolve("mosquitto.log");
    }

    /** The repository's {@code docker/} folder. */
    public static Path dockerDir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("docker/compose.yml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException(
                    "no docker/compose.yml above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("docker");
    }

    private void init() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(
                        "sh",
                        dockerDir().resolve("mosquitto/init.sh").toString(),
                        dir.resolve("data").toString(),
                        dir.resolve("certs").toString(),
                        "localhost")
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(dir.resolve("init.log").toFile()));
        pb.environment().put("COLDCHAIN_MQTT_ADMIN_USERNAME", ADMIN);
        pb.environment().put("COLDCHAIN_MQTT_ADMIN_PASSWORD", adminPassword);
        Process init = pb.start();
        if (!init.waitFor(60, TimeUnit.SECONDS) || init.exitValue() != 0) {
            throw new IllegalStateException("docker/mosquitto/init.sh failed: "
                    + Files.readString(dir.resolve("init.log"), StandardCharsets.UTF_8));
        }
    }

    private void writeConfig() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(dockerDir().resolve("mosquitto/mosquitto.conf"))) {
            String l = line.trim();
            if (l.equals("listener 1883")) {
                line = "listener " + port + " 127.0.0.1";
            } else if (l.equals("listener 8883")) {
                line = "listener " + tlsPort + " 127.0.0.1";
            } else if (l.startsWith("plugin ")) {
                line = "plugin " + debianPlugin();
            }
            out.add(line.replace("/mosquitto/", dir.toAbsolutePath() + "/"));
        }
        // run as us (as root it would switch to "mosquitto", who cannot write here), log to a file
        out.add("user " + System.getProperty("user.name"));
        out.add("log_dest file " + log());
        out.add("log_type all");
        Files.write(dir.resolve("mosquitto.conf"), out);
    }

    private static String debianPlugin() throws IOException {
        try (Stream<Path> libs = Files.list(Path.of("/usr/lib"))) {
            return Stream.concat(
                            Stream.of(Path.of("/usr/lib/mosquitto_dynamic_security.so")),
                            libs.map(p -> p.resolve("mosquitto_dynamic_security.so")))
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "mosquitto_dynamic_security.so not found: install Debian's mosquitto package"))
                    .toString();
        }
    }

    private void launch() throws IOException, InterruptedException {
        process = MosquittoProcess.start(dir.resolve("mosquitto.conf"), dir.resolve("stdout.log"), port, tlsPort);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            MosquittoProcess.stop(process);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
