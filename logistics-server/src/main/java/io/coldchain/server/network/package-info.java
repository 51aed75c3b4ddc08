/**
 * The network registry: stores, locker banks with their compartments, vehicles with their
 * temperature-zone compartments, and devices whose probes are bound to the assets they measure.
 * Device bindings are published retained on the broker for the gateways.
 */
package io.coldchain.server.network;
