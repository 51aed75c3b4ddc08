package io.coldchain.server.notify;

/** Where notifications go. Implementations must not store or log {@link Notification#secret()}. */
public interface NotificationPort {
    void send(Notification notification);
}
