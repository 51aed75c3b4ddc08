package io.coldchain.gateway.contract;

import java.time.Instant;

/**
 * An alert event on {@code events/alerts}. The same {@code alertId} runs through one excursion.
 *
 * @param startedAt event time of the first reading outside the band
 * @param endedAt set when CLEARED: event time the readings came back (and stayed) inside
 * @param peakC the worst temperature of the excursion (null for non-temperature alerts)
 * @param degreeMinutes the area outside the alert band, in degree-minutes
 * @param ts the event time this event was decided at
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
        Instant ts) {}
