package io.coldchain.gateway.contract;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A device's binding as published retained on {@code config/devices/{deviceId}}: for each probe the
 * asset it measures. Probes are kept sorted by name so the published JSON is stable.
 */
public record DeviceBinding(String deviceId, int reportingIntervalS, Map<String, ProbeBinding> probes) {

    public DeviceBinding {
        if (!Topics.isValidId(deviceId)) {
            throw new IllegalArgumentException("invalid deviceId: '" + deviceId + "'");
        }
        if (reportingIntervalS <= 0) {
            throw new IllegalArgumentException("reportingIntervalS must be positive");
        }
        Objects.requireNonNull(probes, "probes");
        probes = java.util.Collections.unmodifiableMap(new TreeMap<>(probes));
    }
}
