package io.coldchain.server.network;

import io.coldchain.gateway.contract.TemperatureZone;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A compartment of a locker bank, by its code on the bank (e.g. {@code A07}). */
public record CompartmentRequest(
        @NotNull @Pattern(regexp = "[A-Za-z0-9-]{1,16}", message = "must be 1-16 letters, digits or '-'") String code,
        @NotNull CompartmentSize size,
        @NotNull TemperatureZone zone) {}
