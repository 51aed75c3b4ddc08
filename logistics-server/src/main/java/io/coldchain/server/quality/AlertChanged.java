package io.coldchain.server.quality;

/**
 * Something happened to an alert (raised, updated, cleared, acknowledged, escalated, resolved,
 * reopened); {@code kind} is the history entry's kind. Published in the transaction that wrote it.
 */
public record AlertChanged(String alertId, String kind) {}
