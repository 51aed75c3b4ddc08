package io.coldchain.server.quality;

/**
 * Published when quality disposes of a held order (in the same transaction): the lockers feature
 * takes a DISCARD or RETURN_TO_STORE order's parcels out of their compartments.
 */
public record OrderDisposed(long orderId, ResolveRequest.Action action, String alertId, String actor) {}
