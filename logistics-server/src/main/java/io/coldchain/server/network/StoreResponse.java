package io.coldchain.server.network;

import java.time.Instant;

public record StoreResponse(
        String id, String name, String address, Location location, long version, Instant updatedAt) {}
