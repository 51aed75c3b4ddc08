package io.coldchain.server.catalog;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;

/** A lot received at a store. */
public record LotRequest(
        @NotBlank @Size(max = 64) String productId,
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._/-]+", message = "letters, digits and . _ / - only")
                String lotCode,
        @NotNull @Positive @Max(1_000_000) Integer quantity,
        @NotNull LocalDate bestBefore) {}
