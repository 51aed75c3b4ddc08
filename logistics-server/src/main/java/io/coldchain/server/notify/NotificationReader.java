package io.coldchain.server.notify;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads the outbox: what a resident or a role was told. */
@Component
public class NotificationReader {

    /** A notification as stored. */
    public record Sent(long id, String kind, Long orderId, String alertId, String message, Instant at) {}

    private final JdbcClient jdbc;

    NotificationReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Sent> forResident(long residentId, int limit) {
        return jdbc.sql(
                        """
                        select id, kind, order_id, alert_id, message, created_at from notification
                        where resident_id = ? order by id desc limit ?
                        """)
                .params(residentId, limit)
                .query((rs, n) -> new Sent(
                        rs.getLong(1),
                        rs.getString(2),
                        (Long) rs.getObject(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant()))
                .list();
    }

    public List<Sent> forRole(String role, int limit) {
        return jdbc.sql(
                        """
                        select id, kind, order_id, alert_id, message, created_at from notification
                        where role = ? order by id desc limit ?
                        """)
                .params(role, limit)
                .query((rs, n) -> new Sent(
                        rs.getLong(1),
                        rs.getString(2),
                        (Long) rs.getObject(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant()))
                .list();
    }
}
