/**
 * The server's one connection to the MQTT broker (external or embedded): publishing retained
 * configuration and commands, subscribing to events, reconnecting with backoff.
 */
package io.coldchain.server.mqtt;
