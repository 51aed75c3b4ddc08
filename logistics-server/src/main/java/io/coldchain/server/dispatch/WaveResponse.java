package io.coldchain.server.dispatch;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A wave: while PLANNING its live progress, once PLANNED its routes and what could not be served.
 *
 * @param progress the solver's best so far while planning; null otherwise
 */
public record WaveResponse(
        long id,
        LocalDate deliveryDate,
        List<String> storeIds,
        String status,
        String createdBy,
        Instant createdAt,
        Instant finishedAt,
        int timeLimitSeconds,
        Instant shiftStart,
        Instant shiftEnd,
        Progress progress,
        Integer vehicles,
        Double driveSeconds,
        Double distanceMetres,
        Integer parcelsPlanned,
        Integer parcelsUnserved,
        String note,
        List<Long> routeIds,
        List<Unserved> unserved) {

    public record Progress(long iterations, int vehicles, double driveSeconds, int unservedStops) {}

    /** A parcel no route could take, and why. */
    public record Unserved(long parcelId, long orderId, String lockerBankId, String reason) {}
}
