package io.coldchain.gateway.embedded;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.migration.meta.PersistenceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An in-process MQTT 5 broker (HiveMQ Community Edition embedded) bound to the loopback interface.
 * Retained messages and persistent sessions live in {@code dataDir}, so a restart keeps them.
 *
 * <p>Sized for one small site: HiveMQ's defaults (64 buckets per store, RocksDB for payloads and
 * retained messages) preallocate about 1.9 GB of disk at first start; {@value #BUCKETS} buckets
 * of its own file store (Xodus) for everything take a few megabytes.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EmbeddedMqttBroker.class);

    private final EmbeddedHiveMQ hivemq;
    private final int port;
    private final AccountsExtension accounts;

    private EmbeddedMqttBroker(EmbeddedHiveMQ hivemq, int port, AccountsExtension accounts) {
        this.hivemq = hivemq;
        this.port = port;
        this.accounts = accounts;
    }

    /** A broker any client may use (tests and tools only: nothing checks who connects). */
    public static EmbeddedMqttBroker start(Path baseDir, int preferredPort) {
        return start(baseDir, preferredPort, null);
    }

    /**
     * Starts a broker on {@code preferredPort}, or on a free port when that one is taken or is 0.
     *
     * @param baseDir folder for the broker's configuration, data and (empty) extensions folders
     * @param accounts who may connect and what each may do; null lets anyone in
     */
    public static EmbeddedMqttBroker start(Path baseDir, int preferredPort, BrokerAccounts accounts) {
        int port = preferredPort > 0 && isFree(preferredPort) ? preferredPort : freePort();
        try {
            Path conf = Files.createDirectories(baseDir.resolve("conf"));
            Path data = Files.createDirectories(baseDir.resolve("data"));
            smallSite(data);
            Path extensions = Files.createDirectories(baseDir.resolve("extensions"));
            Files.writeString(conf.resolve("config.xml"), config(port));
            AccountsExtension door = accounts == null ? null : new AccountsExtension(accounts);
            var builder = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(data)
                    .withExtensionsFolder(extensions)
                    .withoutLoggingBootstrap();
            if (door != null) {
                builder = builder.withEmbeddedExtension(door.extension());
            }
            EmbeddedHiveMQ hivemq = builder.build();
            hivemq.start().get(60, TimeUnit.SECONDS);
            return new EmbeddedMqttBroker(hivemq, port, door);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("embedded MQTT broker did not start on port " + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded MQTT broker", e);
        }
    }

    public int port() {
        return port;
    }

    /** Cuts off every client signed in to {@code account} (its credentials were revoked). */
    public int disconnect(String account) {
        return accounts == null ? 0 : accounts.disconnect(account);
    }

    /** The address clients connect to, e.g. {@code tcp://127.0.0.1:1884}. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            hivemq.stop().get(30, TimeUnit.SECONDS);
            hivemq.close();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("embedded MQTT broker did not stop cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Buckets per persistence store: enough for a site's few hundred clients. */
    static final int BUCKETS = 4;

    private static final String LAYOUT = "coldchain-layout-small-site";

    /**
     * Sets HiveMQ's persistence to the small-site layout (static settings, read when it starts). Data
     * written in the default layout cannot be read in this one, so it is removed (with a warning):
     * sessions and retained messages come back as clients reconnect (the server republishes device
     * bindings, banks their status).
     */
    private static void smallSite(Path data) throws IOException {
        InternalConfigurations.PERSISTENCE_BUCKET_COUNT.set(BUCKETS);
        InternalConfigurations.PAYLOAD_PERSISTENCE_BUCKET_COUNT.set(BUCKETS);
        InternalConfigurations.PAYLOAD_PERSISTENCE_TYPE.set(PersistenceType.FILE);
        InternalConfigurations.RETAINED_MESSAGE_PERSISTENCE_TYPE.set(PersistenceType.FILE);
        Path persistence = data.resolve("persistence");
        Path marker = data.resolve(LAYOUT);
        if (Files.isDirectory(persistence) && !Files.exists(marker)) {
            log.warn("Embedded broker data in the old layout (about 1.9 GB preallocated): removing {}", persistence);
            try (var paths = Files.walk(persistence)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        if (!Files.exists(marker)) {
            Files.writeString(marker, "buckets=" + BUCKETS + ", payloads and retained messages in Xodus\n");
        }
    }

    private static String config(int port) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                    </listeners>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """
                .formatted(port);
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
