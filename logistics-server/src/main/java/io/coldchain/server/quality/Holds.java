package io.coldchain.server.quality;

import io.coldchain.server.custody.CustodyLog;
import io.coldchain.server.custody.CustodyType;
import io.coldchain.server.custody.Handoff;
import io.coldchain.server.notify.Notification;
import io.coldchain.server.notify.NotificationPort;
import io.coldchain.server.order.OrderLifecycle;
import io.coldchain.server.order.OrderState;
import io.coldchain.server.web.ConflictException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Holds on orders and their end: an order one or more alerts hold is ON_HOLD (pickup refused) and
 * remembers the state it came from; a disposition releases it (back to that state once no other
 * alert holds it), discards it, or sends it back to the store. Every step goes through the order
 * lifecycle and, for the goods, the custody log.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class Holds {

    private static final List<OrderState> HOLDABLE =
            List.of(OrderState.ASSIGNED, OrderState.PICKED, OrderState.IN_TRANSIT, OrderState.READY_FOR_PICKUP);

    private final JdbcClient jdbc;
    private final OrderLifecycle lifecycle;
    private final CustodyLog custody;
    private final NotificationPort notifications;
    private final ApplicationEventPublisher events;

    Holds(
            JdbcClient jdbc,
            OrderLifecycle lifecycle,
            CustodyLog custody,
            NotificationPort notifications,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.lifecycle = lifecycle;
        this.custody = custody;
        this.notifications = notifications;
        this.events = events;
    }

    /** Holds the order for the alert; false when it is past holding (collected, discarded, ...). */
    boolean hold(long orderId, String alertId, String why) {
        OrderState state = lifecycle.lock(orderId);
        String from;
        if (state == OrderState.ON_HOLD) {
            Optional<String> earlier = jdbc.sql(
                            "select from_state from order_hold where order_id = ? and disposed_at is null order by held_at limit 1")
                    .param(orderId)
                    .query(String.class)
                    .optional();
            from = earlier.orElse(OrderState.READY_FOR_PICKUP.name());
        } else if (HOLDABLE.contains(state)) {
            lifecycle.move(orderId, OrderState.ON_HOLD, "quality", why);
            from = state.name();
            long resident = jdbc.sql("select resident_id from customer_order where id = ?")
                    .param(orderId)
                    .query(Long.class)
                    .single();
            notifications.send(Notification.toResident(
                    resident,
                    "ORDER_HELD",
                    orderId,
                    "Order " + orderId + " is held for a quality check: " + why
                            + ". It cannot be collected until quality staff decide; contact quality@coldchain.local.",
                    null));
        } else {
            return false;
        }
        jdbc.sql(
                        """
                        insert into order_hold (order_id, alert_id, from_state) values (?, ?, ?)
                        on conflict (order_id, alert_id) do nothing
                        """)
                .params(orderId, alertId, from)
                .update();
        return true;
    }

    /** Applies a disposition to an order the alert touched. */
    void dispose(long orderId, String alertId, ResolveRequest.Action action, String actor) {
        OrderState state = lifecycle.lock(orderId);
        boolean heldHere =
                jdbc.sql("select count(*) from order_hold where order_id = ? and alert_id = ? and disposed_at is null")
                                .params(orderId, alertId)
                                .query(Integer.class)
                                .single()
                        > 0;
        switch (action) {
            case RELEASE -> {
                if (heldHere) {
                    close(orderId, alertId, action, actor);
                    Optional<String> otherHold = jdbc.sql(
                                    "select alert_id from order_hold where order_id = ? and disposed_at is null limit 1")
                            .param(orderId)
                            .query(String.class)
                            .optional();
                    if (otherHold.isEmpty() && state == OrderState.ON_HOLD) {
                        String back = jdbc.sql("select from_state from order_hold where order_id = ? and alert_id = ?")
                                .params(orderId, alertId)
                                .query(String.class)
                                .single();
                        lifecycle.move(
                                orderId,
                                OrderState.valueOf(back),
                                actor,
                                "released by quality (alert " + alertId + ")");
                        tellResident(
                                orderId,
                                "ORDER_RELEASED",
                                "Order " + orderId + " passed its quality check and can be collected as planned.");
                    }
                }
            }
            case DISCARD, RETURN_TO_STORE -> {
                if (state != OrderState.ON_HOLD) {
                    throw new ConflictException(
                            "order " + orderId + " is " + state + ", not held; it can only be released");
                }
                // whatever else held it is moot now
                jdbc.sql(
                                """
                                update order_hold set disposition = ?, disposed_by = ?, disposed_at = now()
                                where order_id = ? and disposed_at is null
                                """)
                        .params(action.name(), actor, orderId)
                        .update();
                OrderState to = action == ResolveRequest.Action.DISCARD ? OrderState.DISCARDED : OrderState.EXPIRED;
                String why = action == ResolveRequest.Action.DISCARD
                        ? "discarded by quality (alert " + alertId + ")"
                        : "returned to the store by quality (alert " + alertId + ")";
                lifecycle.move(orderId, to, actor, why);
                String store = jdbc.sql("select store_id from customer_order where id = ?")
                        .param(orderId)
                        .query(String.class)
                        .optional()
                        .orElse(null);
                jdbc.sql("insert into refulfilment (order_id, store_id, reason) values (?, ?, ?)")
                        .params(orderId, store, why)
                        .update();
                if (action == ResolveRequest.Action.DISCARD) {
                    recordDiscarded(orderId, actor, alertId);
                }
                events.publishEvent(new OrderDisposed(orderId, action, alertId, actor));
                tellResident(
                        orderId,
                        "ORDER_REPLACED",
                        "Order " + orderId
                                + " did not pass its quality check and will not be handed over; the store sends the goods again.");
            }
        }
    }

    private void recordDiscarded(long orderId, String actor, String alertId) {
        Instant now = Instant.now();
        List<Long> parcels = jdbc.sql("select id from parcel where order_id = ? order by id")
                .param(orderId)
                .query(Long.class)
                .list();
        custody.record(parcels.stream()
                .map(p -> new Handoff(p, orderId, CustodyType.DISCARDED, null, null, actor, now, "alert " + alertId))
                .toList());
    }

    private void close(long orderId, String alertId, ResolveRequest.Action action, String actor) {
        jdbc.sql(
                        """
                        update order_hold set disposition = ?, disposed_by = ?, disposed_at = now()
                        where order_id = ? and alert_id = ? and disposed_at is null
                        """)
                .params(action.name(), actor, orderId, alertId)
                .update();
    }

    private void tellResident(long orderId, String kind, String message) {
        long resident = jdbc.sql("select resident_id from customer_order where id = ?")
                .param(orderId)
                .query(Long.class)
                .single();
        notifications.send(Notification.toResident(resident, kind, orderId, message, null));
    }
}
