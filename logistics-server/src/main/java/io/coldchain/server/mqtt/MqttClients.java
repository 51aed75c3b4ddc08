package io.coldchain.server.mqtt;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;

/** What the server's MQTT clients share. */
final class MqttClients {

    private MqttClients() {}

    /** Disconnects (waiting up to 5 s) and closes the client; a failure is only worth a debug line. */
    static void close(MqttAsyncClient client, Logger log, String what) {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close(true);
        } catch (MqttException e) {
            log.debug("{} close: {}", what, e.getMessage());
        }
    }
}
