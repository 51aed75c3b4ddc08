package io.coldchain.server.embedded;

import io.coldchain.gateway.embedded.EmbeddedMqttBroker;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.mqtt.MqttBrokerAddress;
import io.coldchain.server.network.BrokerCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * An in-process MQTT 5 broker, when no {@code coldchain.mqtt.url} is configured. It lets in only
 * the accounts {@link EmbeddedBrokerAccounts} knows, each on its own topics.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedBrokerConfig.NoMqttUrl.class)
class EmbeddedBrokerConfig {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBrokerConfig.class);

    @Bean
    EmbeddedBrokerAccounts embeddedBrokerAccounts(
            ColdchainProperties properties, ObjectProvider<BrokerCredentials> credentials) {
        return new EmbeddedBrokerAccounts(
                properties.mqtt().topics(),
                credentials::getIfAvailable,
                properties.demo().enabled() && properties.demo().simulate());
    }

    @Bean(destroyMethod = "close")
    EmbeddedMqttBroker embeddedMqttBroker(
            ColdchainProperties properties, EmbeddedDataDirectory dataDirectory, EmbeddedBrokerAccounts accounts) {
        if (accounts.watcher() != null) {
            DemoAccounts.write(
                    dataDirectory.resolve(DemoAccounts.FILE),
                    java.util.Map.of(
                            accounts.watcher().username(), accounts.watcher().password()),
                    false);
        }
        long started = System.nanoTime();
        int preferred = properties.embedded().mqttPort();
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(dataDirectory.resolve("mqtt"), preferred, accounts);
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
    MqttBrokerAddress mqttBrokerAddress(EmbeddedMqttBroker broker, EmbeddedBrokerAccounts accounts) {
        return new MqttBrokerAddress(
                broker.url(), accounts.server(), accounts.gateway(), accounts.simulator(), true, null);
    }

    /** A revoked or rotated account is cut off once the change is committed. */
    @Bean
    RevokedAccounts revokedAccounts(EmbeddedMqttBroker broker) {
        return new RevokedAccounts(broker);
    }

    static final class RevokedAccounts {
        private final EmbeddedMqttBroker broker;

        RevokedAccounts(EmbeddedMqttBroker broker) {
            this.broker = broker;
        }

        @org.springframework.transaction.event.TransactionalEventListener(fallbackExecution = true)
        void revoked(BrokerCredentials.Revoked revoked) {
            int cut = broker.disconnect(revoked.account());
            if (cut > 0) {
                log.info("Broker account {} changed: {} live connection(s) cut", revoked.account(), cut);
            }
        }
    }

    static final class NoMqttUrl extends MissingPropertyCondition {
        NoMqttUrl() {
            super("coldchain.mqtt.url");
        }
    }
}
