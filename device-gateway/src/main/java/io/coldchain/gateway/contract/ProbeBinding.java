package io.coldchain.gateway.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * What one probe of a device measures, and the threshold overrides for that asset. Absent overrides
 * (null) mean the zone's defaults.
 *
 * @param assetId the measured asset, e.g. {@code LB-0007/CHILLED}
 * @param alertAboveC alert when above this temperature for {@code forS} seconds
 * @param alertBelowC alert when below this temperature for {@code forS} seconds
 * @param forS how long readings must stay outside before an excursion opens
 * @param clearS how long readings must be back inside (by the hysteresis margin) before it clears;
 *     absent: 5 minutes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeBinding(
        String assetId,
        AssetKind assetKind,
        TemperatureZone zone,
        Double alertAboveC,
        Double alertBelowC,
        Integer forS,
        Integer clearS) {

    public ProbeBinding {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(assetKind, "assetKind");
        Objects.requireNonNull(zone, "zone");
        if (alertAboveC != null && alertBelowC != null && alertBelowC >= alertAboveC) {
            throw new IllegalArgumentException("alertBelowC must be below alertAboveC");
        }
        if (forS != null && forS < 0) {
            throw new IllegalArgumentException("forS must not be negative");
        }
        if (clearS != null && clearS < 0) {
            throw new IllegalArgumentException("clearS must not be negative");
        }
    }

    /** A binding with the default clearing duration. */
    public ProbeBinding(
            String assetId,
            AssetKind assetKind,
            TemperatureZone zone,
            Double alertAboveC,
            Double alertBelowC,
            Integer forS) {
        this(assetId, assetKind, zone, alertAboveC, alertBelowC, forS, null);
    }
}
