/**
 * Telemetry inside the server: the device gateway running in-process (embedded mode, small sites),
 * sharing the server's database and broker.
 */
package io.coldchain.server.telemetry;
