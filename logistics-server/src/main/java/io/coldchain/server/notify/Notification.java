package io.coldchain.server.notify;

import io.coldchain.server.security.Role;
import java.util.Objects;

/**
 * A message to a resident or to everyone in a role.
 *
 * @param kind what it is about, e.g. {@code PICKUP_READY}, {@code ALERT_ESCALATED}
 * @param message what the recipient reads; never holds a secret
 * @param secret what a real channel (SMS, push) would deliver besides, such as the pickup code;
 *     never stored, never logged
 */
public record Notification(
        Long residentId, Role role, String kind, Long orderId, String alertId, String message, String secret) {

    public Notification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        if ((residentId == null) == (role == null)) {
            throw new IllegalArgumentException("a notification goes to a resident or to a role");
        }
    }

    public static Notification toResident(long residentId, String kind, Long orderId, String message, String secret) {
        return new Notification(residentId, null, kind, orderId, null, message, secret);
    }

    public static Notification toRole(Role role, String kind, Long orderId, String alertId, String message) {
        return new Notification(null, role, kind, orderId, alertId, message, null);
    }
}
