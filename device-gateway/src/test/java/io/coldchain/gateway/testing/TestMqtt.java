package io.coldchain.gateway.testing;

import io.coldchain.gateway.contract.Topics;
import io.coldchain.gateway.embedded.EmbeddedMqttBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.hivemq.HiveMQContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Hands out an MQTT 5 broker and an isolated topic root for integration tests.
 *
 * <p>The broker is chosen once per JVM: {@code COLDCHAIN_TEST_MQTT_URL} (e.g. {@code
 * tcp://127.0.0.1:1883}), else a Testcontainers HiveMQ CE when Docker answers, else HiveMQ CE
 * embedded on a free port. Each {@link #endpoint()} has a topic root of its own, so tests sharing a
 * broker (and retained messages) never see each other's traffic.
 */
public final class TestMqtt {

    /** A broker address and a topic root reserved for one test (class). */
    public record Endpoint(String url, Topics topics, Source source) {

        /** A client id unique to this endpoint, for one client named {@code role}. */
        public String clientId(String role) {
            return role + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }

    private record Broker(String url, Source source) {}

    private static Broker broker;

    private TestMqtt() {}

    /** The broker with a fresh topic root of the form {@code it-xxxxxxxx/coldchain/v1}. */
    public static Endpoint endpoint() {
        Broker b = broker();
        String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8);
        return new Endpoint(b.url(), new Topics(prefix + "/" + Topics.DEFAULT_ROOT), b.source());
    }

    /**
     * Publishes at QoS 1 and waits for the broker. Paho 1.2.5 now and then refuses a publish with
     * "too many publishes in progress" (32202) right after the previous one completed; this waits a
     * moment and sends again (the broker has not got that message).
     */
    public static void publish(
            org.eclipse.paho.mqttv5.client.MqttClient client, String topic, byte[] payload, boolean retained)
            throws org.eclipse.paho.mqttv5.common.MqttException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                client.publish(
                        topic,
                        new org.eclipse.paho.mqttv5.common.MqttMessage(
                                payload, 1, retained, new org.eclipse.paho.mqttv5.common.packet.MqttProperties()));
                return;
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                if (e.getReasonCode() != 32202 || attempt >= 100) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static synchronized Broker broker() {
        if (broker == null) {
            broker = chooseBroker();
            System.out.printf(Locale.ROOT, "[test-infra] MQTT broker from %s: %s%n", broker.source(), broker.url());
        }
        return broker;
    }

    private static Broker chooseBroker() {
        String url = System.getenv("COLDCHAIN_TEST_MQTT_URL");
        if (url != null && !url.isBlank()) {
            return new Broker(url, Source.ENVIRONMENT);
        }
        if (Docker.available()) {
            HiveMQContainer container = new HiveMQContainer(DockerImageName.parse("hivemq/hivemq-ce:2025.5"));
            container.start();
            return new Broker("tcp://" + container.getHost() + ":" + container.getMqttPort(), Source.TESTCONTAINERS);
        }
        try {
            Path dir = Files.createTempDirectory("coldchain-test-hivemq");
            EmbeddedMqttBroker embedded = EmbeddedMqttBroker.start(dir, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
            return new Broker(embedded.url(), Source.EMBEDDED);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
