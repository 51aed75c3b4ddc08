package io.coldchain.gateway.app;

import io.coldchain.gateway.Gateway;
import io.coldchain.gateway.contract.Topics;
import io.coldchain.gateway.store.InfluxTelemetryStore;
import io.coldchain.gateway.store.PostgresTelemetryStore;
import io.coldchain.gateway.store.TelemetryStore;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The device gateway as its own process. */
@SpringBootApplication
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(GatewayApplication.class);
        app.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
        // a short connection timeout: while the database is down the gateway spools quickly
        // instead of waiting 30 s per attempt, and notices quickly when it is back
        app.setDefaultProperties(java.util.Map.of(
                "spring.application.name", "coldchain-gateway",
                "spring.datasource.hikari.connection-timeout", "2000",
                "spring.datasource.hikari.initialization-fail-timeout", "-1"));
        app.run(args);
    }

    @Bean(destroyMethod = "close")
    Gateway gateway(GatewayProperties properties, DataSource dataSource) {
        if (properties.mqtt().url() == null || properties.mqtt().url().isBlank()) {
            throw new IllegalStateException("COLDCHAIN_MQTT_URL (coldchain.mqtt.url) is required");
        }
        TelemetryStore telemetry =
                switch (properties.telemetry().store()) {
                    case "postgres" -> new PostgresTelemetryStore(dataSource);
                    case "influx" -> influx(properties.influx());
                    default -> throw new IllegalStateException(
                            "coldchain.telemetry.store must be postgres or influx, not "
                                    + properties.telemetry().store());
                };
        GatewayProperties.Mqtt mqtt = properties.mqtt();
        return Gateway.start(
                new Gateway.Config(
                        mqtt.url(),
                        new Topics(mqtt.topicRoot()),
                        mqtt.clientId(),
                        properties.gateway().shareGroup(),
                        mqtt.username(),
                        mqtt.password(),
                        properties.gateway().gapTimeout(),
                        properties.gateway().resendAfter(),
                        properties.gateway().batchSize(),
                        properties.gateway().spoolDir() != null
                                ? java.nio.file.Path.of(properties.gateway().spoolDir())
                                : Gateway.Config.defaultSpool(mqtt.clientId()),
                        properties.gateway().spoolMaxBytes(),
                        properties.gateway().metricsLogInterval(),
                        mqtt.caFile()),
                dataSource,
                telemetry);
    }

    private static TelemetryStore influx(GatewayProperties.Influx influx) {
        if (influx.url() == null || influx.bucket() == null || influx.org() == null) {
            throw new IllegalStateException(
                    "coldchain.telemetry.store=influx needs coldchain.influx.url, .org, .bucket (and .token)");
        }
        return new InfluxTelemetryStore(new InfluxTelemetryStore.Config(
                influx.url(),
                influx.token(),
                influx.org(),
                influx.bucket(),
                influx.database() != null ? influx.database() : influx.bucket()));
    }
}
