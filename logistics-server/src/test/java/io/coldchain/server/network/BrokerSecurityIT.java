package io.coldchain.server.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.coldchain.gateway.BrokerSockets;
import io.coldchain.gateway.testing.StackMosquitto;
import io.coldchain.gateway.testing.TestPostgres;
import io.coldchain.server.ColdchainServer;
import io.coldchain.server.testing.ApiClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The server and its in-process gateway on a Mosquitto started with the compose stack's own
 * configuration (dynamic security, TLS), each on an account of its own: the credentials the server
 * issues let a device or a locker bank use only its own topics, a revoked or rotated account is cut
 * off on its live connection, and TLS is verified against the broker's certificate.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerSecurityIT {

    private static final String ROOT = "coldchain/v1";
    private static StackMosquitto broker;
    private static ConfigurableApplicationContext server;
    private static int port;
    private static JdbcClient jdbc;

    @BeforeAll
    static void start() throws Exception {
        broker = StackMosquitto.start(Path.of("target", "broker-security-" + UUID.randomUUID()));
        TestPostgres.Database db = TestPostgres.freshDatabase();
        server = new SpringApplicationBuilder(ColdchainServer.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + db.jdbcUrl(),
                        "--spring.datasource.username=" + db.username(),
                        "--spring.datasource.password=" + db.password(),
                        "--spring.datasource.hikari.maximum-pool-size=6",
                        "--coldchain.mqtt.url=" + broker.tlsUrl(),
                        "--coldchain.mqtt.ca-file=" + broker.caFile(),
                        "--coldchain.mqtt.topic-root=" + ROOT,
                        "--coldchain.mqtt.client-id=security-it",
                        "--coldchain.mqtt.username=" + StackMosquitto.ADMIN,
                        "--coldchain.mqtt.password=" + broker.adminPassword(),
                        "--coldchain.mqtt.dynamic-security=true",
                        "--coldchain.mqtt.gateway-username=coldchain-gateway",
                        "--coldchain.mqtt.gateway-password=" + UUID.randomUUID(),
                        "--coldchain.demo.enabled=true",
                        "--coldchain.demo.simulate=false",
                        "--coldchain.demo.orders=0",
                        "--coldchain.assignment.scheduled=false",
                        "--coldchain.routing.cache-dir=target/routing-cache");
        port = Integer.parseInt(server.getEnvironment().getProperty("local.server.port"));
        jdbc = server.getBean(JdbcClient.class);
        MosquittoAccounts accounts = server.getBean(MosquittoAccounts.class);
        await().atMost(Duration.ofSeconds(60)).until(accounts::ready);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static ApiClient admin() {
        return ApiClient.as(port, "admin", "demo");
    }

    private static List<String> deviceIds() {
        List<String> ids = new ArrayList<>();
        for (JsonNode d : admin().get("/api/v1/devices").body()) {
            ids.add(d.path("id").asString());
        }
        return ids;
    }

    private static String firstProbe(String deviceId) {
        return admin().get("/api/v1/devices/" + deviceId)
                .body()
                .path("probes")
                .propertyNames()
                .iterator()
                .next();
    }

    private static String[] issue(String kind, String id) {
        ApiClient.Response issued = admin().post("/api/v1/" + kind + "/" + id + "/credentials", null);
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        assertThat(issued.body().path("username").asString()).isEqualTo(id);
        return new String[] {id, issued.body().path("password").asString()};
    }

    /** A client over TLS with the broker's certificate, as a device is set up. */
    private static MqttAsyncClient connect(String[] account, List<String> events) throws MqttException {
        MqttAsyncClient client =
                new MqttAsyncClient(broker.tlsUrl(), account[0] + "-" + UUID.randomUUID(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                events.add("disconnected");
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                events.add("message " + topic);
            }

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {}

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(account[0]);
        options.setPassword(account[1].getBytes(StandardCharsets.UTF_8));
        options.setConnectionTimeout(10);
        BrokerSockets.apply(options, broker.tlsUrl(), broker.caFile());
        client.connect(options).waitForCompletion(15_000);
        return client;
    }

    /** The PUBACK's reason code (0 accepted, 135 not authorized). */
    private static int publish(MqttAsyncClient client, String topic, String payload) throws MqttException {
        IMqttToken token = client.publish(
                topic, new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false, new MqttProperties()));
        token.waitForCompletion(10_000);
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    private static int subscribe(MqttAsyncClient client, String filter) throws MqttException {
        IMqttToken token = client.subscribe(new MqttSubscription(filter, 1));
        token.waitForCompletion(10_000);
        return token.getReasonCodes()[0];
    }

    private static String reading(long seq, String probe, double tempC) {
        return String.format(
                java.util.Locale.ROOT,
                "{\"seq\":%d,\"ts\":\"%s\",\"probe\":\"%s\",\"tempC\":%.1f,\"doorOpen\":false,\"batteryPct\":90}",
                seq,
                Instant.now(),
                probe,
                tempC);
    }

    private static int stored(String deviceId) {
        return jdbc.sql("select count(*) from telemetry where device_id = ?")
                .param(deviceId)
                .query(Integer.class)
                .single();
    }

    @Test
    @Order(1)
    void aDevicePublishesOnlyItsOwnTelemetryAndTheGatewayStoresIt() throws Exception {
        List<String> ids = deviceIds();
        String own = ids.get(0);
        String other = ids.get(1);
        String probe = firstProbe(own);
        List<String> events = new CopyOnWriteArrayList<>();
        MqttAsyncClient device = connect(issue("devices", own), events);
        try {
            // the server's binding reaches the device on its own config topic (the server's account publishes)
            assertThat(subscribe(device, ROOT + "/config/devices/" + own)).isLessThan(0x80);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> events.contains("message " + ROOT + "/config/devices/" + own));
            // another device's config and commands are not for it
            assertThat(subscribe(device, ROOT + "/config/devices/" + other)).isEqualTo(0x87);
            assertThat(subscribe(device, ROOT + "/devices/+/telemetry")).isEqualTo(0x87);

            int before = stored(other);
            assertThat(publish(device, ROOT + "/devices/" + own + "/telemetry", reading(1, probe, 3.0)))
                    .isZero();
            assertThat(publish(device, ROOT + "/devices/" + other + "/telemetry", reading(1, probe, 30.0)))
                    .as("publishing another device's telemetry")
                    .isEqualTo(0x87);
            assertThat(publish(device, ROOT + "/lockers/LB-0001/events", "{}")).isEqualTo(0x87);
            assertThat(publish(device, ROOT + "/devices/" + own + "/telemetry", reading(2, probe, 3.1)))
                    .isZero();
            // the gateway (its own account) stored both of its readings; the forged one never arrived
            await().atMost(Duration.ofSeconds(30)).until(() -> stored(own) >= 2);
            assertThat(stored(other)).isEqualTo(before);
            assertThat(jdbc.sql("select count(*) from dead_letter where device_id = ?")
                            .param(other)
                            .query(Integer.class)
                            .single())
                    .isZero();
        } finally {
            device.disconnect().waitForCompletion(5_000);
            device.close();
        }
    }

    @Test
    @Order(2)
    void aLockerBankReadsOnlyItsOwnCommandsAndPublishesOnlyItsOwnEvents() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        MqttAsyncClient bank = connect(issue("locker-banks", "LB-0001"), events);
        try {
            assertThat(subscribe(bank, ROOT + "/lockers/LB-0001/commands")).isLessThan(0x80);
            assertThat(subscribe(bank, ROOT + "/lockers/LB-0002/commands")).isEqualTo(0x87);
            assertThat(subscribe(bank, ROOT + "/lockers/+/commands")).isEqualTo(0x87);
            assertThat(publish(bank, ROOT + "/lockers/LB-0001/status", "{\"online\":true}"))
                    .isZero();
            assertThat(publish(bank, ROOT + "/lockers/LB-0002/events", "{}")).isEqualTo(0x87);
            assertThat(publish(bank, ROOT + "/lockers/LB-0001/commands", "{}")).isEqualTo(0x87);
            assertThat(publish(bank, ROOT + "/events/alerts", "{}")).isEqualTo(0x87);
        } finally {
            bank.disconnect().waitForCompletion(5_000);
            bank.close();
        }
    }

    @Test
    @Order(3)
    void aRevokedDeviceIsCutOffOnItsLiveConnectionAndCannotComeBack() throws Exception {
        String id = deviceIds().get(2);
        String[] account = issue("devices", id);
        List<String> events = new CopyOnWriteArrayList<>();
        MqttAsyncClient device = connect(account, events);
        assertThat(admin().delete("/api/v1/devices/" + id + "/credentials").status())
                .isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("disconnected") || !device.isConnected());
        device.close(true);
        assertThatThrownBy(() -> connect(account, new ArrayList<>()))
                .isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isIn(0x86, 0x87));
        assertThat(admin().delete("/api/v1/devices/" + id + "/credentials").status())
                .isEqualTo(404);
    }

    @Test
    @Order(4)
    void rotatingAPasswordEndsTheOldOneAtOnce() throws Exception {
        String id = deviceIds().get(3);
        String[] first = issue("devices", id);
        List<String> events = new CopyOnWriteArrayList<>();
        MqttAsyncClient old = connect(first, events);
        String[] second = issue("devices", id);
        assertThat(second[1]).isNotEqualTo(first[1]);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("disconnected") || !old.isConnected());
        old.close(true);
        assertThatThrownBy(() -> connect(first, new ArrayList<>())).isInstanceOf(MqttException.class);
        MqttAsyncClient renewed = connect(second, new ArrayList<>());
        assertThat(renewed.isConnected()).isTrue();
        renewed.disconnect().waitForCompletion(5_000);
        renewed.close();
    }

    @Test
    @Order(5)
    void tlsIsVerifiedAndNobodyGetsInWithoutAnAccount() throws Exception {
        // without the broker's certificate the TLS handshake fails
        MqttAsyncClient untrusting =
                new MqttAsyncClient(broker.tlsUrl(), "untrusting-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(StackMosquitto.ADMIN);
        options.setPassword(broker.adminPassword().getBytes(StandardCharsets.UTF_8));
        options.setConnectionTimeout(5);
        assertThatThrownBy(() -> untrusting.connect(options).waitForCompletion(10_000))
                .isInstanceOf(MqttException.class)
                .hasStackTraceContaining("PKIX");
        untrusting.close(true);
        // anonymous on the plain listener: refused
        MqttAsyncClient anonymous =
                new MqttAsyncClient(broker.url(), "anonymous-" + UUID.randomUUID(), new MemoryPersistence());
        assertThatThrownBy(() -> anonymous.connect(new MqttConnectionOptions()).waitForCompletion(10_000))
                .isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isIn(0x86, 0x87));
        anonymous.close(true);
        assertThat(Files.readString(broker.log())).contains("dynsec");
    }

    @Test
    @Order(6)
    void whileTheBrokerIsDownNoCredentialIsIssued() throws Exception {
        String id = deviceIds().get(4);
        broker.close();
        ApiClient.Response refused = admin().post("/api/v1/devices/" + id + "/credentials", null);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(503);
        assertThat(refused.body().path("type").asString()).isEqualTo("/problems/broker-unavailable");
        assertThat(jdbc.sql("select count(*) from broker_credential where username = ?")
                        .param(id)
                        .query(Integer.class)
                        .single())
                .isZero();
    }
}
