package io.coldchain.server.telemetry;

import io.coldchain.gateway.Gateway;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.mqtt.MqttBrokerAddress;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The device gateway in this process, on the server's database and broker. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "coldchain.gateway.in-process", matchIfMissing = true)
class InProcessGatewayConfig {

    private static final Logger log = LoggerFactory.getLogger(InProcessGatewayConfig.class);

    @Bean(destroyMethod = "close")
    Gateway inProcessGateway(
            ColdchainProperties properties,
            MqttBrokerAddress broker,
            DataSource dataSource,
            org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
        ColdchainProperties.Mqtt mqtt = properties.mqtt();
        Gateway gateway = Gateway.start(
                Gateway.Config.of(
                                broker.url(),
                                mqtt.topics(),
                                mqtt.clientId() + "-gateway",
                                properties.gateway().shareGroup())
                        .withCredentials(
                                broker.gateway() == null
                                        ? null
                                        : broker.gateway().username(),
                                broker.gateway() == null
                                        ? null
                                        : broker.gateway().password())
                        .withCaFile(broker.caFile()),
                dataSource);
        meters.ifAvailable(
                registry -> io.coldchain.gateway.GatewayMeters.bind(registry, gateway, mqtt.clientId() + "-gateway"));
        log.info(
                "Device gateway running in-process on {} ({})",
                broker.url(),
                mqtt.topics().root());
        return gateway;
    }
}
