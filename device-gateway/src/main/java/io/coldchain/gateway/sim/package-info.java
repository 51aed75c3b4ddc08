/**
 * A device simulator: refrigerated locker banks (a probe per zone) and vehicles (a probe per
 * compartment, with GPS) that publish realistic readings over the MQTT contract: compressor
 * cycling, door openings, defrost cycles, store-and-forward gaps and scripted excursions.
 */
package io.coldchain.gateway.sim;
