package io.coldchain.gateway.contract;

/** What an alert is about. */
public enum AlertType {
    TEMPERATURE_HIGH,
    TEMPERATURE_LOW,
    DOOR_OPEN,
    PROBE_SILENT,
    BATTERY_LOW,
    /**
     * Readings of the device are missing ({@code fromSeq}..{@code toSeq}) and did not arrive within
     * the gap timeout: the record of that probe between {@code startedAt} and {@code endedAt} is
     * incomplete. CLEARED when the device uploads them again (after a RESEND).
     */
    DATA_GAP
}
