package io.coldchain.server.custody;

import java.time.Instant;
import java.util.Objects;

/**
 * One hand-off of one parcel.
 *
 * @param assetId where the parcel is after it: a store, a vehicle compartment, a locker zone (null
 *     when it leaves the chain: collected, discarded)
 * @param compartment the locker compartment code, for DROPPED
 * @param holder who has it now: a store, a courier, a bank, a resident, a user name
 * @param reference the document behind it: a route, a pickup, an alert's disposition
 */
public record Handoff(
        long parcelId,
        long orderId,
        CustodyType type,
        String assetId,
        String compartment,
        String holder,
        Instant at,
        String reference) {

    public Handoff {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(at, "at");
    }
}
