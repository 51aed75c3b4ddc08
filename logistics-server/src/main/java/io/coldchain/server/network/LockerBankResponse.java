package io.coldchain.server.network;

import java.time.Instant;
import java.util.List;

/** @param online whether the bank says it is online (its retained status) */
public record LockerBankResponse(
        String id,
        String name,
        String address,
        Location location,
        String storeId,
        boolean alwaysOpen,
        List<OpeningHours> openingHours,
        List<CompartmentResponse> compartments,
        boolean online,
        long version,
        Instant updatedAt) {}
