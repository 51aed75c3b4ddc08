package io.coldchain.server.network;

/** Compartment sizes, smallest first: a parcel fits its own size and every larger one. */
public enum CompartmentSize {
    S,
    M,
    L,
    XL
}
