package io.coldchain.server.telemetry;

import io.coldchain.gateway.Gateway;
import io.coldchain.gateway.GatewayHealth;
import io.coldchain.gateway.store.TelemetryStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Readiness of telemetry: the store answers a (tiny) query, and the in-process gateway's spool has
 * room ({@link GatewayHealth}, shared with the standalone gateway).
 */
@Configuration(proxyBeanMethods = false)
class TelemetryHealth {

    @Bean("telemetry")
    HealthIndicator telemetryStoreHealth(TelemetryStore store) {
        return GatewayHealth.telemetry(store);
    }

    @Bean("spool")
    HealthIndicator spoolHealth(ObjectProvider<Gateway> gateway) {
        return GatewayHealth.spool(gateway::getIfAvailable);
    }
}
