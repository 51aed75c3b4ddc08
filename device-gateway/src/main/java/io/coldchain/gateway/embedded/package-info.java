/**
 * In-process PostgreSQL and MQTT 5 broker for the zero-install embedded mode and for tests on
 * machines without the real services. Their libraries are optional dependencies: a process that
 * uses these classes declares them itself.
 */
package io.coldchain.gateway.embedded;
