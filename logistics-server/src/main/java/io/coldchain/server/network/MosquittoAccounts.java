package io.coldchain.server.network;

import io.coldchain.gateway.contract.Topics;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.mqtt.DynamicSecurity;
import io.coldchain.server.mqtt.DynamicSecurity.Answer;
import io.coldchain.server.mqtt.MqttBrokerAddress;
import io.coldchain.server.network.BrokerCredentials.Kind;
import io.coldchain.server.web.ConflictException;
import io.coldchain.server.web.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Device and locker-bank accounts kept on a Mosquitto broker through its dynamic security plugin.
 * Each account is a broker client named by the device's or bank's id with a role of its own that
 * allows exactly its topics (a device publishes its telemetry and status and reads its commands
 * and config; a bank publishes its events and status and reads its commands). Everything else is
 * denied by default. Setting a password or deleting the client makes Mosquitto cut the live
 * connections of that user name at once.
 *
 * <p>At start it sets the default access, the server's and the gateways' roles and the gateways'
 * account, and deletes the accounts revoked here while the broker was out of reach. The broker is
 * asked inside the transaction that records a change: when it does not answer, the change is not
 * made (503, {@code /problems/broker-unavailable}).
 */
@Component
@ConditionalOnBooleanProperty("coldchain.mqtt.dynamic-security")
public class MosquittoAccounts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MosquittoAccounts.class);

    static final String SERVER_ROLE = "coldchain-server";
    static final String GATEWAY_ROLE = "coldchain-gateway";

    private final DynamicSecurity broker;
    private final Topics topics;
    private final ColdchainProperties.Mqtt mqtt;
    private final BrokerCredentials credentials;
    private final ScheduledExecutorService setup = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mosquitto-accounts");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean ready;

    MosquittoAccounts(MqttBrokerAddress address, ColdchainProperties properties, BrokerCredentials credentials) {
        if (address.embedded()) {
            throw new IllegalStateException(
                    "coldchain.mqtt.dynamic-security is for a Mosquitto at coldchain.mqtt.url; the embedded broker"
                            + " checks the issued credentials itself");
        }
        this.mqtt = properties.mqtt();
        this.topics = mqtt.topics();
        this.credentials = credentials;
        this.broker = new DynamicSecurity(address, mqtt.clientId() + "-dynsec");
        setup.execute(() -> prepare(1_000));
    }

    /** True once the default access, the service roles and the gateways' account are in place. */
    public boolean ready() {
        return ready;
    }

    @EventListener
    void passwordSet(BrokerCredentials.PasswordSet set) {
        Kind other = set.kind() == Kind.DEVICE ? Kind.LOCKER_BANK : Kind.DEVICE;
        if (credentials.otherLiveKind(set.kind(), set.username()).isPresent()) {
            throw new ConflictException("the broker user name " + set.username() + " is taken by a "
                    + other.name().toLowerCase().replace('_', ' ')
                    + " account; Mosquitto keeps one account per user name");
        }
        String role = role(set.kind(), set.username());
        List<Answer> answers = ask(List.of(
                DynamicSecurity.command("createRole", "rolename", role, "acls", acls(set.kind(), set.username())),
                DynamicSecurity.command(
                        "createClient",
                        "username",
                        set.username(),
                        "password",
                        set.password(),
                        "roles",
                        List.of(Map.of("rolename", role)))));
        if (answers.get(1).ok()) {
            return;
        }
        // a rotation: the client exists; a new password cuts its connections
        List<Answer> rotated = ask(List.of(
                DynamicSecurity.command("setClientPassword", "username", set.username(), "password", set.password()),
                DynamicSecurity.command("addClientRole", "username", set.username(), "rolename", role)));
        if (!rotated.get(0).ok()) {
            throw unavailable(
                    "the broker refused the new password: " + rotated.get(0).error(), null);
        }
    }

    @EventListener
    void ended(BrokerCredentials.Ended ended) {
        ask(List.of(
                DynamicSecurity.command("deleteClient", "username", ended.username()),
                DynamicSecurity.command("deleteRole", "rolename", role(ended.kind(), ended.username()))));
    }

    private List<Answer> ask(List<Map<String, Object>> commands) {
        try {
            return broker.execute(commands);
        } catch (DynamicSecurity.UnavailableException e) {
            throw unavailable(e.getMessage(), e);
        }
    }

    private static ProblemException unavailable(String detail, Throwable cause) {
        ProblemException problem = new ProblemException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "broker-unavailable",
                "The MQTT broker did not take the change",
                detail);
        if (cause != null) {
            problem.initCause(cause);
        }
        return problem.retryAfter(java.time.Duration.ofSeconds(10));
    }

    static String role(Kind kind, String username) {
        return (kind == Kind.DEVICE ? "coldchain-device-" : "coldchain-bank-") + username;
    }

    /** The topics of one device or bank, as dynamic-security ACLs. */
    List<Map<String, Object>> acls(Kind kind, String id) {
        List<Map<String, Object>> acls = new ArrayList<>();
        if (kind == Kind.DEVICE) {
            send(acls, topics.telemetry(id), topics.status(id));
            subscribe(acls, topics.deviceCommands(id), topics.deviceConfig(id));
        } else {
            send(acls, topics.lockerEvents(id), topics.lockerStatus(id));
            subscribe(acls, topics.lockerCommands(id));
        }
        return acls;
    }

    /** The server publishes bindings and commands and reads events, status and alerts. */
    List<Map<String, Object>> serverAcls() {
        List<Map<String, Object>> acls = new ArrayList<>();
        send(acls, topics.allDeviceConfigs(), topics.allDeviceCommands(), topics.allLockerCommands());
        List<String> reads = List.of(
                topics.alerts(),
                topics.allLockerEvents(),
                topics.allLockerStatus(),
                topics.root() + "/devices/+/status",
                topics.allDeviceConfigs(),
                topics.allDeviceCommands());
        reads.forEach(f -> subscribe(acls, f, "$share/+/" + f));
        return acls;
    }

    /** A gateway reads telemetry (shared) and bindings, and publishes alerts and device commands. */
    List<Map<String, Object>> gatewayAcls() {
        List<Map<String, Object>> acls = new ArrayList<>();
        String sync = topics.root() + "/gateway-sync/#";
        send(acls, topics.alerts(), topics.allDeviceCommands(), sync);
        subscribe(acls, topics.allTelemetry(), "$share/+/" + topics.allTelemetry(), topics.allDeviceConfigs(), sync);
        return acls;
    }

    private static void send(List<Map<String, Object>> acls, String... filters) {
        for (String f : filters) {
            acls.add(Map.of("acltype", "publishClientSend", "topic", f, "allow", true));
        }
    }

    private static void subscribe(List<Map<String, Object>> acls, String... filters) {
        for (String f : filters) {
            acls.add(Map.of("acltype", "subscribePattern", "topic", f, "allow", true));
        }
    }

    private void prepare(long backoffMs) {
        try {
            prepare();
            ready = true;
            log.info("Broker accounts on Mosquitto's dynamic security are in place");
        } catch (RuntimeException e) {
            long next = Math.min(backoffMs * 2, 30_000);
            log.warn("Cannot set up the broker's accounts ({}); retrying in {} ms", e.getMessage(), backoffMs);
            setup.schedule(() -> prepare(next), backoffMs, TimeUnit.MILLISECONDS);
        }
    }

    private void prepare() {
        List<Map<String, Object>> commands = new ArrayList<>();
        commands.add(DynamicSecurity.command(
                "setDefaultACLAccess",
                "acls",
                List.of(
                        Map.of("acltype", "publishClientSend", "allow", false),
                        Map.of("acltype", "publishClientReceive", "allow", true),
                        Map.of("acltype", "subscribe", "allow", false),
                        Map.of("acltype", "unsubscribe", "allow", true))));
        broker.execute(commands);
        ensureRole(SERVER_ROLE, serverAcls());
        ensureRole(GATEWAY_ROLE, gatewayAcls());
        if (mqtt.gatewayUsername() != null) {
            ensureClientRole(mqtt.gatewayUsername(), GATEWAY_ROLE, mqtt.gatewayPassword());
        }
        List<BrokerCredentials.Revoked> revoked = credentials.revokedAccounts();
        List<Map<String, Object>> cleanup = new ArrayList<>();
        for (BrokerCredentials.Revoked r : revoked) {
            cleanup.add(DynamicSecurity.command("deleteClient", "username", r.username()));
            cleanup.add(DynamicSecurity.command("deleteRole", "rolename", role(r.kind(), r.username())));
        }
        for (int i = 0; i < cleanup.size(); i += 200) {
            broker.execute(cleanup.subList(i, Math.min(cleanup.size(), i + 200)));
        }
        // last: on the first start this cuts the server's own connections once (they reconnect)
        ensureClientRole(mqtt.username(), SERVER_ROLE, null);
    }

    /** Creates the role, or brings its ACLs up to date (which cuts the clients that have it). */
    private void ensureRole(String role, List<Map<String, Object>> acls) {
        Answer created = broker.execute(DynamicSecurity.command("createRole", "rolename", role, "acls", acls));
        if (created.ok()) {
            return;
        }
        Answer existing = broker.execute(DynamicSecurity.command("getRole", "rolename", role));
        if (!existing.ok()) {
            throw new IllegalStateException("cannot read role " + role + ": " + existing.error());
        }
        List<String> have = new ArrayList<>();
        for (JsonNode acl : existing.data().path("role").path("acls")) {
            have.add(acl.path("acltype").asString() + " " + acl.path("topic").asString() + " "
                    + acl.path("allow").asBoolean());
        }
        List<Map<String, Object>> missing = acls.stream()
                .filter(a -> !have.contains(a.get("acltype") + " " + a.get("topic") + " " + a.get("allow")))
                .toList();
        if (!missing.isEmpty()) {
            log.info("Role {} lacks {} ACL(s); adding them (its clients reconnect)", role, missing.size());
            List<Map<String, Object>> adds = new ArrayList<>();
            for (Map<String, Object> a : missing) {
                Map<String, Object> add = new java.util.HashMap<>(a);
                add.put("command", "addRoleACL");
                add.put("rolename", role);
                adds.add(add);
            }
            broker.execute(adds);
        }
    }

    /** Gives {@code username} the role (creating the client when a password is given and it is absent). */
    private void ensureClientRole(String username, String role, String password) {
        if (username == null) {
            return;
        }
        Answer client = broker.execute(DynamicSecurity.command("getClient", "username", username));
        if (!client.ok()) {
            if (password == null) {
                throw new IllegalStateException("the broker has no client " + username + ": " + client.error());
            }
            Answer created = broker.execute(DynamicSecurity.command(
                    "createClient",
                    "username",
                    username,
                    "password",
                    password,
                    "roles",
                    List.of(Map.of("rolename", role))));
            if (!created.ok()) {
                throw new IllegalStateException("cannot create the broker client " + username + ": " + created.error());
            }
            return;
        }
        for (JsonNode r : client.data().path("client").path("roles")) {
            if (role.equals(r.path("rolename").asString())) {
                return;
            }
        }
        log.info("Giving the broker client {} the role {} (it reconnects)", username, role);
        broker.execute(DynamicSecurity.command("addClientRole", "username", username, "rolename", role));
    }

    @Override
    public void close() {
        setup.shutdownNow();
        broker.close();
    }
}
