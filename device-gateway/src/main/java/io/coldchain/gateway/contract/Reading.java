package io.coldchain.gateway.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * One sensor reading as a device sends it on {@code devices/{deviceId}/telemetry}.
 *
 * @param seq rises by one per reading per device; (deviceId, seq) makes redelivery idempotent
 * @param ts the device's clock: the event time every rule uses
 * @param probe which sensor of the device
 * @param doorOpen, batteryPct, lat, lon optional (null when absent)
 */
public record Reading(
        String deviceId,
        long seq,
        Instant ts,
        String probe,
        double tempC,
        Boolean doorOpen,
        Integer batteryPct,
        Double lat,
        Double lon) {

    public Reading {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(probe, "probe");
    }
}
