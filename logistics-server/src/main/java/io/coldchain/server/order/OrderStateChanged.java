package io.coldchain.server.order;

import java.util.List;

/**
 * Published in the transaction of every lifecycle move: the orders that moved from one state to
 * another. Other features react to states without reaching into orders (lockers issue pickup
 * codes when an order is READY_FOR_PICKUP, and send the collection courier when it EXPIRED).
 */
public record OrderStateChanged(List<Long> orderIds, OrderState from, OrderState to, String actor, String reason) {}
