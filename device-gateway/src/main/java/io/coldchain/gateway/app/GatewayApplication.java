package io.coldchain.gateway.app;

import io.coldchain.gateway.Gateway;
import io.coldchain.gateway.GatewayHealth;
import io.coldchain.gateway.GatewayMeters;
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
        // a short connection timeout: while the database is down the gateway spools quickly
        // instead of waiting 30 s per attempt, and notices quickly when it is back; health and
        // meters on port 8081 (SERVER_PORT), for the orchestrator and Prometheus inside the site
        app.setDefaultProperties(java.util.Map.of(
                "spring.application.name", "coldchain-gateway",
                "spring.datasource.hikari.connection-timeout", "2000",
                "spring.datasource.hikari.initialization-fail-timeout", "-1",
                "server.port", "8081",
                "management.endpoints.web.exposure.include", "health,prometheus",
                "management.endpoint.health.probes.enabled", "true",
                "management.endpoint.health.group.liveness.include", "livenessState",
                "management.endpoint.health.group.readiness.include", "readinessState,db,mqtt,telemetry,spool",
                "management.endpoint.health.show-details", "always"));
        app.run(args);
    }

    @Bean
    TelemetryStore telemetryStore(GatewayProperties properties, DataSource dataSource) {
        return switch (properties.telemetry().store()) {
            case "postgres" -> new PostgresTelemetryStore(dataSource);
            case "influx" -> influx(properties.influx());
            default -> throw new IllegalStateException("coldchain.telemetry.store must be postgres or influx, not "
                    + properties.telemetry().store());
        };
    }

    @Bean(destroyMethod = "close")
    Gateway gateway(GatewayProperties properties, DataSource dataSource, TelemetryStore telemetry) {
        if (properties.mqtt().url() == null || properties.mqtt().url().isBlank()) {
            throw new IllegalStateException("COLDCHAIN_MQTT_URL (coldchain.mqtt.url) is required");
        }
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

    @Bean("mqtt")
    org.springframework.boot.health.contributor.HealthIndicator mqttHealth(Gateway gateway) {
        return GatewayHealth.broker(gateway);
    }

    @Bean("spool")
    org.springframework.boot.health.contributor.HealthIndicator spoolHealth(Gateway gateway) {
        return GatewayHealth.spool(() -> gateway);
    }

    @Bean("telemetry")
    org.springframework.boot.health.contributor.HealthIndicator telemetryHealth(TelemetryStore telemetry) {
        return GatewayHealth.telemetry(telemetry);
    }

    /** The coldchain_gateway_* meters on /actuator/prometheus. */
    @Bean
    io.micrometer.core.instrument.binder.MeterBinder gatewayMeters(Gateway gateway, GatewayProperties properties) {
        return registry ->
                GatewayMeters.bind(registry, gateway, properties.mqtt().clientId());
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
