package io.coldchain.server.order;

import io.coldchain.server.web.NotFoundException;
import java.util.Collection;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves orders through their lifecycle: checks each move against {@link OrderState}, changes the
 * state and records the move with who made it and when. Every state change of an order goes through
 * here (single moves lock the order row; bulk moves are guarded by the expected current state).
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class OrderLifecycle {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    OrderLifecycle(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Locks the order row for the rest of the transaction and returns its state. */
    public OrderState lock(long orderId) {
        return jdbc.sql("select state from customer_order where id = ? for update")
                .param(orderId)
                .query((rs, n) -> OrderState.valueOf(rs.getString(1)))
                .optional()
                .orElseThrow(() -> new NotFoundException("order", orderId));
    }

    /**
     * Moves one order (locking it) and returns the state it left.
     *
     * @throws IllegalTransitionException when the move is not allowed from its current state
     */
    public OrderState move(long orderId, OrderState to, String actor, String reason) {
        OrderState from = lock(orderId);
        if (!from.canMoveTo(to)) {
            throw new IllegalTransitionException(orderId, from, to);
        }
        jdbc.sql("update customer_order set state = ?, version = version + 1, updated_at = now() where id = ?")
                .params(to.name(), orderId)
                .update();
        record(List.of(orderId), from, to, actor, reason);
        return from;
    }

    /**
     * Moves every order of {@code ids} that is still in {@code from} to {@code to}; returns the ids
     * that moved (the others changed state meanwhile and are left alone).
     */
    public List<Long> moveAll(Collection<Long> ids, OrderState from, OrderState to, String actor, String reason) {
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("the lifecycle does not allow " + from + " -> " + to);
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Long> moved = jdbc.sql(
                        """
                        update customer_order set state = ?, version = version + 1, updated_at = now()
                        where id = any(?::bigint[]) and state = ? returning id
                        """)
                .params(to.name(), ids.toArray(Long[]::new), from.name())
                .query(Long.class)
                .list();
        record(moved, from, to, actor, reason);
        return moved;
    }

    private void record(List<Long> ids, OrderState from, OrderState to, String actor, String reason) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql(
                        """
                        insert into order_transition (order_id, from_state, to_state, actor, reason)
                        select id, ?, ?, ?, ? from unnest(?::bigint[]) as t(id)
                        """)
                .params(from == null ? null : from.name(), to.name(), actor, reason, ids.toArray(Long[]::new))
                .update();
        events.publishEvent(new OrderStateChanged(List.copyOf(ids), from, to, actor, reason));
    }

    /** Records an order's first state (PLACED) when it is created. */
    void recordPlaced(long orderId, String actor) {
        record(List.of(orderId), null, OrderState.PLACED, actor, null);
    }
}
