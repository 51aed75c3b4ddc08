/**
 * The custody chain: every hand-off of every parcel (picked at the store, loaded into a vehicle
 * compartment, dropped into a locker compartment, collected, returned, discarded) as an event, with
 * the stays it implies (a parcel is in an asset from the event that put it there to the next).
 * Dispatch and lockers record hand-offs in the same transaction as the state change that causes
 * them; quality listens ({@link io.coldchain.server.custody.ParcelsHandedOver}) and holds.
 */
package io.coldchain.server.custody;
