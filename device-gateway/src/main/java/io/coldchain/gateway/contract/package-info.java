/**
 * The normative MQTT contract of {@code ARCHITECTURE.md}: topic names under a configurable root and
 * the payload records exchanged with devices and the server. Device makers depend on these shapes.
 */
package io.coldchain.gateway.contract;
