package io.coldchain.server.network;

import io.coldchain.gateway.contract.ProbeBinding;
import java.time.Instant;
import java.util.Map;

public record DeviceResponse(
        String id, int reportingIntervalS, Map<String, ProbeBinding> probes, long version, Instant updatedAt) {}
