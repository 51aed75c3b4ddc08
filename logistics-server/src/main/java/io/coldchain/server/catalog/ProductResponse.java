package io.coldchain.server.catalog;

import io.coldchain.gateway.contract.TemperatureZone;
import java.math.BigDecimal;
import java.time.Instant;

/** A product as the API shows it. */
public record ProductResponse(
        String id,
        String name,
        TemperatureZone temperatureClass,
        BigDecimal volumeLitres,
        BigDecimal weightKg,
        ShelfLife shelfLife,
        long version,
        Instant updatedAt) {}
