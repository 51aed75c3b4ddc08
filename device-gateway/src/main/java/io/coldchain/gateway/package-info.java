/**
 * The device gateway: MQTT ingestion of refrigerated-locker and vehicle telemetry, cold-chain rules
 * and alert events. This package's sub-packages hold the MQTT contract shared with the server
 * ({@code contract}) and the in-process servers of the embedded running mode ({@code embedded}).
 */
package io.coldchain.gateway;
