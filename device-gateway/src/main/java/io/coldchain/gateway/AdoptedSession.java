package io.coldchain.gateway;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dead gateway's broker session, taken over by a live one. A broker such as Mosquitto keeps
 * handing a shared subscription's messages to a member's persistent session while that member is
 * gone, and keeps what was in flight to it: whoever connects with its client id receives them. The
 * adopter processes them like its own. When the dead gateway comes back it takes its session over
 * again and this connection ends; it never reconnects by itself.
 */
final class AdoptedSession implements Acker, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdoptedSession.class);

    private final Gateway.Config config;
    private final String clientId;
    private final MqttAsyncClient client;
    private final AtomicInteger generation = new AtomicInteger();
    private volatile boolean closing;

    AdoptedSession(Gateway.Config config, String clientId, Consumer<BrokerLink.Inbound> inbox) throws MqttException {
        this.config = config;
        this.clientId = clientId;
        this.client = new MqttAsyncClient(config.mqttUrl(), clientId, new MemoryPersistence());
        client.setManualAcks(true);
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                String device = config.topics().rawDeviceOfTelemetryTopic(topic);
                inbox.accept(new BrokerLink.Inbound(
                        message.getId(),
                        message.getQos(),
                        generation.get(),
                        new io.coldchain.gateway.ingest.Pipeline.Message(
                                topic, device == null ? topic : device, message.getPayload()),
                        AdoptedSession.this));
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
                if (!closing) {
                    log.info(
                            "Gateway {} no longer stands in for {} ({})",
                            config.clientId(),
                            clientId,
                            response.getReasonString());
                }
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {}

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                generation.incrementAndGet();
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
    }

    /** Connects as the dead gateway; false (and closed) when the broker kept no session for it. */
    boolean start() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(7L * 24 * 3600);
        options.setReceiveMaximum(config.receiveMaximum());
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(30);
        if (config.username() != null) {
            options.setUserName(config.username());
            if (config.password() != null) {
                options.setPassword(config.password().getBytes(StandardCharsets.UTF_8));
            }
        }
        BrokerSockets.apply(options, config.mqttUrl(), config.caFile());
        try {
            IMqttToken token = client.connect(options);
            token.waitForCompletion(15_000);
            if (!token.getSessionPresent()) {
                log.info("Gateway {}: the broker kept no session for {}", config.clientId(), clientId);
                close();
                return false;
            }
            log.info("Gateway {} stands in for {}: its broker session is taken over", config.clientId(), clientId);
            return true;
        } catch (MqttException e) {
            log.warn("Gateway {} cannot take over the session of {}: {}", config.clientId(), clientId, e.getMessage());
            close();
            return false;
        }
    }

    boolean connected() {
        return client.isConnected();
    }

    @Override
    public void ack(BrokerLink.Inbound in) throws MqttException {
        if (in.generation() == generation.get() && client.isConnected()) {
            client.messageArrivedComplete(in.id(), in.qos());
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close(true);
        } catch (MqttException e) {
            log.debug("adopted session close: {}", e.getMessage());
        }
    }
}
