package io.coldchain.server.mqtt;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * The broker this server talks to, configured or the embedded one, and the accounts its parts sign
 * in with: the server's own clients, the in-process gateway and the demo's device simulator (each
 * null when the broker lets anyone in).
 *
 * @param embedded whether it is the in-process broker (which checks device credentials itself)
 * @param caFile PEM certificates an {@code ssl://} broker is verified against, or null
 */
public record MqttBrokerAddress(
        String url,
        Credentials server,
        Credentials gateway,
        Credentials simulator,
        boolean embedded,
        java.nio.file.Path caFile) {

    /** Sets the server's account and the broker's TLS trust on {@code options}. */
    public void applyServer(MqttConnectionOptions options) {
        Credentials.apply(server, options);
        io.coldchain.gateway.BrokerSockets.apply(options, url, caFile);
    }

    /** A user name and password to sign in with. */
    public record Credentials(String username, String password) {

        /** Sets them on connection options; null credentials leave the options anonymous. */
        public static void apply(Credentials credentials, MqttConnectionOptions options) {
            if (credentials == null || credentials.username() == null) {
                return;
            }
            options.setUserName(credentials.username());
            if (credentials.password() != null) {
                options.setPassword(credentials.password().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    public String serverUsername() {
        return server == null ? null : server.username();
    }
}
