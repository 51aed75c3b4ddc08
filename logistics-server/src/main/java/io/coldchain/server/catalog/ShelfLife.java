package io.coldchain.server.catalog;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;

/**
 * How long a product keeps: {@code days} at {@code referenceTempC}; every 10 C warmer divides the
 * remaining life by {@code q10} (and colder multiplies it), which quality uses after an excursion.
 */
public record ShelfLife(
        @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0") BigDecimal days,
        @NotNull Double referenceTempC,
        @NotNull @DecimalMin(value = "1", message = "must be at least 1") Double q10) {}
