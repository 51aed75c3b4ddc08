/**
 * Cold-chain rules as pure functions of readings in event time: zone profiles with per-asset
 * overrides, excursions that open after a duration outside the alert band and clear only with
 * hysteresis, door-open and battery alerts, and the reconciliation of a probe's excursions with the
 * alert events already emitted. No I/O here: tests need no infrastructure.
 */
package io.coldchain.gateway.rules;
