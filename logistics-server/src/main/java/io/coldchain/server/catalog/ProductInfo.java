package io.coldchain.server.catalog;

import io.coldchain.gateway.contract.TemperatureZone;

/** What orders need to know of a product: its zone and size per unit. */
public record ProductInfo(String id, String name, TemperatureZone zone, double volumeLitres, double weightKg) {}
