package io.coldchain.server.assignment;

import java.time.Instant;
import java.util.List;

/**
 * One assignment run and what it did.
 *
 * @param toLocker orders given a locker bank and compartments
 * @param toStore orders given a store for counter pickup (including fallbacks)
 * @param storeFallbacks LOCKER orders sent to store pickup because no compartment was free
 * @param leftPlaced orders that stay PLACED; {@code unplaced} says why
 * @param travelSeconds total road time from the residents' homes to their pickup points
 */
public record AssignmentRunResponse(
        long id,
        String trigger,
        String requestedBy,
        String status,
        Instant startedAt,
        Instant finishedAt,
        int ordersConsidered,
        int toLocker,
        int toStore,
        int storeFallbacks,
        int leftPlaced,
        int parcelsReserved,
        double travelSeconds,
        String error,
        List<Unplaced> unplaced) {

    public record Unplaced(long orderId, String reason) {}
}
