package io.coldchain.server.order;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The order lifecycle: {@code PLACED -> ASSIGNED -> PICKED -> IN_TRANSIT -> READY_FOR_PICKUP ->
 * COLLECTED} with the side exits CANCELLED, EXPIRED, ON_HOLD (quality hold, released back to where
 * it was) and DISCARDED. The one place that says which move is allowed.
 */
public enum OrderState {
    PLACED,
    ASSIGNED,
    PICKED,
    IN_TRANSIT,
    READY_FOR_PICKUP,
    COLLECTED,
    CANCELLED,
    EXPIRED,
    ON_HOLD,
    DISCARDED;

    private static final Map<OrderState, Set<OrderState>> NEXT = Map.of(
            PLACED, EnumSet.of(ASSIGNED, CANCELLED, EXPIRED),
            ASSIGNED, EnumSet.of(PICKED, CANCELLED, EXPIRED, ON_HOLD),
            PICKED, EnumSet.of(IN_TRANSIT, ON_HOLD),
            IN_TRANSIT, EnumSet.of(READY_FOR_PICKUP, ON_HOLD),
            READY_FOR_PICKUP, EnumSet.of(COLLECTED, EXPIRED, ON_HOLD),
            // released back to where it was, discarded, or returned to the store (as EXPIRED)
            ON_HOLD, EnumSet.of(ASSIGNED, PICKED, IN_TRANSIT, READY_FOR_PICKUP, DISCARDED, EXPIRED),
            EXPIRED, EnumSet.of(DISCARDED),
            COLLECTED, EnumSet.noneOf(OrderState.class),
            CANCELLED, EnumSet.noneOf(OrderState.class),
            DISCARDED, EnumSet.noneOf(OrderState.class));

    public boolean canMoveTo(OrderState next) {
        return NEXT.get(this).contains(next);
    }

    /** The states this one may move to. */
    public Set<OrderState> next() {
        return Set.copyOf(NEXT.get(this));
    }

    public boolean isFinal() {
        return NEXT.get(this).isEmpty();
    }
}
