package io.coldchain.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.server.ColdchainServer;
import io.coldchain.server.testing.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The zero-install mode: no database or broker configured, so both start in-process; the data
 * directory keeps the system across a restart, and {@code fresh=true} starts from nothing.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class EmbeddedModeIT {

    @TempDir
    Path dataDir;

    @Test
    void startsEmbeddedKeepsDataAcrossRestartAndStartsFreshOnRequest(
            org.springframework.boot.test.system.CapturedOutput output) {
        String storeId;
        try (ConfigurableApplicationContext app = start(false)) {
            int port = port(app);
            ApiClient admin = ApiClient.as(port, "admin", "demo");
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> "UP"
                            .equals(ApiClient.anonymous(port)
                                    .get("/actuator/health")
                                    .body()
                                    .get("status")
                                    .asString()));
            assertThat(app.getEnvironment().getProperty("spring.datasource.url"))
                    .isNull();
            // durable by default: an acknowledged order survives a power cut
            var jdbc = app.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
            assertThat(jdbc.sql("show fsync").query(String.class).single()).isEqualTo("on");
            assertThat(jdbc.sql("show synchronous_commit").query(String.class).single())
                    .isEqualTo("on");
            storeId = "ST-KEEP-" + System.nanoTime();
            assertThat(admin.post("/api/v1/stores", io.coldchain.server.testing.NetworkFixtures.store(storeId))
                            .status())
                    .isEqualTo(201);
        }
        // the log says what a person needs, not the broker's storage internals (about 190 lines of
        // them at start, cache hit rates at stop) nor an empty registry before seeding as news
        assertThat(output.getOut())
                .contains("Embedded PostgreSQL 15 ready")
                .doesNotContain("Exodus environment created")
                .doesNotContainIgnoringCase("hit rate")
                .doesNotContain("Published 0 device bindings")
                .doesNotContain("NOT DURABLE");
        assertThat(Files.isDirectory(dataDir.resolve("postgres"))).isTrue();
        assertThat(Files.isDirectory(dataDir.resolve("mqtt"))).isTrue();

        try (ConfigurableApplicationContext app = start(false)) {
            ApiClient admin = ApiClient.as(port(app), "admin", "demo");
            assertThat(admin.get("/api/v1/stores/" + storeId).status()).isEqualTo(200);
            // the demo city is seeded once, not again on restart
            assertThat(admin.get("/api/v1/locker-banks").body().size()).isEqualTo(12);
            // every demo device is registered at the interval the demo simulator reports at (vehicles
            // once said 30 s against the simulator's 60 s, and went PROBE_SILENT for nothing)
            var devices = admin.get("/api/v1/devices").body();
            assertThat(devices.size()).isEqualTo(18);
            devices.forEach(d -> assertThat(d.get("reportingIntervalS").asInt())
                    .as(d.get("id").asString())
                    .isEqualTo(60));
        }

        try (ConfigurableApplicationContext app = start(true)) {
            ApiClient admin = ApiClient.as(port(app), "admin", "demo");
            assertThat(admin.get("/api/v1/stores/" + storeId).status()).isEqualTo(404);
        }
    }

    @Test
    void theEmbeddedBrokerLetsInOnlyItsAccountsEachOnItsOwnTopics() throws Exception {
        try (ConfigurableApplicationContext app = start(true)) {
            ApiClient admin = ApiClient.as(port(app), "admin", "demo");
            String url = app.getBean(io.coldchain.server.mqtt.MqttBrokerAddress.class)
                    .url();
            var topics = app.getBean(io.coldchain.server.ColdchainProperties.class)
                    .mqtt()
                    .topics();
            var jdbc = app.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);

            // nobody gets in without an account
            assertThat(connectError(url, null, null)).isIn(134, 135);
            ApiClient.Response issued = admin.post("/api/v1/devices/LB-0001/credentials", java.util.Map.of());
            assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
            assertThat(issued.body().get("username").asString()).isEqualTo("LB-0001");
            String password = issued.body().get("password").asString();
            assertThat(password).hasSizeGreaterThanOrEqualTo(40);
            assertThat(connectError(url, "LB-0001", "not-" + password)).isIn(134, 135);
            assertThat(ApiClient.as(port(app), "dispatcher", "demo")
                            .post("/api/v1/devices/LB-0001/credentials", java.util.Map.of())
                            .status())
                    .isEqualTo(403);

            // a device publishes its own telemetry, and is refused another device's
            var device = new org.eclipse.paho.mqttv5.client.MqttClient(
                    url, "it-lb1", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            device.connect(options("LB-0001", password));
            String reading = "[{\"seq\": 1, \"ts\": \"" + java.time.Instant.now()
                    + "\", \"probe\": \"chilled\", \"tempC\": 4.2}]";
            var own = device.getTopic(topics.telemetry("LB-0001"))
                    .publish(new org.eclipse.paho.mqttv5.common.MqttMessage(reading.getBytes(), 1, false, null));
            own.waitForCompletion(10_000);
            assertThat(own.getReasonCodes()).containsOnly(0);
            var foreign = device.getTopic(topics.telemetry("LB-0002"))
                    .publish(new org.eclipse.paho.mqttv5.common.MqttMessage(reading.getBytes(), 1, false, null));
            foreign.waitForCompletion(10_000);
            assertThat(foreign.getReasonCodes()).as("not authorized").containsOnly(135);
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> jdbc.sql("select count(*) from telemetry where device_id = 'LB-0001' and seq = 1")
                                    .query(Integer.class)
                                    .single()
                            == 1);
            assertThat(jdbc.sql("select count(*) from telemetry where device_id = 'LB-0002'")
                            .query(Integer.class)
                            .single())
                    .as("nothing of the refused message is stored")
                    .isZero();

            // (the broker may close a connection that published where it may not: sign in afresh)
            device.close(true);
            var signedIn = new org.eclipse.paho.mqttv5.client.MqttClient(
                    url, "it-lb1-again", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            signedIn.connect(options("LB-0001", password));

            // the bank LB-0001 shares the device's id: its account is a separate one
            ApiClient.Response bankIssued = admin.post("/api/v1/locker-banks/LB-0001/credentials", java.util.Map.of());
            assertThat(bankIssued.status()).as(bankIssued.raw()).isEqualTo(201);
            var bank = new org.eclipse.paho.mqttv5.client.MqttClient(
                    url, "it-bank1", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            bank.connect(options("LB-0001", bankIssued.body().get("password").asString()));
            assertThat(signedIn.isConnected())
                    .as("issuing the bank's account leaves the device's alone")
                    .isTrue();

            // revoked: cut off now, and refused from then on; the bank's account is untouched
            assertThat(admin.delete("/api/v1/devices/LB-0001/credentials").status())
                    .isEqualTo(204);
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> !signedIn.isConnected());
            assertThat(connectError(url, "LB-0001", password)).isIn(134, 135);
            assertThat(bank.isConnected()).isTrue();
            var events = bank.getTopic(topics.lockerStatus("LB-0001"))
                    .publish(new org.eclipse.paho.mqttv5.common.MqttMessage("{}".getBytes(), 1, false, null));
            events.waitForCompletion(10_000);
            assertThat(events.getReasonCodes()).containsOnly(0);
            bank.disconnect();
            bank.close();
            signedIn.close(true);
        }
    }

    /** The reason code a connection attempt is refused with, or 0 when it is let in. */
    private static int connectError(String url, String username, String password) throws Exception {
        var client = new org.eclipse.paho.mqttv5.client.MqttClient(
                url,
                "it-" + java.util.UUID.randomUUID(),
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        try {
            client.connect(options(username, password));
            client.disconnect();
            return 0;
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            return e.getReasonCode();
        } finally {
            client.close();
        }
    }

    private static org.eclipse.paho.mqttv5.client.MqttConnectionOptions options(String username, String password) {
        var options = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
        options.setConnectionTimeout(10);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return options;
    }

    private ConfigurableApplicationContext start(boolean fresh) {
        return new SpringApplicationBuilder(ColdchainServer.class)
                .run(
                        "--server.port=0",
                        "--coldchain.demo.enabled=true",
                        "--coldchain.demo.simulate=false",
                        "--coldchain.embedded.data-dir=" + dataDir,
                        "--coldchain.embedded.fresh=" + fresh,
                        "--coldchain.embedded.mqtt-port=0");
    }

    private static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }
}
