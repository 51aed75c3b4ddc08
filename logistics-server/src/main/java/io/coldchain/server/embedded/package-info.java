/**
 * The zero-install running mode: when no {@code spring.datasource.url} is configured the server
 * starts PostgreSQL in-process, and when no {@code coldchain.mqtt.url} is configured an MQTT 5
 * broker, both keeping their data in {@code coldchain.embedded.data-dir}.
 */
package io.coldchain.server.embedded;
