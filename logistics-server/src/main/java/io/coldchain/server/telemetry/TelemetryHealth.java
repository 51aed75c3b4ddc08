package io.coldchain.server.telemetry;

import io.coldchain.gateway.Gateway;
import io.coldchain.gateway.store.TelemetryStore;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Readiness of telemetry: the store answers a (tiny) query, and the in-process gateway's spool has
 * room (a full spool means the gateway holds messages unacknowledged in the broker).
 */
@Configuration(proxyBeanMethods = false)
class TelemetryHealth {

    /** Above this share of its limit the spool reports OUT_OF_SERVICE, before it is full. */
    static final double SPOOL_WARN = 0.9;

    @Bean("telemetry")
    HealthIndicator telemetryStoreHealth(TelemetryStore store) {
        return () -> {
            Instant now = Instant.now();
            try {
                store.history("__health__", "probe", now.minus(Duration.ofSeconds(1)), now);
                return Health.up()
                        .withDetail("store", store.getClass().getSimpleName())
                        .build();
            } catch (RuntimeException e) {
                return Health.down()
                        .withDetail("store", store.getClass().getSimpleName())
                        .withDetail("error", String.valueOf(e.getMessage()))
                        .build();
            }
        };
    }

    @Bean("spool")
    HealthIndicator spoolHealth(ObjectProvider<Gateway> gateway) {
        return () -> {
            Gateway g = gateway.getIfAvailable();
            if (g == null) {
                return Health.unknown()
                        .withDetail("gateway", "not in this process")
                        .build();
            }
            long bytes = g.spoolBytes();
            long max = g.spoolMaxBytes();
            Health.Builder health = bytes >= max * SPOOL_WARN ? Health.outOfService() : Health.up();
            return health.withDetail("bytes", bytes)
                    .withDetail("maxBytes", max)
                    .withDetail("batches", g.spooledBatches())
                    .build();
        };
    }
}
