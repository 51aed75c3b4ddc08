package io.coldchain.server;

import io.coldchain.gateway.contract.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every {@code coldchain.*} key of the server. Environment variables override through relaxed
 * binding ({@code COLDCHAIN_MQTT_URL}, {@code COLDCHAIN_DEMO_ENABLED}, ...).
 *
 * @param mqtt the broker connection
 * @param embedded the in-process servers used when no external ones are configured
 * @param demo the demo city
 * @param security bootstrap of the first administrator outside demo mode, sign-in throttling
 * @param http limits on requests
 * @param gateway the device gateway running inside this process
 * @param routing the road network
 * @param orders order placement and expiry
 * @param assignment batch assignment of orders to stores and locker compartments
 * @param dispatch delivery wave planning
 * @param quality cold-chain alerts, holds and reports
 * @param lockers smart lockers: commands, pickup codes, deadlines
 */
@ConfigurationProperties("coldchain")
public record ColdchainProperties(
        @DefaultValue Mqtt mqtt,
        @DefaultValue Embedded embedded,
        @DefaultValue Demo demo,
        @DefaultValue Security security,
        @DefaultValue Http http,
        @DefaultValue Gateway gateway,
        @DefaultValue Routing routing,
        @DefaultValue Orders orders,
        @DefaultValue Assignment assignment,
        @DefaultValue Dispatch dispatch,
        @DefaultValue Quality quality,
        @DefaultValue Lockers lockers,
        @DefaultValue Ui ui) {

    /**
     * @param tileUrl a map tile URL template ({@code https://tiles.example/{z}/{x}/{y}.png}) for sites
     *     that have a tile server; absent: the map draws the roads of the routing graph
     * @param tileAttribution the attribution the tile server asks for
     * @param liveHeartbeat how often a live-event stream that has nothing to say sends a heartbeat;
     *     default 15 seconds
     * @param liveTelemetryInterval how often the latest readings of the assets on screen are sent;
     *     default 5 seconds
     * @param liveReplay how many recent live events are kept for a client that reconnects with
     *     {@code Last-Event-ID}; default 2000
     */
    public record Ui(
            String tileUrl,
            String tileAttribution,
            @DefaultValue("15s") Duration liveHeartbeat,
            @DefaultValue("5s") Duration liveTelemetryInterval,
            @DefaultValue("2000") int liveReplay) {}

    /**
     * @param url broker address, e.g. {@code tcp://127.0.0.1:1883}; absent: an embedded broker is started
     * @param topicRoot root of every topic of the contract; default {@code coldchain/v1}
     * @param clientId MQTT client id of this server; default {@code coldchain-server}
     * @param username broker user name; absent: anonymous
     * @param password broker password
     * @param shareGroup the shared-subscription group server instances split alert and locker
     *     events in; default {@code server}
     * @param caFile PEM certificates an {@code ssl://} broker is verified against; absent: the JVM's
     * @param dynamicSecurity the broker is a Mosquitto with its dynamic security plugin, and this
     *     server's account administers it: device and bank credentials are kept there, each account
     *     with a role of its own topics; default false
     * @param gatewayUsername the gateways' broker account (created with dynamic security when
     *     absent on the broker); absent: the in-process gateway signs in as the server
     * @param gatewayPassword its password
     */
    public record Mqtt(
            String url,
            @DefaultValue(Topics.DEFAULT_ROOT) String topicRoot,
            @DefaultValue("coldchain-server") String clientId,
            String username,
            String password,
            @DefaultValue("server") String shareGroup,
            java.nio.file.Path caFile,
            @DefaultValue("false") boolean dynamicSecurity,
            String gatewayUsername,
            String gatewayPassword) {

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
     * @param durable the embedded PostgreSQL syncs every commit to disk (fsync, synchronous_commit),
     *     so a power cut loses nothing acknowledged; default true (false only for throw-away runs)
     */
    public record Embedded(
            @DefaultValue("coldchain-data") Path dataDir,
            @DefaultValue("false") boolean fresh,
            @DefaultValue("0") int postgresPort,
            @DefaultValue("1884") int mqttPort,
            @DefaultValue("true") boolean durable) {}

    /**
     * @param enabled seed the demo city and the demo users on start; default false
     * @param simulate in demo mode, simulate the demo devices' telemetry; default true
     * @param simulateIntervalS seconds between simulated readings; default 60
     * @param orders LOCKER orders the demo residents place for tomorrow when the demo city is first
     *     seeded, for the dispatcher to assign and plan; default 24
     * @param lockerFailRate the share of OPEN commands the simulated banks answer FAILED; default 0
     * @param excursionAfter how long after start LB-0003's chilled zone starts running warm; default
     *     2 minutes
     */
    public record Demo(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("true") boolean simulate,
            @DefaultValue("60") int simulateIntervalS,
            @DefaultValue("24") int orders,
            @DefaultValue("0") double lockerFailRate,
            @DefaultValue("2m") Duration excursionAfter) {}

    /**
     * @param bootstrapAdminUsername when set and no administrator exists, one is created with this
     *     name at start-up (the only way to get a first user outside demo mode)
     * @param bootstrapAdminPassword that administrator's password (at least 12 characters)
     * @param signInFailuresPerAccount failed sign-ins of one account within {@code signInWindow}
     *     that lock it for {@code signInLockout}; default 10
     * @param signInFailuresPerSource failed sign-ins from one address within the window that lock
     *     that address; default 30
     * @param signInWindow the window failures are counted in; default 10 minutes
     * @param signInLockout how long a locked account or address is refused (429); default 15 minutes
     * @param verifiedCredentialTtl how long a verified name and password are accepted again without
     *     BCrypt; default 5 minutes
     * @param apiTokenDays how long a new API token is valid unless the request says; default 365
     */
    public record Security(
            String bootstrapAdminUsername,
            String bootstrapAdminPassword,
            @DefaultValue("10") int signInFailuresPerAccount,
            @DefaultValue("30") int signInFailuresPerSource,
            @DefaultValue("10m") Duration signInWindow,
            @DefaultValue("15m") Duration signInLockout,
            @DefaultValue("5m") Duration verifiedCredentialTtl,
            @DefaultValue("365") int apiTokenDays) {}

    /**
     * @param maxBodyBytes the largest request body accepted (413 beyond); default 1 MiB
     */
    public record Http(@DefaultValue("1048576") long maxBodyBytes) {}

    /**
     * @param inProcess run the device gateway inside the server (the embedded mode's default); turn
     *     off when gateways run as their own processes
     * @param shareGroup the shared-subscription group it joins; default {@code gateway}
     */
    public record Gateway(@DefaultValue("true") boolean inProcess, @DefaultValue("gateway") String shareGroup) {}

    /**
     * @param osmFile the OpenStreetMap extract (.pbf, .osm, .osm.gz) to route on; absent: the
     *     generated demo city around {@code demoCenterLat}/{@code demoCenterLon}
     * @param cacheDir where imported road graphs are kept; default {@code coldchain-data/routing}
     * @param demoCenterLat latitude of the demo city's centre; default 46.0
     * @param demoCenterLon longitude of the demo city's centre; default 9.0
     */
    public record Routing(
            Path osmFile,
            @DefaultValue("coldchain-data/routing") Path cacheDir,
            @DefaultValue("46.0") double demoCenterLat,
            @DefaultValue("9.0") double demoCenterLon) {}

    /**
     * @param timeZone the zone in which pickup dates, shifts and opening hours are read; default UTC
     * @param dayPickupStart start of the pickup slot when an order names only a date; default 08:00
     * @param dayPickupEnd end of that slot; default 20:00
     * @param collectionGrace how long after its slot ends a parcel waits in its compartment before
     *     the order expires; default 48 hours
     * @param expiryInterval how often expired orders are looked for; default 1 minute
     */
    public record Orders(
            @DefaultValue("UTC") ZoneId timeZone,
            @DefaultValue("08:00") LocalTime dayPickupStart,
            @DefaultValue("20:00") LocalTime dayPickupEnd,
            @DefaultValue("48h") Duration collectionGrace,
            @DefaultValue("1m") Duration expiryInterval) {}

    /**
     * @param scheduled run assignment on a schedule (besides on demand); default true
     * @param interval time between scheduled runs; default 5 minutes
     */
    public record Assignment(@DefaultValue("true") boolean scheduled, @DefaultValue("5m") Duration interval) {}

    /**
     * @param shiftStart when vehicles' shifts start on a delivery day; default 06:00
     * @param shiftEnd when they end; default 22:00
     * @param coldRideLimit longest ride from the store to the locker for FROZEN and CHILLED parcels;
     *     default 90 minutes
     * @param stopService time at a locker bank besides the parcels; default 2 minutes
     * @param parcelService time per parcel put into a compartment; default 20 seconds
     * @param planningTimeLimit how long a wave is optimised unless the request says; default 20 s
     * @param planningStallShare planning stops as converged when its best plan has not improved for
     *     this share of the time limit; default 0.25 (0: always use the whole time)
     * @param loadingTime the time between planning and the earliest departure of a wave for today
     *     (loading the vehicles); no route starts in the past; default 15 minutes
     * @param allowEarlyStart whether a route for a later day may start without {@code early=true};
     *     unset: only in demo mode (its story starts tomorrow's routes today), otherwise not
     */
    public record Dispatch(
            @DefaultValue("06:00") LocalTime shiftStart,
            @DefaultValue("22:00") LocalTime shiftEnd,
            @DefaultValue("90m") Duration coldRideLimit,
            @DefaultValue("2m") Duration stopService,
            @DefaultValue("20s") Duration parcelService,
            @DefaultValue("20s") Duration planningTimeLimit,
            @DefaultValue("0.25") double planningStallShare,
            @DefaultValue("15m") Duration loadingTime,
            Boolean allowEarlyStart) {}

    /**
     * @param holdRules which alerts put the orders they touch ON_HOLD, as {@code ZONE:TYPE} pairs;
     *     default FROZEN and CHILLED on TEMPERATURE_HIGH and TEMPERATURE_LOW (add e.g. {@code
     *     CHILLED:DOOR_OPEN}, {@code FROZEN:PROBE_SILENT}, {@code CHILLED:DATA_GAP})
     * @param escalateAfter an alert not acknowledged this long after it was raised escalates;
     *     default 30 minutes
     * @param activationEnergyK the mean kinetic temperature's activation energy over the gas
     *     constant (Delta H / R), in kelvin; default 10,000
     * @param trailGap readings further apart than this leave a gap in a temperature trail (reported,
     *     never filled); default 10 minutes
     */
    public record Quality(
            @DefaultValue({
                        "FROZEN:TEMPERATURE_HIGH",
                        "FROZEN:TEMPERATURE_LOW",
                        "CHILLED:TEMPERATURE_HIGH",
                        "CHILLED:TEMPERATURE_LOW"
                    })
                    java.util.List<String> holdRules,
            @DefaultValue("30m") Duration escalateAfter,
            @DefaultValue("10000") double activationEnergyK,
            @DefaultValue("10m") Duration trailGap) {}

    /**
     * @param secret the key pickup codes and QR tokens derive from (base64, at least 32 bytes); it
     *     lives outside the database, so nothing stored there opens a compartment. Absent: read from
     *     (or created in) {@code secretFile}; several server instances must share it
     * @param secretFile where the key is kept when {@code secret} is not given; default {@code
     *     locker.secret} in the data directory ({@code coldchain.embedded.data-dir}), so a fresh start
     *     makes a new key
     * @param commandTtl how long a locker has to answer an OPEN before it counts as failed; default 15 s
     * @param openWait how long opening a stop waits for the bank's answers before replying; default 5 s
     * @param holdFrozen how long a FROZEN parcel waits in its compartment; default 24 h
     * @param holdChilled the same for CHILLED; default 24 h
     * @param holdCool the same for COOL; default 72 h
     * @param holdAmbient the same for AMBIENT; default 72 h
     * @param extension how much one extension adds to the deadline; default 24 h
     * @param wrongCodes wrong codes at a bank (keypad) or from a source within {@code wrongCodeWindow}
     *     that lock it; default 5
     * @param wrongCodeWindow default 10 minutes
     * @param lockout how long a locked keypad or source is refused; default 15 minutes
     * @param nearbyBank how far (by road) a parcel may be sent to another bank when its own bank has
     *     no compartment left; default 2 km
     * @param contact whom a resident refused a held order is told to contact
     */
    public record Lockers(
            String secret,
            Path secretFile,
            @DefaultValue("15s") Duration commandTtl,
            @DefaultValue("5s") Duration openWait,
            @DefaultValue("24h") Duration holdFrozen,
            @DefaultValue("24h") Duration holdChilled,
            @DefaultValue("72h") Duration holdCool,
            @DefaultValue("72h") Duration holdAmbient,
            @DefaultValue("24h") Duration extension,
            @DefaultValue("5") int wrongCodes,
            @DefaultValue("10m") Duration wrongCodeWindow,
            @DefaultValue("15m") Duration lockout,
            @DefaultValue("2000") double nearbyBank,
            @DefaultValue("quality staff at quality@coldchain.local") String contact) {

        /** How long a parcel of {@code zone} waits in its compartment. */
        public Duration hold(io.coldchain.gateway.contract.TemperatureZone zone) {
            return switch (zone) {
                case FROZEN -> holdFrozen;
                case CHILLED -> holdChilled;
                case COOL -> holdCool;
                case AMBIENT -> holdAmbient;
            };
        }
    }
}
