package io.coldchain.gateway.contract;

/** What a probe measures: one temperature zone of a locker bank, or one compartment of a vehicle. */
public enum AssetKind {
    LOCKER_ZONE,
    VEHICLE_COMPARTMENT
}
