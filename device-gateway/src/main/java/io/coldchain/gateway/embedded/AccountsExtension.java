package io.coldchain.gateway.embedded;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker's door: every client signs in with a user name and password that {@link
 * BrokerAccounts} accepts, and may then publish and subscribe only where its grant says (anything
 * else is refused by the broker: a PUBACK with "not authorized", a refused subscription).
 */
final class AccountsExtension implements SimpleAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(AccountsExtension.class);

    private final BrokerAccounts accounts;
    /** per account (not user name: two accounts may share one), its connected client ids */
    private final Map<String, Set<String>> clients = new ConcurrentHashMap<>();

    AccountsExtension(BrokerAccounts accounts) {
        this.accounts = accounts;
    }

    EmbeddedExtension extension() {
        return EmbeddedExtension.builder()
                .withId("coldchain-accounts")
                .withName("coldchain accounts")
                .withVersion("1")
                .withAuthor("coldchain")
                .withPriority(1000)
                .withStartPriority(1000)
                .withExtensionMain(new ExtensionMain() {
                    @Override
                    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
                        Services.securityRegistry().setAuthenticatorProvider(in -> AccountsExtension.this);
                    }

                    @Override
                    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}
                })
                .build();
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        Optional<String> user = input.getConnectPacket().getUserName();
        Optional<ByteBuffer> password = input.getConnectPacket().getPassword();
        String clientId = input.getClientInformation().getClientId();
        if (user.isEmpty() || password.isEmpty()) {
            log.debug("Embedded broker refused {}: no credentials", clientId);
            output.failAuthentication(
                    ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "sign in with a user name and password");
            return;
        }
        ByteBuffer buffer = password.get().duplicate();
        byte[] secret = new byte[buffer.remaining()];
        buffer.get(secret);
        Optional<BrokerAccounts.Grant> grant;
        try {
            grant = accounts.check(user.get(), secret);
        } catch (RuntimeException e) {
            log.warn("Embedded broker cannot check the account {}: {}", user.get(), e.getMessage());
            output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "accounts unavailable");
            return;
        }
        if (grant.isEmpty()) {
            log.info("Embedded broker refused {} (account {}): wrong or revoked credentials", clientId, user.get());
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "wrong or revoked credentials");
            return;
        }
        ModifiableDefaultPermissions permissions = output.getDefaultPermissions();
        if (grant.get().everything()) {
            permissions.add(permission("#", TopicPermission.MqttActivity.ALL));
        } else {
            grant.get().publish().forEach(f -> permissions.add(permission(f, TopicPermission.MqttActivity.PUBLISH)));
            grant.get()
                    .subscribe()
                    .forEach(f -> permissions.add(permission(f, TopicPermission.MqttActivity.SUBSCRIBE)));
        }
        permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        clients.computeIfAbsent(grant.get().account(), a -> ConcurrentHashMap.newKeySet())
                .add(clientId);
        output.authenticateSuccessfully();
    }

    private static TopicPermission permission(String filter, TopicPermission.MqttActivity activity) {
        return Builders.topicPermission()
                .topicFilter(filter)
                .activity(activity)
                .type(TopicPermission.PermissionType.ALLOW)
                .build();
    }

    /** Disconnects every client signed in to {@code account}; returns how many were. */
    int disconnect(String account) {
        Set<String> ids = clients.remove(account);
        if (ids == null) {
            return 0;
        }
        int cut = 0;
        for (String id : ids) {
            try {
                if (Services.clientService().disconnectClient(id).get()) {
                    cut++;
                }
            } catch (Exception e) {
                log.warn("Embedded broker could not disconnect {}: {}", id, e.getMessage());
            }
        }
        return cut;
    }
}
