/**
 * The shared test infrastructure of every module's integration tests: a PostgreSQL database and an
 * MQTT 5 broker, chosen in this order: addresses given by environment variables, Testcontainers
 * where a Docker engine answers, else embedded (zonky PostgreSQL, HiveMQ CE). Every call hands out
 * isolated state: a database of its own, a topic root of its own.
 */
package io.coldchain.gateway.testing;
