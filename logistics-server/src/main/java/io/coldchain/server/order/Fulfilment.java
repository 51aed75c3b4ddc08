package io.coldchain.server.order;

/** How the resident collects: from a locker compartment or at a store counter. */
public enum Fulfilment {
    LOCKER,
    STORE
}
