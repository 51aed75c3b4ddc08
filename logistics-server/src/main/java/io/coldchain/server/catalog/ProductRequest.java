package io.coldchain.server.catalog;

import io.coldchain.gateway.contract.TemperatureZone;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;

/** A product as created or updated; {@code version} is required on update. */
public record ProductRequest(
        @NotBlank
                @Pattern(
                        regexp = "[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}",
                        message = "must be 1-64 letters, digits, '_', '.', ':' or '-'")
                String id,
        @NotBlank String name,
        @NotNull TemperatureZone temperatureClass,
        @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
                BigDecimal volumeLitres,
        @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0") BigDecimal weightKg,
        @NotNull @Valid ShelfLife shelfLife,
        Long version) {}
