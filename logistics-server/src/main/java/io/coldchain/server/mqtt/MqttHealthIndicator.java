package io.coldchain.server.mqtt;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Reports the broker connection under {@code /actuator/health/mqtt}. */
@Component("mqtt")
class MqttHealthIndicator implements HealthIndicator {

    private final MqttConnection connection;

    MqttHealthIndicator(MqttConnection connection) {
        this.connection = connection;
    }

    @Override
    public Health health() {
        Health.Builder builder = connection.isConnected() ? Health.up() : Health.down();
        return builder.withDetail("broker", connection.url()).build();
    }
}
