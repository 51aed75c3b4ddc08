package io.coldchain.gateway.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An alert event on {@code events/alerts}. The same {@code alertId} runs through one excursion.
 *
 * @param startedAt event time of the first reading outside the band; for a DATA_GAP the time of the
 *     last reading before the missing ones
 * @param endedAt set when CLEARED: event time the readings came back (and stayed) inside; for a
 *     DATA_GAP set from the start: the time of the first reading after the missing ones
 * @param peakC the worst temperature of the excursion (null for non-temperature alerts)
 * @param degreeMinutes the area outside the alert band, in degree-minutes
 * @param ts the event time this event was decided at
 * @param fromSeq for a DATA_GAP, the first missing seq of the device (absent otherwise)
 * @param toSeq for a DATA_GAP, the last missing seq (absent otherwise)
 */
public record AlertEvent(
        String alertId,
        AlertState state,
        AlertType type,
        String deviceId,
        String probe,
        String assetId,
        TemperatureZone zone,
        Instant startedAt,
        Instant endedAt,
        Double peakC,
        double degreeMinutes,
        Instant ts,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long fromSeq,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long toSeq) {

    /** An event that is not about a data gap. */
    public AlertEvent(
            String alertId,
            AlertState state,
            AlertType type,
            String deviceId,
            String probe,
            String assetId,
            TemperatureZone zone,
            Instant startedAt,
            Instant endedAt,
            Double peakC,
            double degreeMinutes,
            Instant ts) {
        this(
                alertId,
                state,
                type,
                deviceId,
                probe,
                assetId,
                zone,
                startedAt,
                endedAt,
                peakC,
                degreeMinutes,
                ts,
                null,
                null);
    }
}
