package io.coldchain.server.order;

import static io.coldchain.server.order.OrderState.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every pair of states against the architecture's lifecycle, written out independently. */
class OrderStateTest {

    private static final Map<OrderState, Set<OrderState>> ALLOWED = Map.of(
            PLACED, EnumSet.of(ASSIGNED, CANCELLED, EXPIRED),
            ASSIGNED, EnumSet.of(PICKED, CANCELLED, EXPIRED, ON_HOLD),
            PICKED, EnumSet.of(IN_TRANSIT, ON_HOLD),
            IN_TRANSIT, EnumSet.of(READY_FOR_PICKUP, ON_HOLD),
            READY_FOR_PICKUP, EnumSet.of(COLLECTED, EXPIRED, ON_HOLD),
            ON_HOLD, EnumSet.of(ASSIGNED, PICKED, IN_TRANSIT, READY_FOR_PICKUP, DISCARDED, EXPIRED),
            EXPIRED, EnumSet.of(DISCARDED),
            COLLECTED, EnumSet.noneOf(OrderState.class),
            CANCELLED, EnumSet.noneOf(OrderState.class),
            DISCARDED, EnumSet.noneOf(OrderState.class));

    @Test
    void everyPairFollowsTheLifecycle() {
        for (OrderState from : OrderState.values()) {
            for (OrderState to : OrderState.values()) {
                assertThat(from.canMoveTo(to))
                        .as(from + " -> " + to)
                        .isEqualTo(ALLOWED.get(from).contains(to));
            }
        }
    }

    @Test
    void finalStatesGoNowhereAndTheMessageNamesTheCurrentState() {
        assertThat(COLLECTED.isFinal()).isTrue();
        assertThat(PLACED.isFinal()).isFalse();
        assertThat(new IllegalTransitionException(7, COLLECTED, CANCELLED).getMessage())
                .contains("order 7 is COLLECTED")
                .contains("final");
        assertThat(new IllegalTransitionException(7, PICKED, CANCELLED).getMessage())
                .contains("order 7 is PICKED")
                .contains("IN_TRANSIT");
    }
}
