package io.coldchain.server.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An order as a resident (or staff on their behalf) places it.
 *
 * @param residentId whose order; residents leave it out (it is theirs), staff must give it
 * @param lockerBankId for LOCKER: the bank to collect from; absent: the resident's preferred bank,
 *     else the nearest suitable one to their address
 * @param storeId for STORE: the store to collect at; absent: the nearest that has the goods
 * @param allowStoreFallback for LOCKER: collect at the store when no compartment is free
 * @param pickupDate the day to collect (the day's standard slot), or
 * @param pickupSlot an exact slot; give one of the two
 */
public record PlaceOrderRequest(
        Long residentId,
        @NotNull Fulfilment fulfilment,
        String lockerBankId,
        String storeId,
        Boolean allowStoreFallback,
        LocalDate pickupDate,
        @Valid Slot pickupSlot,
        @NotEmpty @Size(max = MAX_LINES) @Valid List<Line> lines) {

    /** Most lines one order may have (a shop basket, not a warehouse transfer). */
    public static final int MAX_LINES = 200;

    /** A product and how many units of it. */
    public record Line(@NotBlank @Size(max = 64) String productId, @NotNull @Positive @Max(999) Integer quantity) {}

    /** When the resident will collect. */
    public record Slot(@NotNull Instant start, @NotNull Instant end) {}
}
