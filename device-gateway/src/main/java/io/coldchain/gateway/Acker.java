package io.coldchain.gateway;

import org.eclipse.paho.mqttv5.common.MqttException;

/** Acknowledges the messages of one broker session (the gateway's own, or one it stands in for). */
interface Acker {
    void ack(BrokerLink.Inbound in) throws MqttException;
}
