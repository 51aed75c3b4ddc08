package io.coldchain.server;

import io.coldchain.gateway.contract.Topics;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every {@code coldchain.*} key of the server. Environment variables override through relaxed
 * binding ({@code COLDCHAIN_MQTT_URL}, {@code COLDCHAIN_DEMO_ENABLED}, ...).
 *
 * @param mqtt the broker connection
 * @param embedded the in-process servers used when no external ones are configured
 * @param demo the demo city
 * @param security bootstrap of the first administrator outside demo mode
 * @param gateway the device gateway running inside this process
 */
@ConfigurationProperties("coldchain")
public record ColdchainProperties(
        @DefaultValue Mqtt mqtt,
        @DefaultValue Embedded embedded,
        @DefaultValue Demo demo,
        @DefaultValue Security security,
        @DefaultValue Gateway gateway) {

    /**
     * @param url broker address, e.g. {@code tcp://127.0.0.1:1883}; absent: an embedded broker is started
     * @param topicRoot root of every topic of the contract; default {@code coldchain/v1}
     * @param clientId MQTT client id of this server; default {@code coldchain-server}
     * @param username broker user name; absent: anonymous
     * @param password broker password
     */
    public record Mqtt(
            String url,
            @DefaultValue(Topics.DEFAULT_ROOT) String topicRoot,
            @DefaultValue("coldchain-server") String clientId,
            String username,
            String password) {

        public Topics topics() {
            return new Topics(topicRoot);
        }
    }

    /**
     * @param dataDir where the embedded PostgreSQL cluster and broker keep their data across restarts;
     *     default {@code ./coldchain-data}
     * @param fresh delete {@code dataDir} before starting (start from an empty system); default false
     * @param postgresPort port of the embedded PostgreSQL; default 0 (a free port)
     * @param mqttPort port of the embedded broker, or a free one when taken; default 1884 (1883 is
     *     usually a system broker's)
     */
    public record Embedded(
            @DefaultValue("coldchain-data") Path dataDir,
            @DefaultValue("false") boolean fresh,
            @DefaultValue("0") int postgresPort,
            @DefaultValue("1884") int mqttPort) {}

    /**
     * @param enabled seed the demo city and the demo users on start; default false
     * @param simulate in demo mode, simulate the demo devices' telemetry; default true
     * @param simulateIntervalS seconds between simulated readings; default 60
     */
    public record Demo(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("true") boolean simulate,
            @DefaultValue("60") int simulateIntervalS) {}

    /**
     * @param bootstrapAdminUsername when set and no administrator exists, one is created with this
     *     name at start-up (the only way to get a first user outside demo mode)
     * @param bootstrapAdminPassword that administrator's password (at least 12 characters)
     */
    public record Security(String bootstrapAdminUsername, String bootstrapAdminPassword) {}

    /**
     * @param inProcess run the device gateway inside the server (the embedded mode's default); turn
     *     off when gateways run as their own processes
     * @param shareGroup the shared-subscription group it joins; default {@code gateway}
     */
    public record Gateway(@DefaultValue("true") boolean inProcess, @DefaultValue("gateway") String shareGroup) {}
}
