package io.coldchain.server.order;

import java.time.Instant;

/** An order in a list. */
public record OrderSummary(
        long id,
        long residentId,
        OrderState state,
        Fulfilment fulfilment,
        Fulfilment pickupMode,
        Instant slotStart,
        Instant slotEnd,
        String storeId,
        String lockerBankId,
        String note,
        int parcels,
        Instant placedAt) {}
