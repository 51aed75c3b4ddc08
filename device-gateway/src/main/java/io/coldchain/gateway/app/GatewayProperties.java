package io.coldchain.gateway.app;

import io.coldchain.gateway.contract.Topics;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The standalone gateway's keys ({@code COLDCHAIN_MQTT_URL}, {@code COLDCHAIN_TELEMETRY_STORE}, ...;
 * the database is {@code SPRING_DATASOURCE_URL}).
 *
 * @param mqtt the broker
 * @param telemetry where raw readings go
 * @param gateway pipeline tuning
 */
@ConfigurationProperties("coldchain")
public record GatewayProperties(
        @DefaultValue Mqtt mqtt,
        @DefaultValue Telemetry telemetry,
        @DefaultValue Pipeline gateway,
        @DefaultValue Influx influx) {

    /**
     * The InfluxDB used when {@code coldchain.telemetry.store=influx}: writes through the v2 API,
     * reads in InfluxQL through the v1 endpoint.
     *
     * @param database the InfluxQL database the bucket is mapped to (DBRP); default: the bucket's name
     */
    public record Influx(String url, String token, String org, String bucket, String database) {}

    /**
     * @param url broker address; required
     * @param topicRoot the contract's root; default {@code coldchain/v1}
     * @param clientId this gateway's persistent session; default {@code coldchain-gateway}
     * @param caFile PEM certificates an {@code ssl://} broker is verified against; default the JVM's
     */
    public record Mqtt(
            String url,
            @DefaultValue(Topics.DEFAULT_ROOT) String topicRoot,
            @DefaultValue("coldchain-gateway") String clientId,
            String username,
            String password,
            java.nio.file.Path caFile) {}

    /** @param store {@code postgres} (default) or {@code influx} */
    public record Telemetry(@DefaultValue("postgres") String store) {}

    /**
     * @param shareGroup shared-subscription group; default {@code gateway}
     * @param gapTimeout how long a missing seq is waited for before it is recorded as a data gap
     *     (DATA_GAP alert); default 30 s
     * @param resendAfter how long readings wait behind a missing seq before the device is asked to
     *     RESEND it; default 2 s
     * @param batchSize messages per store transaction; default 500
     * @param spoolDir where batches wait on disk while the store is down; default
     *     {@code $TMPDIR/coldchain-spool/{clientId}}
     * @param spoolMaxBytes the spool's bound, beyond which messages stay unacknowledged; default 256 MiB
     * @param metricsLogInterval how often the counters are logged; default 1 minute (0: only at stop)
     */
    public record Pipeline(
            @DefaultValue("gateway") String shareGroup,
            @DefaultValue("30s") Duration gapTimeout,
            @DefaultValue("2s") Duration resendAfter,
            @DefaultValue("500") int batchSize,
            String spoolDir,
            @DefaultValue("268435456") long spoolMaxBytes,
            @DefaultValue("1m") Duration metricsLogInterval) {}
}
