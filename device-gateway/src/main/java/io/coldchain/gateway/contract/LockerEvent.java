package io.coldchain.gateway.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An event from a locker bank on {@code lockers/{lockerBankId}/events}: a command's answer
 * ({@code OPENED}, {@code CLOSED}, {@code FAILED}, with its {@code commandId} and compartment), or a
 * keypad entry ({@code CODE_ENTERED} with {@code code}) or scan ({@code QR_SCANNED} with {@code
 * qrToken}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LockerEvent(
        String commandId, String type, String compartment, Instant ts, String code, String qrToken, String reason) {

    public static final String OPENED = "OPENED";
    public static final String CLOSED = "CLOSED";
    public static final String FAILED = "FAILED";
    public static final String CODE_ENTERED = "CODE_ENTERED";
    public static final String QR_SCANNED = "QR_SCANNED";

    public static LockerEvent answer(String commandId, String type, String compartment, Instant ts) {
        return new LockerEvent(commandId, type, compartment, ts, null, null, null);
    }

    public static LockerEvent codeEntered(String code, Instant ts) {
        return new LockerEvent(null, CODE_ENTERED, null, ts, code, null, null);
    }

    public static LockerEvent qrScanned(String qrToken, Instant ts) {
        return new LockerEvent(null, QR_SCANNED, null, ts, null, qrToken, null);
    }
}
