package io.coldchain.server.mqtt;

/** The broker this server talks to: configured, or the embedded one. */
public record MqttBrokerAddress(String url) {}
