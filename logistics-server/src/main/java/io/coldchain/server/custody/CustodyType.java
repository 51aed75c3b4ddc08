package io.coldchain.server.custody;

/** The critical tracking events of a parcel. */
public enum CustodyType {
    /** Taken off the shelf at the store (asset: the store). */
    PICKED_AT_STORE,
    /** Put into a vehicle compartment (asset: {@code VH-02/CHILLED}). */
    LOADED,
    /** Put into a locker compartment (asset: the locker zone, {@code LB-0007/CHILLED}, and the compartment). */
    DROPPED,
    /** Taken out by the resident (the chain ends). */
    COLLECTED,
    /** Taken back to the store (asset: the store). */
    RETURNED,
    /** Thrown away (the chain ends). */
    DISCARDED;

    /** Whether after this event the parcel sits in a monitored asset (a vehicle or locker zone). */
    public boolean monitored() {
        return this == LOADED || this == DROPPED;
    }

    /** Whether the chain ends here. */
    public boolean terminal() {
        return this == COLLECTED || this == DISCARDED;
    }
}
