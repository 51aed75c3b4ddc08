package io.coldchain.gateway;

import io.coldchain.gateway.store.TelemetryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * A gateway's readiness, in the server and in the standalone gateway alike: the telemetry store
 * answers a tiny query, the broker is connected, and the spool has room (a full spool means the
 * gateway holds messages unacknowledged in the broker).
 */
public final class GatewayHealth {

    /** Above this share of its limit the spool reports OUT_OF_SERVICE, before it is full. */
    public static final double SPOOL_WARN = 0.9;

    private GatewayHealth() {}

    public static HealthIndicator telemetry(TelemetryStore store) {
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

    /** @param gateway the gateway, or null when none runs in this process (UNKNOWN) */
    public static HealthIndicator spool(Supplier<Gateway> gateway) {
        return () -> {
            Gateway g = gateway.get();
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

    public static HealthIndicator broker(Gateway gateway) {
        return () -> (gateway.connected() ? Health.up() : Health.down())
                .withDetail("queued", gateway.queued())
                .build();
    }
}
