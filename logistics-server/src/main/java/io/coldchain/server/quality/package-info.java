/**
 * Quality: the alerts the gateways raise, consumed and kept with their history; holds on exactly
 * the orders whose parcels an excursion touched (from the custody stays); acknowledgement,
 * escalation and resolution with a disposition per order; each order's cold-chain report (MKT,
 * time outside, Q10 shelf life); the traceability export and daily compliance.
 */
package io.coldchain.server.quality;
