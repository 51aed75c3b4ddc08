package io.coldchain.server.telemetry;

import io.coldchain.gateway.store.InfluxTelemetryStore;
import io.coldchain.gateway.store.PostgresTelemetryStore;
import io.coldchain.gateway.store.TelemetryStore;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The telemetry store the server reads history from (quality's trails and charts): the gateway's
 * own adapters, PostgreSQL (default, the embedded mode's) or InfluxDB ({@code
 * coldchain.telemetry.store=influx} with {@code coldchain.influx.*}).
 */
@Configuration(proxyBeanMethods = false)
class TelemetryStoreConfig {

    @Bean
    TelemetryStore telemetryHistoryStore(
            DataSource dataSource,
            @Value("${coldchain.telemetry.store:postgres}") String store,
            @Value("${coldchain.influx.url:}") String url,
            @Value("${coldchain.influx.token:}") String token,
            @Value("${coldchain.influx.org:}") String org,
            @Value("${coldchain.influx.bucket:}") String bucket,
            @Value("${coldchain.influx.database:}") String database) {
        return switch (store) {
            case "postgres" -> new PostgresTelemetryStore(dataSource);
            case "influx" -> new InfluxTelemetryStore(new InfluxTelemetryStore.Config(
                    url, token.isBlank() ? null : token, org, bucket, database.isBlank() ? bucket : database));
            default -> throw new IllegalStateException(
                    "coldchain.telemetry.store must be postgres or influx, not " + store);
        };
    }
}
