package io.coldchain.server.locker;

import io.coldchain.server.catalog.StockLedger;
import io.coldchain.server.custody.CustodyLog;
import io.coldchain.server.custody.CustodyType;
import io.coldchain.server.custody.Handoff;
import io.coldchain.server.network.CompartmentReservations;
import io.coldchain.server.notify.Notification;
import io.coldchain.server.notify.NotificationPort;
import io.coldchain.server.order.OrderState;
import io.coldchain.server.order.OrderStateChanged;
import io.coldchain.server.quality.OrderDisposed;
import io.coldchain.server.quality.ResolveRequest;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Parcels to take out of their compartments: an order that expired in its locker, or one quality
 * discarded or sends back to the store. Each becomes a task for the next route that stops at the
 * bank; when the courier has it (the door CLOSED after the opening), the compartment is free again,
 * custody records the return, and an expired order's goods are back in the store's stock.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class LockerCollections {

    private static final Logger log = LoggerFactory.getLogger(LockerCollections.class);

    /** A task: a parcel in a compartment to take out. */
    record Task(
            long id, long compartmentId, String compartment, long parcelId, long orderId, String bank, String reason) {}

    private final JdbcClient jdbc;
    private final CompartmentReservations reservations;
    private final CustodyLog custody;
    private final StockLedger stock;
    private final NotificationPort notifications;

    LockerCollections(
            JdbcClient jdbc,
            CompartmentReservations reservations,
            CustodyLog custody,
            StockLedger stock,
            NotificationPort notifications) {
        this.reservations = reservations;
        this.jdbc = jdbc;
        this.custody = custody;
        this.stock = stock;
        this.notifications = notifications;
    }

    @EventListener
    void orderMoved(OrderStateChanged moved) {
        if (moved.from() == OrderState.READY_FOR_PICKUP && moved.to() == OrderState.EXPIRED) {
            for (long order : moved.orderIds()) {
                if (plan(order, "EXPIRED") > 0) {
                    long resident = jdbc.sql("select resident_id from customer_order where id = ?")
                            .param(order)
                            .query(Long.class)
                            .single();
                    notifications.send(Notification.toResident(
                            resident,
                            "PICKUP_EXPIRED",
                            order,
                            "Order " + order + " was not collected in time and goes back to the store.",
                            null));
                }
            }
        }
    }

    @EventListener
    void disposed(OrderDisposed disposed) {
        String reason = disposed.action().name();
        int inLockers = plan(disposed.orderId(), reason);
        if (disposed.action() == ResolveRequest.Action.RETURN_TO_STORE && inLockers == 0) {
            // not in a locker: it rides back to the store with the vehicle it is on
            returned(disposed.orderId(), null, disposed.actor(), "alert " + disposed.alertId());
        }
    }

    /**
     * Plans a task for each of the order's parcels in a compartment; returns how many. Until a
     * courier takes them out they keep their compartments booked (for a week, or up to the next
     * booking), so no new parcel is planned into a compartment that is still full.
     */
    private int plan(long orderId, String reason) {
        reservations.bookUntil(orderId, java.time.Instant.now().plus(java.time.Duration.ofDays(7)));
        return jdbc.sql(
                        """
                        insert into compartment_collection (compartment_id, parcel_id, order_id, locker_bank_id, reason)
                        select c.id, p.id, p.order_id, c.locker_bank_id, ?
                        from parcel p join compartment c on c.id = p.compartment_id
                        where p.order_id = ? and p.delivered_at is not null
                          and not exists (select 1 from compartment_collection x where x.parcel_id = p.id and x.collected_at is null)
                        """)
                .params(reason, orderId)
                .update();
    }

    /** The open tasks at a bank. */
    List<Task> openAt(String bank) {
        return jdbc.sql(
                        """
                        select x.id, x.compartment_id, c.code, x.parcel_id, x.order_id, x.locker_bank_id, x.reason
                        from compartment_collection x join compartment c on c.id = x.compartment_id
                        where x.locker_bank_id = ? and x.collected_at is null order by c.code
                        """)
                .param(bank)
                .query((rs, n) -> new Task(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getString(6),
                        rs.getString(7)))
                .list();
    }

    /** A stop's route takes the task along. */
    void assign(long taskId, long routeStopId) {
        jdbc.sql("update compartment_collection set route_stop_id = ? where id = ?")
                .params(routeStopId, taskId)
                .update();
    }

    /** The courier has the parcel: compartment free, custody, and the order's goods back when all are in. */
    void collected(long taskId, String courier) {
        Task task = jdbc.sql(
                        """
                        select x.id, x.compartment_id, c.code, x.parcel_id, x.order_id, x.locker_bank_id, x.reason
                        from compartment_collection x join compartment c on c.id = x.compartment_id
                        where x.id = ? and x.collected_at is null for update of x
                        """)
                .param(taskId)
                .query((rs, n) -> new Task(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getString(6),
                        rs.getString(7)))
                .optional()
                .orElse(null);
        if (task == null) {
            return;
        }
        jdbc.sql("update compartment_collection set collected_at = now(), collected_by = ? where id = ?")
                .params(courier, taskId)
                .update();
        reservations.releaseParcel(task.parcelId());
        if (!task.reason().equals("DISCARD")) {
            returned(task.orderId(), task.parcelId(), courier, "collection " + taskId);
        }
        boolean allIn =
                jdbc.sql("select count(*) from compartment_collection where order_id = ? and collected_at is null")
                                .param(task.orderId())
                                .query(Integer.class)
                                .single()
                        == 0;
        if (allIn && task.reason().equals("EXPIRED")) {
            stock.returnToShelf(List.of(task.orderId()));
        }
        log.info(
                "Parcel {} of order {} taken out of {} {} ({})",
                task.parcelId(),
                task.orderId(),
                task.bank(),
                task.compartment(),
                task.reason());
    }

    private void returned(long orderId, Long parcelId, String holder, String reference) {
        String store = jdbc.sql("select store_id from customer_order where id = ?")
                .param(orderId)
                .query(String.class)
                .optional()
                .orElse(null);
        Instant now = Instant.now();
        List<Long> parcels = parcelId != null
                ? List.of(parcelId)
                : jdbc.sql("select id from parcel where order_id = ? order by id")
                        .param(orderId)
                        .query(Long.class)
                        .list();
        custody.record(parcels.stream()
                .map(p -> new Handoff(p, orderId, CustodyType.RETURNED, store, null, holder, now, reference))
                .toList());
    }
}
