/**
 * Where readings, rejections and rule state go: the {@link io.coldchain.gateway.store.TelemetryStore}
 * interface with its PostgreSQL implementation, the dead-letter store and the probe state store.
 */
package io.coldchain.gateway.store;
