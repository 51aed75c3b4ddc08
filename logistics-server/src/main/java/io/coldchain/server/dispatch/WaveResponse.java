package io.coldchain.server.dispatch;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A wave: while PLANNING its live progress, once PLANNED its routes and what could not be served.
 *
 * @param shiftStart the earliest departure: the shift's start, or for a wave planned during its own
 *     day the planning time plus the loading time
 * @param progress the search: while PLANNING its best so far (updated a few times a second), once
 *     planned how it ended; null before it starts and for a wave with nothing to plan
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

    /**
     * @param stopReason null while searching; then converged (no better plan for a while), trivial
     *     (nothing to choose), time limit or cancelled
     */
    public record Progress(
            long iterations,
            Integer vehicles,
            Double driveSeconds,
            Integer unservedStops,
            double elapsedSeconds,
            Double sinceImprovementSeconds,
            String stopReason) {

        static Progress of(io.coldchain.routing.vrp.SolverMonitor.Progress p) {
            return new Progress(
                    p.iterations(),
                    p.vehicles(),
                    p.cost(),
                    p.unassigned(),
                    p.elapsed().toMillis() / 1000.0,
                    p.sinceImprovement().toMillis() / 1000.0,
                    p.stopReason());
        }
    }

    /** A parcel no route could take, and why. */
    public record Unserved(long parcelId, long orderId, String lockerBankId, String reason) {}
}
