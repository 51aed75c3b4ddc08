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
 * @param avoided locker zones this run sent no parcels to because a cold-chain alert is open there
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
        List<Unplaced> unplaced,
        List<Avoided> avoided) {

    public record Unplaced(long orderId, String reason) {}

    /** A bank's zone under an open temperature alert: fresh goods go elsewhere until it clears. */
    public record Avoided(String lockerBankId, String zone, String alertId, String type, Instant since) {}
}
