package io.coldchain.gateway.contract;

import java.time.Instant;

/**
 * A command to a locker bank on {@code lockers/{lockerBankId}/commands}: {@code OPEN} one
 * compartment before {@code expiresAt} (a late command is not carried out), answered with the same
 * {@code commandId} on the bank's events.
 */
public record LockerCommand(String commandId, String type, String compartment, Instant expiresAt) {

    public static final String OPEN = "OPEN";

    public static LockerCommand open(String commandId, String compartment, Instant expiresAt) {
        return new LockerCommand(commandId, OPEN, compartment, expiresAt);
    }
}
