package io.coldchain.gateway.rules;

import io.coldchain.gateway.contract.AlertType;
import java.time.Instant;

/**
 * An alert-worthy episode found in a probe's readings.
 *
 * @param raisedAt event time the alert condition was met (duration reached)
 * @param endedAt event time readings came back inside and stayed; null while open
 * @param clearedAt event time the clearing was decided (after the clearing duration); null while open
 * @param lastTs the latest reading taken into account
 */
public record Excursion(
        AlertType type,
        Instant startedAt,
        Instant raisedAt,
        Instant endedAt,
        Instant clearedAt,
        Double peakC,
        double degreeMinutes,
        Instant lastTs) {

    public boolean open() {
        return endedAt == null;
    }
}
