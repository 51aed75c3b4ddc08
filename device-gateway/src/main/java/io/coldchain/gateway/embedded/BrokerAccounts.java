package io.coldchain.gateway.embedded;

import java.util.List;
import java.util.Optional;

/**
 * Who may connect to the embedded broker and what each account may do there. The broker asks on
 * every CONNECT; an account it refuses (or a client without credentials) is not let in.
 */
@FunctionalInterface
public interface BrokerAccounts {

    /**
     * The rights of {@code username} when {@code password} is its password, else empty.
     *
     * @throws RuntimeException when it cannot tell (the client is refused as "server unavailable")
     */
    Optional<Grant> check(String username, byte[] password);

    /**
     * What an account may do: publish to and subscribe to these topic filters and nothing else, or
     * everything (the server's and gateway's own accounts).
     *
     * @param account the account's name, by which its connections are cut ({@link
     *     EmbeddedMqttBroker#disconnect}); two accounts may share a user name
     */
    record Grant(String account, boolean everything, List<String> publish, List<String> subscribe) {

        public static Grant all(String account) {
            return new Grant(account, true, List.of(), List.of());
        }

        public static Grant only(String account, List<String> publish, List<String> subscribe) {
            return new Grant(account, false, List.copyOf(publish), List.copyOf(subscribe));
        }
    }
}
