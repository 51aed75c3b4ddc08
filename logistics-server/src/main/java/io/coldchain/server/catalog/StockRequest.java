package io.coldchain.server.catalog;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Sets how many units a store has on hand (after a delivery or a count). */
public record StockRequest(@NotNull @Min(0) Integer onHand) {}
