package io.coldchain.server.quality;

import io.coldchain.gateway.contract.AlertType;
import io.coldchain.gateway.contract.TemperatureZone;
import java.time.Instant;
import java.util.List;

/** Alerts as quality staff see them. */
public final class AlertView {

    private AlertView() {}

    /**
     * An alert in a list.
     *
     * @param status OPEN, ACKNOWLEDGED or RESOLVED (staff's view; {@code gatewayState} is the excursion's)
     * @param affectedOrders how many orders its excursion touched
     */
    public record Summary(
            String alertId,
            AlertType type,
            String assetId,
            TemperatureZone zone,
            String deviceId,
            String probe,
            Instant startedAt,
            Instant endedAt,
            Double peakC,
            double degreeMinutes,
            String status,
            boolean escalated,
            String gatewayState,
            Long fromSeq,
            Long toSeq,
            int affectedOrders) {}

    /** What happened to an alert, who did it and when. */
    public record HistoryEntry(String kind, String actor, Instant at, String comment) {}

    /**
     * An order the alert touched.
     *
     * @param from when its first touched parcel's stay in the asset began
     * @param to when it ended (null: still there)
     * @param held whether this alert holds it
     * @param disposition what quality decided, once resolved
     */
    public record AffectedOrder(
            long orderId,
            List<Long> parcelIds,
            String state,
            Instant from,
            Instant to,
            boolean held,
            String disposition) {}

    /** An alert with its history and the orders it touched. */
    public record Detail(
            String alertId,
            AlertType type,
            String assetId,
            TemperatureZone zone,
            String deviceId,
            String probe,
            Instant startedAt,
            Instant endedAt,
            Double peakC,
            double degreeMinutes,
            String status,
            boolean escalated,
            String gatewayState,
            Long fromSeq,
            Long toSeq,
            List<HistoryEntry> history,
            List<AffectedOrder> affectedOrders) {}
}
