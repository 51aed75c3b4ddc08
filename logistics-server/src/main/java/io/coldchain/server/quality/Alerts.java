package io.coldchain.server.quality;

import io.coldchain.gateway.contract.AlertEvent;
import io.coldchain.gateway.contract.AlertState;
import io.coldchain.gateway.contract.AlertType;
import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.custody.Handoff;
import io.coldchain.server.custody.ParcelsHandedOver;
import io.coldchain.server.notify.Notification;
import io.coldchain.server.notify.NotificationPort;
import io.coldchain.server.security.Role;
import io.coldchain.server.web.InvalidFieldException;
import io.coldchain.server.web.NotFoundException;
import io.coldchain.server.web.ProblemException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Alerts as the server keeps them: applied from the gateways' events (each alertId and state once,
 * a stale update after CLEARED ignored), the parcels each touched found from the custody stays
 * (again on every update, and whenever a parcel enters an asset under an open alert), holds per
 * the hold policy, acknowledgement, escalation and resolution with a disposition per order.
 */
@Service
@Transactional
public class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    static final String ALERT_RESOLVED = "alert-resolved";

    private final JdbcClient jdbc;
    private final Holds holds;
    private final HoldPolicy policy;
    private final NotificationPort notifications;
    private final Duration escalateAfter;
    private final org.springframework.context.ApplicationEventPublisher events;

    Alerts(
            JdbcClient jdbc,
            Holds holds,
            HoldPolicy policy,
            NotificationPort notifications,
            ColdchainProperties properties,
            org.springframework.context.ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
        this.holds = holds;
        this.policy = policy;
        this.notifications = notifications;
        this.escalateAfter = properties.quality().escalateAfter();
    }

    /** The stored alert row, locked. */
    private record Row(
            String alertId,
            AlertType type,
            String assetId,
            TemperatureZone zone,
            Instant startedAt,
            Instant endedAt,
            String gatewayState,
            Instant lastEventTs,
            String status) {}

    // ---- consuming the gateways' events

    /** Applies one alert event; returns false when it changed nothing (seen before, or stale). */
    public boolean apply(AlertEvent e) {
        if (e.alertId() == null || e.state() == null || e.type() == null || e.assetId() == null || e.ts() == null) {
            log.warn("Ignoring an alert event without id, state, type, asset or ts: {}", e);
            return false;
        }
        int fresh = jdbc.sql(
                        "insert into alert_event_seen (alert_id, state, ts) values (?, ?, ?) on conflict do nothing")
                .params(e.alertId(), e.state().name(), Timestamp.from(e.ts()))
                .update();
        if (fresh == 0) {
            return false; // redelivered
        }
        Optional<Row> known = lock(e.alertId());
        if (known.isEmpty()) {
            jdbc.sql(
                            """
                            insert into alert (alert_id, type, device_id, probe, asset_id, zone, started_at, ended_at, peak_c,
                                degree_minutes, from_seq, to_seq, gateway_state, last_event_ts, status)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN')
                            """)
                    .params(
                            e.alertId(),
                            e.type().name(),
                            e.deviceId(),
                            e.probe(),
                            e.assetId(),
                            e.zone() == null ? null : e.zone().name(),
                            Timestamp.from(e.startedAt()),
                            e.endedAt() == null ? null : Timestamp.from(e.endedAt()),
                            e.peakC(),
                            e.degreeMinutes(),
                            e.fromSeq(),
                            e.toSeq(),
                            e.state().name(),
                            Timestamp.from(e.ts()))
                    .update();
            history(e.alertId(), e.state().name(), "gateway", describe(e));
            log.info("Alert {} {} on {} since {}", e.type(), e.state(), e.assetId(), e.startedAt());
        } else {
            Row row = known.get();
            if ("CLEARED".equals(row.gatewayState()) && e.state() != AlertState.CLEARED) {
                return false; // out of order: an update after the clearing changes nothing
            }
            if (e.state() == AlertState.UPDATED && e.ts().isBefore(row.lastEventTs())) {
                return false; // an older update arriving late
            }
            jdbc.sql(
                            """
                            update alert set started_at = ?, ended_at = ?, peak_c = ?, degree_minutes = ?, gateway_state = ?,
                                last_event_ts = greatest(last_event_ts, ?), updated_at = now()
                            where alert_id = ?
                            """)
                    .params(
                            Timestamp.from(e.startedAt()),
                            e.endedAt() == null ? null : Timestamp.from(e.endedAt()),
                            e.peakC(),
                            e.degreeMinutes(),
                            e.state().name(),
                            Timestamp.from(e.ts()),
                            e.alertId())
                    .update();
            if (e.state() != AlertState.UPDATED) {
                history(e.alertId(), e.state().name(), "gateway", describe(e));
            }
        }
        touch(lock(e.alertId()).orElseThrow(), Instant.now());
        return true;
    }

    /** A parcel entered an asset: an open (or not yet cleared) alert there touches it at once. */
    @EventListener
    void parcelsHandedOver(ParcelsHandedOver handed) {
        Set<String> assets = new HashSet<>();
        for (Handoff h : handed.handoffs()) {
            if (h.type().monitored() && h.assetId() != null) {
                assets.add(h.assetId());
            }
        }
        for (String asset : assets) {
            List<String> live = jdbc.sql(
                            "select alert_id from alert where asset_id = ? and (ended_at is null or gateway_state <> 'CLEARED')")
                    .param(asset)
                    .query(String.class)
                    .list();
            for (String id : live) {
                touch(lock(id).orElseThrow(), Instant.now());
            }
        }
    }

    /**
     * Finds the parcels whose stay in the alert's asset overlaps [startedAt, endedAt or now] and
     * were not touched yet; holds their orders per the policy; reopens a resolved alert they add to.
     */
    private void touch(Row alert, Instant now) {
        Instant end = alert.endedAt() != null && "CLEARED".equals(alert.gatewayState()) ? alert.endedAt() : now;
        record Stay(long parcelId, long orderId, Instant from, Instant to, TemperatureZone zone) {}
        List<Stay> stays = jdbc.sql(
                        """
                        select s.parcel_id, s.order_id, min(s.from_at),
                            case when bool_or(s.to_at is null) then null else max(s.to_at) end, p.zone
                        from parcel_stay s join parcel p on p.id = s.parcel_id
                        where s.asset_id = ? and tstzrange(s.from_at, s.to_at, '[]') && tstzrange(?, ?, '[]')
                          and not exists (select 1 from alert_parcel a where a.alert_id = ? and a.parcel_id = s.parcel_id)
                        group by s.parcel_id, s.order_id, p.zone
                        order by s.order_id, s.parcel_id
                        """)
                .params(alert.assetId(), Timestamp.from(alert.startedAt()), Timestamp.from(end), alert.alertId())
                .query((rs, n) -> {
                    Timestamp to = rs.getTimestamp(4);
                    return new Stay(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getTimestamp(3).toInstant(),
                            to == null ? null : to.toInstant(),
                            TemperatureZone.valueOf(rs.getString(5)));
                })
                .list();
        if (stays.isEmpty()) {
            return;
        }
        Set<Long> orders = new HashSet<>();
        int held = 0;
        String why = describeForResident(alert);
        for (Stay stay : stays) {
            boolean hold = policy.holds(alert.zone() != null ? alert.zone() : stay.zone(), alert.type())
                    && holds.hold(stay.orderId(), alert.alertId(), why);
            jdbc.sql(
                            """
                            insert into alert_parcel (alert_id, parcel_id, order_id, stay_from, stay_to, held)
                            values (?, ?, ?, ?, ?, ?)
                            """)
                    .params(
                            alert.alertId(),
                            stay.parcelId(),
                            stay.orderId(),
                            Timestamp.from(stay.from()),
                            stay.to() == null ? null : Timestamp.from(stay.to()),
                            hold)
                    .update();
            orders.add(stay.orderId());
            held += hold ? 1 : 0;
        }
        history(
                alert.alertId(),
                "TOUCHED",
                "system",
                stays.size() + " parcels of " + orders.size() + " orders touched, " + held + " held");
        if ("RESOLVED".equals(alert.status())) {
            jdbc.sql("update alert set status = 'OPEN', updated_at = now() where alert_id = ?")
                    .param(alert.alertId())
                    .update();
            history(alert.alertId(), "REOPENED", "system", "the excursion touched more parcels after it was resolved");
        }
        log.info(
                "Alert {} on {} touched {} parcels of {} orders ({} held)",
                alert.alertId(),
                alert.assetId(),
                stays.size(),
                orders.size(),
                held);
    }

    // ---- staff

    /** Acknowledges an alert (again: adds the comment). */
    public AlertView.Detail acknowledge(String alertId, String actor, String comment) {
        Row row = lock(alertId).orElseThrow(() -> new NotFoundException("alert", alertId));
        if ("RESOLVED".equals(row.status())) {
            throw new ProblemException(
                    HttpStatus.CONFLICT, ALERT_RESOLVED, "Alert resolved", "alert " + alertId + " is already resolved");
        }
        jdbc.sql("update alert set status = 'ACKNOWLEDGED', updated_at = now() where alert_id = ?")
                .param(alertId)
                .update();
        history(alertId, "ACKNOWLEDGED", actor, comment);
        return detail(alertId);
    }

    /**
     * Resolves an alert with a disposition for every order it touched. All or nothing: an unknown
     * or resolved alert, a disposition for an order the alert did not touch, or one missing, is
     * refused and nothing changes.
     */
    public AlertView.Detail resolve(String alertId, String actor, ResolveRequest request) {
        Row row = lock(alertId).orElseThrow(() -> new NotFoundException("alert", alertId));
        if ("RESOLVED".equals(row.status())) {
            throw new ProblemException(
                    HttpStatus.CONFLICT, ALERT_RESOLVED, "Alert resolved", "alert " + alertId + " is already resolved");
        }
        List<Long> affected = jdbc.sql(
                        "select distinct order_id from alert_parcel where alert_id = ? order by order_id")
                .param(alertId)
                .query(Long.class)
                .list();
        Map<Long, ResolveRequest.Action> decided = new LinkedHashMap<>();
        for (int i = 0; i < request.dispositions().size(); i++) {
            ResolveRequest.Disposition d = request.dispositions().get(i);
            if (!affected.contains(d.orderId())) {
                throw new InvalidFieldException(
                        "dispositions[" + i + "].orderId",
                        "order " + d.orderId() + " was not touched by alert " + alertId);
            }
            if (decided.put(d.orderId(), d.action()) != null) {
                throw new InvalidFieldException(
                        "dispositions[" + i + "].orderId", "order " + d.orderId() + " has two dispositions");
            }
        }
        List<Long> missing =
                affected.stream().filter(o -> !decided.containsKey(o)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidFieldException(
                    "dispositions", "every order the alert touched needs a disposition; missing: " + missing);
        }
        decided.forEach((order, action) -> holds.dispose(order, alertId, action, actor));
        jdbc.sql("update alert set status = 'RESOLVED', updated_at = now() where alert_id = ?")
                .param(alertId)
                .update();
        StringBuilder summary = new StringBuilder(request.comment() == null ? "" : request.comment());
        decided.forEach((order, action) -> summary.append(summary.isEmpty() ? "" : "; ")
                .append("order ")
                .append(order)
                .append(": ")
                .append(action));
        history(alertId, "RESOLVED", actor, summary.toString());
        return detail(alertId);
    }

    /** Escalates alerts left unacknowledged too long; returns how many. */
    public int escalateDue() {
        List<String> due = jdbc.sql(
                        """
                        select alert_id from alert where status = 'OPEN' and not escalated and received_at < ?
                        order by received_at for update skip locked
                        """)
                .param(Timestamp.from(Instant.now().minus(escalateAfter)))
                .query(String.class)
                .list();
        for (String id : due) {
            jdbc.sql("update alert set escalated = true, updated_at = now() where alert_id = ?")
                    .param(id)
                    .update();
            history(id, "ESCALATED", "system", "not acknowledged within " + escalateAfter.toMinutes() + " minutes");
            AlertView.Detail alert = detail(id);
            notifications.send(Notification.toRole(
                    Role.QUALITY,
                    "ALERT_ESCALATED",
                    null,
                    id,
                    alert.type() + " on " + alert.assetId() + " since " + alert.startedAt() + " is not acknowledged ("
                            + alert.affectedOrders().size() + " orders touched)"));
        }
        return due.size();
    }

    // ---- reading

    @Transactional(readOnly = true)
    public List<AlertView.Summary> list(
            String status, AlertType type, String assetId, Instant from, Instant to, int limit) {
        return jdbc.sql(
                        """
                        select a.alert_id, a.type, a.asset_id, a.zone, a.device_id, a.probe, a.started_at, a.ended_at, a.peak_c,
                            a.degree_minutes, a.status, a.escalated, a.gateway_state, a.from_seq, a.to_seq,
                            (select count(distinct order_id) from alert_parcel p where p.alert_id = a.alert_id)
                        from alert a
                        where (?::varchar is null or a.status = ?::varchar) and (?::varchar is null or a.type = ?::varchar)
                          and (?::varchar is null or a.asset_id = ?::varchar)
                          and (?::timestamptz is null or coalesce(a.ended_at, 'infinity') >= ?::timestamptz)
                          and (?::timestamptz is null or a.started_at <= ?::timestamptz)
                        order by a.started_at desc limit ?
                        """)
                .params(
                        status,
                        status,
                        type == null ? null : type.name(),
                        type == null ? null : type.name(),
                        assetId,
                        assetId,
                        ts(from),
                        ts(from),
                        ts(to),
                        ts(to),
                        limit)
                .query((rs, n) -> new AlertView.Summary(
                        rs.getString(1),
                        AlertType.valueOf(rs.getString(2)),
                        rs.getString(3),
                        rs.getString(4) == null ? null : TemperatureZone.valueOf(rs.getString(4)),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getTimestamp(7).toInstant(),
                        instant(rs.getTimestamp(8)),
                        (Double) rs.getObject(9),
                        rs.getDouble(10),
                        rs.getString(11),
                        rs.getBoolean(12),
                        rs.getString(13),
                        (Long) rs.getObject(14),
                        (Long) rs.getObject(15),
                        rs.getInt(16)))
                .list();
    }

    @Transactional(readOnly = true)
    public AlertView.Detail detail(String alertId) {
        List<AlertView.HistoryEntry> history = jdbc.sql(
                        "select kind, actor, at, comment from alert_history where alert_id = ? order by id")
                .param(alertId)
                .query((rs, n) -> new AlertView.HistoryEntry(
                        rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4)))
                .list();
        List<AlertView.AffectedOrder> affected = jdbc.sql(
                        """
                        select a.order_id, array_agg(a.parcel_id order by a.parcel_id), o.state, min(a.stay_from),
                            case when bool_or(a.stay_to is null) then null else max(a.stay_to) end, bool_or(a.held),
                            (select h.disposition from order_hold h where h.order_id = a.order_id and h.alert_id = a.alert_id)
                        from alert_parcel a join customer_order o on o.id = a.order_id
                        where a.alert_id = ? group by a.order_id, o.state, a.alert_id order by a.order_id
                        """)
                .param(alertId)
                .query((rs, n) -> new AlertView.AffectedOrder(
                        rs.getLong(1),
                        List.of((Long[]) rs.getArray(2).getArray()),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        instant(rs.getTimestamp(5)),
                        rs.getBoolean(6),
                        rs.getString(7)))
                .list();
        return jdbc.sql(
                        """
                        select alert_id, type, asset_id, zone, device_id, probe, started_at, ended_at, peak_c, degree_minutes,
                            status, escalated, gateway_state, from_seq, to_seq
                        from alert where alert_id = ?
                        """)
                .param(alertId)
                .query((rs, n) -> new AlertView.Detail(
                        rs.getString(1),
                        AlertType.valueOf(rs.getString(2)),
                        rs.getString(3),
                        rs.getString(4) == null ? null : TemperatureZone.valueOf(rs.getString(4)),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getTimestamp(7).toInstant(),
                        instant(rs.getTimestamp(8)),
                        (Double) rs.getObject(9),
                        rs.getDouble(10),
                        rs.getString(11),
                        rs.getBoolean(12),
                        rs.getString(13),
                        (Long) rs.getObject(14),
                        (Long) rs.getObject(15),
                        history,
                        affected))
                .optional()
                .orElseThrow(() -> new NotFoundException("alert", alertId));
    }

    /** Why an order is held, for whoever is refused a pickup: the alerts holding it. */
    @Transactional(readOnly = true)
    public List<String> holdReasons(long orderId) {
        return jdbc.sql(
                        """
                        select a.type, a.asset_id, a.started_at, a.peak_c from order_hold h join alert a on a.alert_id = h.alert_id
                        where h.order_id = ? and h.disposed_at is null order by h.held_at
                        """)
                .param(orderId)
                .query((rs, n) -> describe(
                        AlertType.valueOf(rs.getString(1)),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        (Double) rs.getObject(4)))
                .list();
    }

    // ---- helpers

    private Optional<Row> lock(String alertId) {
        return jdbc.sql(
                        """
                        select alert_id, type, asset_id, zone, started_at, ended_at, gateway_state, last_event_ts, status
                        from alert where alert_id = ? for update
                        """)
                .param(alertId)
                .query((rs, n) -> new Row(
                        rs.getString(1),
                        AlertType.valueOf(rs.getString(2)),
                        rs.getString(3),
                        rs.getString(4) == null ? null : TemperatureZone.valueOf(rs.getString(4)),
                        rs.getTimestamp(5).toInstant(),
                        instant(rs.getTimestamp(6)),
                        rs.getString(7),
                        rs.getTimestamp(8).toInstant(),
                        rs.getString(9)))
                .optional();
    }

    private void history(String alertId, String kind, String actor, String comment) {
        jdbc.sql("insert into alert_history (alert_id, kind, actor, comment) values (?, ?, ?, ?)")
                .params(alertId, kind, actor, comment)
                .update();
        events.publishEvent(new AlertChanged(alertId, kind));
    }

    private static String describe(AlertEvent e) {
        return describe(e.type(), e.assetId(), e.startedAt(), e.peakC())
                + (e.endedAt() != null ? ", until " + e.endedAt() : "")
                + (e.fromSeq() != null ? ", readings " + e.fromSeq() + ".." + e.toSeq() + " missing" : "");
    }

    private static String describeForResident(Row alert) {
        return describe(alert.type(), alert.assetId(), alert.startedAt(), null);
    }

    static String describe(AlertType type, String asset, Instant since, Double peakC) {
        String what =
                switch (type) {
                    case TEMPERATURE_HIGH -> "the " + asset + " compartments ran too warm";
                    case TEMPERATURE_LOW -> "the " + asset + " compartments ran too cold";
                    case DOOR_OPEN -> "a door of " + asset + " stayed open";
                    case PROBE_SILENT -> "the temperature probe of " + asset + " went silent";
                    case BATTERY_LOW -> "the probe battery of " + asset + " ran low";
                    case DATA_GAP -> "temperature readings of " + asset + " are missing";
                };
        return what + " from " + since + (peakC != null ? " (peak " + peakC + " C)" : "");
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
