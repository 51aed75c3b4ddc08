package io.coldchain.server.order;

import io.coldchain.server.web.ConflictException;

/** A move the lifecycle does not allow from the order's current state: a 409 naming that state. */
public class IllegalTransitionException extends ConflictException {

    IllegalTransitionException(long orderId, OrderState current, OrderState wanted) {
        super("order " + orderId + " is " + current + "; it cannot move to " + wanted
                + (current.isFinal()
                        ? " (" + current + " is final)"
                        : " (from " + current + " it may move to "
                                + current.next().stream().sorted().toList() + ")"));
    }
}
