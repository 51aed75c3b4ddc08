/**
 * The ingestion pipeline, in the order a message goes through it: decode and validate, dead-letter
 * what is rejected, de-duplicate and store, sequence per device, judge per probe, emit alert
 * events, and only then acknowledge the MQTT message.
 */
package io.coldchain.gateway.ingest;
