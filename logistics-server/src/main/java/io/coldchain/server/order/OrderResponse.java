package io.coldchain.server.order;

import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.server.network.CompartmentSize;
import java.time.Instant;
import java.util.List;

/**
 * An order with its lines, parcels and history.
 *
 * @param pickupMode how it will actually be collected, once assigned (LOCKER, or STORE after a fallback)
 * @param note why it is still PLACED (set by the last assignment run that could not place it)
 */
public record OrderResponse(
        long id,
        long residentId,
        OrderState state,
        Fulfilment fulfilment,
        Fulfilment pickupMode,
        String preferredLockerBankId,
        String preferredStoreId,
        boolean allowStoreFallback,
        Instant slotStart,
        Instant slotEnd,
        String storeId,
        String lockerBankId,
        String note,
        List<Line> lines,
        List<Parcel> parcels,
        List<Transition> history,
        long version,
        Instant placedAt,
        Instant updatedAt) {

    public record Line(String productId, int quantity) {}

    /** @param compartment the compartment code it holds, if any */
    public record Parcel(
            long id,
            TemperatureZone zone,
            CompartmentSize size,
            double volumeLitres,
            double weightKg,
            String compartment,
            Long routeStopId,
            Instant deliveredAt) {}

    public record Transition(OrderState from, OrderState to, String actor, Instant at, String reason) {}
}
