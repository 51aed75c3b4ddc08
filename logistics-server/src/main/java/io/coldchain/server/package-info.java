/**
 * The logistics server, packaged by feature: {@code network} (stores, locker banks, vehicles,
 * devices), {@code resident}, {@code security}, {@code web} (problem details), {@code mqtt} (the
 * broker connection), {@code embedded} (the zero-install mode) and {@code demo} (the demo city).
 */
package io.coldchain.server;
