package io.coldchain.server.embedded;

import io.coldchain.gateway.embedded.EmbeddedMqttBroker;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.mqtt.MqttBrokerAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** An in-process MQTT 5 broker, when no {@code coldchain.mqtt.url} is configured. */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedBrokerConfig.NoMqttUrl.class)
class EmbeddedBrokerConfig {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBrokerConfig.class);

    @Bean(destroyMethod = "close")
    EmbeddedMqttBroker embeddedMqttBroker(ColdchainProperties properties, EmbeddedDataDirectory dataDirectory) {
        long started = System.nanoTime();
        int preferred = properties.embedded().mqttPort();
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(dataDirectory.resolve("mqtt"), preferred);
        if (preferred > 0 && broker.port() != preferred) {
            log.warn("Port {} is taken; the embedded broker uses {} instead", preferred, broker.port());
        }
        log.info(
                "Embedded MQTT 5 broker (HiveMQ CE) listening on {} ({} ms)",
                broker.url(),
                (System.nanoTime() - started) / 1_000_000);
        return broker;
    }

    @Bean
    MqttBrokerAddress mqttBrokerAddress(EmbeddedMqttBroker broker) {
        return new MqttBrokerAddress(broker.url());
    }

    static final class NoMqttUrl extends MissingPropertyCondition {
        NoMqttUrl() {
            super("coldchain.mqtt.url");
        }
    }
}
