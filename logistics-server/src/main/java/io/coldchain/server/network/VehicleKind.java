package io.coldchain.server.network;

/** The kinds of delivery vehicle. */
public enum VehicleKind {
    REFRIGERATED_VAN,
    E_TRIKE_COOLBOX
}
