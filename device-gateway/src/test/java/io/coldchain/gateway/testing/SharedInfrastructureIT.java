package io.coldchain.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

/** The shared infrastructure hands out isolated state on a real server and broker. */
class SharedInfrastructureIT {

    @Test
    void eachFreshDatabaseIsEmptyAndSeparate() throws Exception {
        TestPostgres.Database a = TestPostgres.freshDatabase();
        TestPostgres.Database b = TestPostgres.freshDatabase();
        assertThat(a.name()).isNotEqualTo(b.name());
        try (Connection ca = a.connect();
                Statement sa = ca.createStatement()) {
            sa.execute("CREATE TABLE marker (id int)");
            sa.execute("INSERT INTO marker VALUES (1)");
        }
        try (Connection cb = b.connect();
                Statement sb = cb.createStatement();
                ResultSet rs =
                        sb.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'marker'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        System.out.println("[test-infra] PostgreSQL source used: " + a.source());
    }

    @Test
    void brokerDeliversRetainedMessagesWithinAnIsolatedRoot() throws Exception {
        TestMqtt.Endpoint one = TestMqtt.endpoint();
        TestMqtt.Endpoint two = TestMqtt.endpoint();
        assertThat(one.topics().root()).isNotEqualTo(two.topics().root());

        String topic = one.topics().deviceConfig("D1");
        MqttClient publisher = new MqttClient(one.url(), one.clientId("pub"), new MemoryPersistence());
        publisher.connect();
        publisher.publish(
                topic, new MqttMessage("hello".getBytes(StandardCharsets.UTF_8), 1, true, new MqttProperties()));
        publisher.disconnect();
        publisher.close();

        MqttClient subscriber = new MqttClient(one.url(), one.clientId("sub"), new MemoryPersistence());
        subscriber.connect();
        CompletableFuture<String> received = new CompletableFuture<>();
        CompletableFuture<String> leaked = new CompletableFuture<>();
        org.eclipse.paho.mqttv5.client.IMqttMessageListener listener = (t, m) -> {
            if (t.startsWith(one.topics().root())) {
                received.complete(new String(m.getPayload(), StandardCharsets.UTF_8));
            } else {
                leaked.complete(t);
            }
        };
        subscriber.subscribe(
                new MqttSubscription[] {
                    new MqttSubscription(one.topics().allDeviceConfigs(), 1),
                    new MqttSubscription(two.topics().allDeviceConfigs(), 1)
                },
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {listener, listener});
        assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
        assertThat(leaked).isNotDone();
        // clean up the retained message so the shared broker keeps nothing of ours
        subscriber.publish(topic, new MqttMessage(new byte[0], 1, true, new MqttProperties()));
        subscriber.disconnect();
        subscriber.close();
        System.out.println("[test-infra] MQTT source used: " + one.source() + " " + UUID.randomUUID());
    }
}
