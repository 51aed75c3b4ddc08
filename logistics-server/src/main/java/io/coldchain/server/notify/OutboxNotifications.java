package io.coldchain.server.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The notification port of this version: an outbox row and a log line, without the secret. */
@Component
class OutboxNotifications implements NotificationPort {

    private static final Logger log = LoggerFactory.getLogger(OutboxNotifications.class);

    private final JdbcClient jdbc;

    OutboxNotifications(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void send(Notification n) {
        jdbc.sql(
                        """
                        insert into notification (resident_id, role, kind, order_id, alert_id, message)
                        values (?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        n.residentId(),
                        n.role() == null ? null : n.role().name(),
                        n.kind(),
                        n.orderId(),
                        n.alertId(),
                        n.message())
                .update();
        log.info(
                "Notification {} to {}: {}",
                n.kind(),
                n.residentId() != null ? "resident " + n.residentId() : "role " + n.role(),
                n.message());
    }
}
