package io.coldchain.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process servers of the embedded mode start, serve and keep their data across a restart. */
class EmbeddedServersIT {

    @TempDir
    Path dir;

    @Test
    void postgresKeepsItsDataAcrossARestart() throws Exception {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), 0)) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.username(), "");
                    Statement st = c.createStatement()) {
                st.execute("CREATE TABLE kept (v text)");
                st.execute("INSERT INTO kept VALUES ('still here')");
            }
        }
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), 0);
                Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.username(), "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void brokerTakesLittleDiskForASmallSite() throws Exception {
        // HiveMQ's defaults preallocated about 1.9 GB (RocksDB in 64 buckets) at the first start
        Path mqtt = dir.resolve("small");
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(mqtt, 0)) {
            MqttClient client = new MqttClient(broker.url(), "embedded-it-disk", new MemoryPersistence());
            client.connect();
            for (int i = 0; i < 100; i++) {
                client.publish(
                        "t/retained/" + i,
                        new MqttMessage(
                                ("binding " + i).getBytes(StandardCharsets.UTF_8), 1, true, new MqttProperties()));
            }
            client.disconnect();
            client.close();
        }
        assertThat(allocatedKiB(mqtt)).as("KiB allocated on disk").isLessThan(64 * 1024);
    }

    /** Disk blocks really taken (preallocation included), as du counts them. */
    private static long allocatedKiB(Path path) throws Exception {
        Process du = new ProcessBuilder("du", "-sk", path.toString()).start();
        String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(du.waitFor()).isZero();
        return Long.parseLong(out.split("\\s+")[0]);
    }

    @Test
    void postgresIsDurableUnlessToldOtherwise() throws Exception {
        // zonky's defaults (fsync and synchronous_commit off) lose acknowledged commits on a power cut
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("durable"), 0)) {
            assertThat(settings(pg)).containsEntry("fsync", "on").containsEntry("synchronous_commit", "on");
        }
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(null, 0, false)) {
            assertThat(settings(pg)).containsEntry("fsync", "off").containsEntry("synchronous_commit", "off");
        }
    }

    private static java.util.Map<String, String> settings(EmbeddedPostgresServer pg) throws Exception {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.username(), "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "select name, setting from pg_settings where name in ('fsync', 'synchronous_commit')")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    @Test
    void brokerServesMqtt5AndKeepsRetainedMessagesAcrossARestart() throws Exception {
        int port;
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(dir.resolve("mqtt"), 0)) {
            port = broker.port();
            MqttClient client = new MqttClient(broker.url(), "embedded-it-pub", new MemoryPersistence());
            client.connect();
            client.publish(
                    "t/retained",
                    new MqttMessage("kept".getBytes(StandardCharsets.UTF_8), 1, true, new MqttProperties()));
            client.disconnect();
            client.close();
        }
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(dir.resolve("mqtt"), port)) {
            assertThat(broker.port()).isEqualTo(port);
            MqttClient client = new MqttClient(broker.url(), "embedded-it-sub", new MemoryPersistence());
            client.connect();
            CompletableFuture<String> received = new CompletableFuture<>();
            client.subscribe(
                    new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
                        new org.eclipse.paho.mqttv5.common.MqttSubscription("t/retained", 1)
                    },
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
                        (t, m) -> received.complete(new String(m.getPayload(), StandardCharsets.UTF_8))
                    });
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("kept");
            client.disconnect();
            client.close();
        }
    }

    @Test
    void takenPreferredPortFallsBackToAFreeOne() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(dir.resolve("mqtt2"), taken.getLocalPort())) {
            assertThat(broker.port()).isNotEqualTo(taken.getLocalPort());
        }
    }
}
