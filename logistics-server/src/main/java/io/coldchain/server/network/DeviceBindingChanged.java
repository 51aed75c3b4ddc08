package io.coldchain.server.network;

/**
 * A device's binding was created, changed ({@code removed == false}) or the device deleted
 * ({@code removed == true}). Published inside the transaction; acted on after commit.
 */
public record DeviceBindingChanged(String deviceId, boolean removed) {}
