package io.coldchain.gateway.contract;

/** Where an alert is in its life: raised once, updated while open, cleared once. */
public enum AlertState {
    RAISED,
    UPDATED,
    CLEARED
}
