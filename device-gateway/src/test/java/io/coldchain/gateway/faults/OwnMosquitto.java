package io.coldchain.gateway.faults;

import io.coldchain.gateway.testing.MosquittoProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Mosquitto of the suite's own (Debian's {@code /usr/sbin/mosquitto}), with a configuration it
 * controls: persistence on (a graceful restart keeps sessions and queued messages), and queue limits
 * that do not drop bursts, so every loss the suite sees is the gateway's, not the broker's config.
 */
final class OwnMosquitto implements AutoCloseable {

    private final Path dir;
    private final int port;
    private Process process;

    OwnMosquitto(Path dir, int port) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.port = port;
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(
                dir.resolve("mosquitto.conf"),
                """
                listener %d 127.0.0.1
                user %s
                allow_anonymous true
                persistence true
                persistence_location %s/
                autosave_interval 5
                max_queued_messages 1000000
                max_inflight_messages 0
                log_dest file %s
                log_type error
                log_type warning
                log_type notice
                log_type information
                """
                        .formatted(
                                port,
                                // run as us: started as root it would switch to "mosquitto" and could
                                // then neither write its persistence nor its log in our folder
                                System.getProperty("user.name"),
                                dir.resolve("data"),
                                dir.resolve("mosquitto.log")));
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    void start() throws IOException, InterruptedException {
        process = MosquittoProcess.start(dir.resolve("mosquitto.conf"), dir.resolve("stdout.log"), port);
    }

    /** A graceful stop (SIGTERM): Mosquitto writes its persistence file first. */
    void stop() throws InterruptedException {
        MosquittoProcess.stop(process);
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void requireInstalled() {
        if (!Files.isExecutable(Path.of("/usr/sbin/mosquitto"))) {
            throw new UncheckedIOException(
                    new IOException(
                            "the fault suite runs its own Mosquitto: install Debian's mosquitto package (apt-get install mosquitto)"));
        }
    }
}
