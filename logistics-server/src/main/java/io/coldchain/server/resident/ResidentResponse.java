package io.coldchain.server.resident;

import io.coldchain.server.network.Location;

public record ResidentResponse(
        Long id, String displayName, String address, Location location, String preferredLockerBankId, long version) {}
