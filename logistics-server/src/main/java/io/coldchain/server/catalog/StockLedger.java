package io.coldchain.server.catalog;

import java.util.Collection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves stock for orders at their fulfilling store: a reservation given back (cancelled or expired
 * before picking), or reserved units taken off the shelf (picked). Reservations themselves are made
 * in bulk by assignment.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class StockLedger {

    private final JdbcClient jdbc;

    StockLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Gives back what the order reserved at its store. */
    public void releaseReservation(long orderId) {
        apply(new Long[] {orderId}, "reserved = s.reserved - q.units");
    }

    /** The orders' reserved units leave the shelf: fewer on hand, fewer reserved. */
    public void takeOffShelf(Collection<Long> orderIds) {
        if (!orderIds.isEmpty()) {
            apply(orderIds.toArray(Long[]::new), "on_hand = s.on_hand - q.units, reserved = s.reserved - q.units");
        }
    }

    private void apply(Long[] orderIds, String change) {
        jdbc.sql(
                        "update stock s set " + change + ", updated_at = now()"
                                + """
                         from (select o.store_id, l.product_id, sum(l.quantity) as units
                              from order_line l join customer_order o on o.id = l.order_id
                              where o.id = any(?::bigint[]) and o.store_id is not null
                              group by o.store_id, l.product_id) q
                        where s.store_id = q.store_id and s.product_id = q.product_id
                        """)
                .param(orderIds)
                .update();
    }
}
