package io.coldchain.server.embedded;

import io.coldchain.gateway.contract.Topics;
import io.coldchain.gateway.embedded.BrokerAccounts;
import io.coldchain.server.mqtt.MqttBrokerAddress.Credentials;
import io.coldchain.server.network.BrokerCredentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The embedded broker's accounts: the server, the in-process gateway and (in demo mode) the device
 * simulator sign in with passwords generated at each start and never written down; devices and
 * locker banks with the credentials the server issued them ({@code POST devices/{id}/credentials},
 * {@code POST locker-banks/{id}/credentials}), each only on its own topics. Nobody gets in without.
 */
final class EmbeddedBrokerAccounts implements BrokerAccounts {

    static final String SERVER = "coldchain-server";
    static final String GATEWAY = "coldchain-gateway";
    static final String SIMULATOR = "coldchain-simulator";
    static final String WATCHER = "demo-watcher";

    private final Topics topics;
    private final Supplier<BrokerCredentials> issued;
    private final Map<String, Credentials> services;
    private final Map<String, Grant> serviceGrants;

    EmbeddedBrokerAccounts(Topics topics, Supplier<BrokerCredentials> issued, boolean simulator) {
        this.topics = topics;
        this.issued = issued;
        String devices = topics.root() + "/devices/+/";
        this.services = simulator
                ? Map.of(
                        SERVER, generated(SERVER),
                        GATEWAY, generated(GATEWAY),
                        SIMULATOR, generated(SIMULATOR),
                        WATCHER, generated(WATCHER))
                : Map.of(SERVER, generated(SERVER), GATEWAY, generated(GATEWAY));
        this.serviceGrants = Map.of(
                SERVER,
                Grant.all(SERVER),
                GATEWAY,
                Grant.all(GATEWAY),
                // the demo's simulated fleet: devices' own topics, nothing of the server's or banks'
                SIMULATOR,
                Grant.only(
                        SIMULATOR,
                        List.of(devices + "telemetry", devices + "status"),
                        List.of(topics.allDeviceCommands(), topics.allDeviceConfigs())),
                // the demo's read-only account for a person watching the broker (mosquitto_sub)
                WATCHER,
                Grant.only(WATCHER, List.of(), List.of(topics.root() + "/#")));
    }

    Credentials server() {
        return services.get(SERVER);
    }

    Credentials gateway() {
        return services.get(GATEWAY);
    }

    /** The read-only watcher's account, or null outside demo simulation. */
    Credentials watcher() {
        return services.get(WATCHER);
    }

    /** The simulator's account, or null outside demo simulation. */
    Credentials simulator() {
        return services.get(SIMULATOR);
    }

    @Override
    public Optional<Grant> check(String username, byte[] password) {
        Credentials service = services.get(username);
        if (service != null) {
            boolean right = MessageDigest.isEqual(service.password().getBytes(StandardCharsets.UTF_8), password);
            return right ? Optional.of(serviceGrants.get(username)) : Optional.empty();
        }
        BrokerCredentials credentials = issued.get();
        if (credentials == null || !Topics.isValidId(username)) {
            return Optional.empty();
        }
        return credentials.check(username, password).map(kind -> switch (kind) {
            case DEVICE -> Grant.only(
                    BrokerCredentials.account(kind, username),
                    List.of(topics.telemetry(username), topics.status(username)),
                    List.of(topics.deviceCommands(username), topics.deviceConfig(username)));
            case LOCKER_BANK -> Grant.only(
                    BrokerCredentials.account(kind, username),
                    List.of(topics.lockerEvents(username), topics.lockerStatus(username)),
                    List.of(topics.lockerCommands(username)));
        });
    }

    private static Credentials generated(String username) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return new Credentials(username, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }
}
