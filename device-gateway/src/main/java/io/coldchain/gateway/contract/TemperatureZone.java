package io.coldchain.gateway.contract;

/** The temperature zones of the contract: what a compartment keeps and what its probe is judged against. */
public enum TemperatureZone {
    FROZEN,
    CHILLED,
    COOL,
    AMBIENT
}
