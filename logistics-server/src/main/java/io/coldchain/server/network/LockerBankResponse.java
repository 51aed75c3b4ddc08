package io.coldchain.server.network;

import java.time.Instant;
import java.util.List;

public record LockerBankResponse(
        String id,
        String name,
        String address,
        Location location,
        String storeId,
        boolean alwaysOpen,
        List<OpeningHours> openingHours,
        List<CompartmentResponse> compartments,
        long version,
        Instant updatedAt) {}
