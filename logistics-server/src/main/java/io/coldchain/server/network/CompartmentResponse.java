package io.coldchain.server.network;

import io.coldchain.gateway.contract.TemperatureZone;

public record CompartmentResponse(String code, CompartmentSize size, TemperatureZone zone, CompartmentStatus status) {}
