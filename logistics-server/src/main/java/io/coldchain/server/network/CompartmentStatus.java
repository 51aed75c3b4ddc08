package io.coldchain.server.network;

/**
 * A compartment's status. AVAILABLE and OUT_OF_SERVICE are set by staff; RESERVED and OCCUPIED by
 * the assignment and pickup flows.
 */
public enum CompartmentStatus {
    AVAILABLE,
    RESERVED,
    OCCUPIED,
    OUT_OF_SERVICE;

    boolean holdsParcel() {
        return this == RESERVED || this == OCCUPIED;
    }
}
