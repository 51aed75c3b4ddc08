package io.coldchain.gateway.contract;

/** What an alert is about. */
public enum AlertType {
    TEMPERATURE_HIGH,
    TEMPERATURE_LOW,
    DOOR_OPEN,
    PROBE_SILENT,
    BATTERY_LOW
}
