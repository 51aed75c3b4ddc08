package io.coldchain.server.catalog;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place stock moves, lot by lot: units reserved for orders first-expired-first-out (FEFO),
 * a reservation given back (cancelled or expired before picking), reserved units taken off the
 * shelf (picked), units back on the shelf (returned), lots received, a count set. The stock of a
 * product at a store is the sum over its lots.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class StockLedger {

    /** A lot with units free to promise, as assignment sees it. */
    public static final class FreeLot {
        final long id;
        final String storeId;
        final String productId;
        final LocalDate bestBefore;
        int free;

        FreeLot(long id, String storeId, String productId, int free, LocalDate bestBefore) {
            this.id = id;
            this.storeId = storeId;
            this.productId = productId;
            this.free = free;
            this.bestBefore = bestBefore;
        }

        public String storeId() {
            return storeId;
        }

        public String productId() {
            return productId;
        }

        public int free() {
            return free;
        }
    }

    /** Units an order takes from a lot. */
    public record Take(long orderId, long lotId, String productId, int quantity) {}

    private final JdbcClient jdbc;

    StockLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks every lot with free units; per store and product, the one expiring first comes first. */
    public List<FreeLot> lockFreeLots() {
        return jdbc.sql(
                        """
                        select id, store_id, product_id, quantity - reserved, best_before from stock_lot
                        where quantity > reserved
                        order by store_id, product_id, best_before, id for update
                        """)
                .query((rs, n) -> new FreeLot(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getDate(5).toLocalDate()))
                .list();
    }

    /**
     * FEFO: takes {@code units} for an order from {@code lots} (one store's lots of one product,
     * expiring first at the head), lowering their free units. Throws when they do not hold enough.
     */
    public static List<Take> fefo(long orderId, String productId, int units, Deque<FreeLot> lots) {
        List<Take> takes = new ArrayList<>();
        int left = units;
        for (FreeLot lot : lots) {
            if (left == 0) {
                break;
            }
            int take = Math.min(left, lot.free);
            if (take > 0) {
                lot.free -= take;
                left -= take;
                takes.add(new Take(orderId, lot.id, productId, take));
            }
        }
        if (left > 0) {
            throw new IllegalStateException(
                    "only " + (units - left) + " of " + units + " units of " + productId + " are free in those lots");
        }
        lots.removeIf(l -> l.free == 0);
        return takes;
    }

    /** Groups locked free lots by store and product, FEFO order kept. */
    public static java.util.Map<String, Deque<FreeLot>> byStoreAndProduct(List<FreeLot> lots) {
        java.util.Map<String, Deque<FreeLot>> grouped = new java.util.HashMap<>();
        for (FreeLot lot : lots) {
            grouped.computeIfAbsent(lot.storeId + "|" + lot.productId, k -> new ArrayDeque<>())
                    .add(lot);
        }
        return grouped;
    }

    /** Writes reservations: the lots' reserved units rise and each order remembers its lots. */
    public void reserve(List<Take> takes) {
        if (takes.isEmpty()) {
            return;
        }
        Long[] orders = takes.stream().map(Take::orderId).toArray(Long[]::new);
        Long[] lots = takes.stream().map(Take::lotId).toArray(Long[]::new);
        String[] products = takes.stream().map(Take::productId).toArray(String[]::new);
        Integer[] quantities = takes.stream().map(Take::quantity).toArray(Integer[]::new);
        jdbc.sql(
                        """
                        insert into order_lot (order_id, lot_id, product_id, quantity)
                        select * from unnest(?::bigint[], ?::bigint[], ?::varchar[], ?::int[])
                        on conflict (order_id, lot_id) do update set quantity = order_lot.quantity + excluded.quantity
                        """)
                .params(orders, lots, products, quantities)
                .update();
        jdbc.sql(
                        """
                        update stock_lot l set reserved = l.reserved + t.units, updated_at = now()
                        from (select lot_id, sum(q) as units from unnest(?::bigint[], ?::int[]) as x(lot_id, q) group by lot_id) t
                        where l.id = t.lot_id
                        """)
                .params(lots, quantities)
                .update();
    }

    /** Gives back what the order reserved (cancelled or expired before it was picked). */
    public void releaseReservation(long orderId) {
        move(new Long[] {orderId}, "reserved = l.reserved - t.units");
        jdbc.sql("delete from order_lot where order_id = ?").param(orderId).update();
    }

    /** The orders' reserved units leave the shelf: fewer on hand, fewer reserved; the orders keep their lots. */
    public void takeOffShelf(Collection<Long> orderIds) {
        if (!orderIds.isEmpty()) {
            move(orderIds.toArray(Long[]::new), "quantity = l.quantity - t.units, reserved = l.reserved - t.units");
        }
    }

    /** The orders' goods are back on the shelf of the lots they came from (returned unopened). */
    public void returnToShelf(Collection<Long> orderIds) {
        if (!orderIds.isEmpty()) {
            move(orderIds.toArray(Long[]::new), "quantity = l.quantity + t.units");
        }
    }

    private void move(Long[] orderIds, String change) {
        jdbc.sql(
                        "update stock_lot l set " + change + ", updated_at = now()"
                                + """
                         from (select lot_id, sum(quantity) as units from order_lot
                              where order_id = any(?::bigint[]) group by lot_id) t
                        where l.id = t.lot_id
                        """)
                .param(orderIds)
                .update();
    }

    /** Receives a lot (or more units of one already held). */
    public void receive(String storeId, String productId, String lotCode, int quantity, LocalDate bestBefore) {
        jdbc.sql(
                        """
                        insert into stock_lot (store_id, product_id, lot_code, quantity, best_before)
                        values (?, ?, ?, ?, ?)
                        on conflict (store_id, product_id, lot_code)
                        do update set quantity = stock_lot.quantity + excluded.quantity, updated_at = now()
                        """)
                .params(storeId, productId, lotCode, quantity, Date.valueOf(bestBefore))
                .update();
    }

    /**
     * Sets the units on hand of a product at a store (a count): more units arrive as a lot received
     * today ({@code lotCode}, best before {@code bestBefore}); fewer leave the lots that expire
     * first, never below what is promised to orders (the caller checks that).
     */
    public void setOnHand(String storeId, String productId, int onHand, String lotCode, LocalDate bestBefore) {
        int current = jdbc.sql("select coalesce(sum(quantity), 0) from stock_lot where store_id = ? and product_id = ?")
                .params(storeId, productId)
                .query(Integer.class)
                .single();
        if (onHand > current) {
            receive(storeId, productId, lotCode, onHand - current, bestBefore);
            return;
        }
        int remove = current - onHand;
        List<long[]> lots = jdbc.sql(
                        """
                        select id, quantity - reserved from stock_lot where store_id = ? and product_id = ? and quantity > reserved
                        order by best_before, id for update
                        """)
                .params(storeId, productId)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .list();
        for (long[] lot : lots) {
            if (remove == 0) {
                break;
            }
            int take = (int) Math.min(remove, lot[1]);
            jdbc.sql("update stock_lot set quantity = quantity - ?, updated_at = now() where id = ?")
                    .params(take, lot[0])
                    .update();
            remove -= take;
        }
    }

    /** A store's lots, by product and best-before. */
    public List<StockLot> lots(String storeId) {
        return jdbc.sql(
                        """
                        select id, product_id, lot_code, quantity, reserved, best_before, received_at from stock_lot
                        where store_id = ? and quantity > 0 order by product_id, best_before, id
                        """)
                .param(storeId)
                .query((rs, n) -> new StockLot(
                        rs.getLong(1),
                        storeId,
                        rs.getString(2),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getInt(5),
                        rs.getDate(6).toLocalDate(),
                        rs.getTimestamp(7).toInstant()))
                .list();
    }
}
