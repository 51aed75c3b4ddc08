package io.coldchain.server.network;

import java.time.Instant;
import java.util.List;

public record VehicleResponse(
        String id,
        String name,
        VehicleKind kind,
        String homeStoreId,
        List<VehicleCompartment> compartments,
        long version,
        Instant updatedAt) {}
