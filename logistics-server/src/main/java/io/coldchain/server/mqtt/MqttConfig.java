package io.coldchain.server.mqtt;

import io.coldchain.server.ColdchainProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MqttConfig {

    @Bean
    @ConditionalOnProperty("coldchain.mqtt.url")
    MqttBrokerAddress configuredBrokerAddress(ColdchainProperties properties) {
        MqttBrokerAddress.Credentials account = properties.mqtt().username() == null
                ? null
                : new MqttBrokerAddress.Credentials(
                        properties.mqtt().username(), properties.mqtt().password());
        MqttBrokerAddress.Credentials gateway = properties.mqtt().gatewayUsername() == null
                ? account
                : new MqttBrokerAddress.Credentials(
                        properties.mqtt().gatewayUsername(), properties.mqtt().gatewayPassword());
        return new MqttBrokerAddress(
                properties.mqtt().url(),
                account,
                gateway,
                account,
                false,
                properties.mqtt().caFile());
    }
}
