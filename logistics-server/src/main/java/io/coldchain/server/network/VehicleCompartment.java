package io.coldchain.server.network;

import io.coldchain.gateway.contract.TemperatureZone;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;

/** A vehicle's compartment for one temperature zone, with its capacity. */
@Embeddable
public record VehicleCompartment(
        @NotNull @Enumerated(EnumType.STRING) TemperatureZone zone,
        @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
                BigDecimal capacityLitres,
        @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
                BigDecimal capacityKg) {}
