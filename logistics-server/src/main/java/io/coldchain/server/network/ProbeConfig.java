package io.coldchain.server.network;

import io.coldchain.gateway.contract.AssetKind;
import io.coldchain.gateway.contract.ProbeBinding;
import io.coldchain.gateway.contract.TemperatureZone;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/**
 * What one probe of a device measures: a zone of a locker bank or a compartment of a vehicle
 * ({@code ownerId}), with optional threshold overrides.
 */
@Embeddable
record ProbeConfig(
        @Enumerated(EnumType.STRING) @Column(name = "asset_kind") AssetKind assetKind,
        @Column(name = "owner_id") String ownerId,
        @Enumerated(EnumType.STRING) TemperatureZone zone,
        @Column(name = "alert_above_c") Double alertAboveC,
        @Column(name = "alert_below_c") Double alertBelowC,
        @Column(name = "for_s") Integer forS,
        @Column(name = "clear_s") Integer clearS) {

    /** The asset id of the contract, e.g. {@code LB-0007/CHILLED}. */
    String assetId() {
        return ownerId + "/" + zone.name();
    }

    ProbeBinding toBinding() {
        return new ProbeBinding(assetId(), assetKind, zone, alertAboveC, alertBelowC, forS, clearS);
    }
}
