package io.coldchain.server.order;

import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.catalog.CatalogService;
import io.coldchain.server.catalog.ProductInfo;
import io.coldchain.server.catalog.StockLedger;
import io.coldchain.server.custody.CustodyLog;
import io.coldchain.server.custody.CustodyType;
import io.coldchain.server.custody.Handoff;
import io.coldchain.server.network.CompartmentReservations;
import io.coldchain.server.network.CompartmentSize;
import io.coldchain.server.resident.ResidentResponse;
import io.coldchain.server.resident.ResidentService;
import io.coldchain.server.security.CurrentUser;
import io.coldchain.server.security.Role;
import io.coldchain.server.web.ConflictException;
import io.coldchain.server.web.InvalidFieldException;
import io.coldchain.server.web.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Placing, reading, cancelling and expiring orders. */
@Service
@Transactional
public class OrderService {

    /** The result of a placement: the order, and whether this request created it. */
    public record Placement(OrderResponse order, boolean created) {}

    /** Filters of the staff list; every field optional. */
    public record Filter(
            OrderState state,
            String storeId,
            String lockerBankId,
            LocalDate date,
            Long residentId,
            Long afterId,
            int limit) {}

    private final JdbcClient jdbc;
    private final CatalogService catalog;
    private final ResidentService residents;
    private final OrderLifecycle lifecycle;
    private final CompartmentReservations reservations;
    private final StockLedger stock;
    private final CustodyLog custody;
    private final OrderReader reader;
    private final ColdchainProperties.Orders config;
    private final Clock clock;

    OrderService(
            JdbcClient jdbc,
            CatalogService catalog,
            ResidentService residents,
            OrderLifecycle lifecycle,
            CompartmentReservations reservations,
            StockLedger stock,
            CustodyLog custody,
            ColdchainProperties properties) {
        this.jdbc = jdbc;
        this.custody = custody;
        this.catalog = catalog;
        this.residents = residents;
        this.lifecycle = lifecycle;
        this.reservations = reservations;
        this.stock = stock;
        this.reader = new OrderReader(jdbc);
        this.config = properties.orders();
        this.clock = Clock.systemUTC();
    }

    /**
     * Places an order, or returns the one this user already placed with the same idempotency key.
     * A key reused for a different order is a conflict.
     */
    public Placement place(CurrentUser user, String idempotencyKey, PlaceOrderRequest request) {
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
            throw new InvalidFieldException("Idempotency-Key", "header must be given (1-200 characters)");
        }
        long residentId = residentOf(user, request.residentId());
        String hash = hash(residentId + "|" + request);
        Optional<Placement> earlier = existing(user, idempotencyKey, hash);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        ResidentResponse resident = residents.get(residentId);
        Map<String, Integer> quantities = new LinkedHashMap<>();
        for (int i = 0; i < request.lines().size(); i++) {
            quantities.merge(
                    request.lines().get(i).productId(), request.lines().get(i).quantity(), Integer::sum);
        }
        Map<String, ProductInfo> products = catalog.lookup(quantities.keySet());
        List<ParcelSpec.Units> units = new ArrayList<>();
        for (int i = 0; i < request.lines().size(); i++) {
            String productId = request.lines().get(i).productId();
            if (!products.containsKey(productId)) {
                throw new InvalidFieldException(
                        "lines[" + i + "].productId", "product '" + productId + "' does not exist");
            }
        }
        quantities.forEach((id, qty) -> units.add(new ParcelSpec.Units(products.get(id), qty)));
        Instant[] slot = slot(request);
        List<ParcelSpec> parcels = ParcelSpec.split(units);
        String bank = null;
        if (request.fulfilment() == Fulfilment.LOCKER) {
            for (ParcelSpec parcel : parcels) {
                if (parcel.size() == null) {
                    throw new InvalidFieldException(
                            "lines",
                            "a unit of " + parcel.litres()
                                    + " l is too large for any locker compartment; choose STORE pickup");
                }
            }
            bank = request.lockerBankId() != null ? request.lockerBankId() : resident.preferredLockerBankId();
            if (bank != null) {
                requireBankFits(
                        bank, parcels, request.lockerBankId() != null ? "lockerBankId" : "preferredLockerBankId");
            } else if (resident.location() == null) {
                throw new InvalidFieldException(
                        "lockerBankId",
                        "must be given: the resident has neither a preferred locker bank nor an address location");
            }
        } else if (request.storeId() != null && !exists("store", request.storeId())) {
            throw new InvalidFieldException("storeId", "store '" + request.storeId() + "' does not exist");
        }
        long id = jdbc.sql(
                        """
                        insert into customer_order (resident_id, placed_by, idempotency_key, request_hash, fulfilment,
                            preferred_locker_bank_id, preferred_store_id, allow_store_fallback, slot_start, slot_end, state)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PLACED') returning id
                        """)
                .params(
                        residentId,
                        user.username(),
                        idempotencyKey,
                        hash,
                        request.fulfilment().name(),
                        bank,
                        request.fulfilment() == Fulfilment.STORE ? request.storeId() : null,
                        Boolean.TRUE.equals(request.allowStoreFallback()),
                        Timestamp.from(slot[0]),
                        Timestamp.from(slot[1]))
                .query(Long.class)
                .single();
        int lineNo = 0;
        for (var entry : quantities.entrySet()) {
            jdbc.sql("insert into order_line (order_id, line_no, product_id, quantity) values (?, ?, ?, ?)")
                    .params(id, ++lineNo, entry.getKey(), entry.getValue())
                    .update();
        }
        for (ParcelSpec parcel : parcels) {
            jdbc.sql("insert into parcel (order_id, zone, size, volume_litres, weight_kg) values (?, ?, ?, ?, ?)")
                    .params(
                            id,
                            parcel.zone().name(),
                            (parcel.size() == null ? CompartmentSize.XL : parcel.size()).name(),
                            parcel.litres(),
                            parcel.kg())
                    .update();
        }
        lifecycle.recordPlaced(id, user.username());
        return new Placement(reader.order(id), true);
    }

    /** After a placement lost a race on its idempotency key: the order the winner placed. */
    @Transactional(readOnly = true)
    public Placement placedConcurrently(CurrentUser user, String idempotencyKey, PlaceOrderRequest request) {
        long residentId = residentOf(user, request.residentId());
        return existing(user, idempotencyKey, hash(residentId + "|" + request))
                .orElseThrow(() -> new ConflictException("the order could not be placed; retry"));
    }

    /** Whether any order was ever placed (the demo places its orders only into an empty system). */
    @Transactional(readOnly = true)
    public boolean anyPlaced() {
        return jdbc.sql("select exists (select 1 from customer_order)")
                .query(Boolean.class)
                .single();
    }

    @Transactional(readOnly = true)
    public OrderResponse get(CurrentUser user, long id) {
        OrderResponse order = reader.order(id);
        requireVisible(user, order);
        return order;
    }

    @Transactional(readOnly = true)
    public List<OrderSummary> list(CurrentUser user, Filter filter) {
        Filter scoped = filter;
        if (user.role() == Role.RESIDENT) {
            scoped = new Filter(
                    filter.state(),
                    filter.storeId(),
                    filter.lockerBankId(),
                    filter.date(),
                    user.residentId(),
                    filter.afterId(),
                    filter.limit());
        }
        return reader.list(scoped, config.timeZone());
    }

    /** Cancels an order not yet picked, giving back its stock and compartments. */
    public OrderResponse cancel(CurrentUser user, long id, String reason) {
        OrderResponse order = reader.order(id);
        requireVisible(user, order);
        OrderState from = lifecycle.move(id, OrderState.CANCELLED, user.username(), reason);
        release(id, from);
        return reader.order(id);
    }

    /**
     * A STORE order is ready at the counter: its goods leave the shelf (PICKED), go to the counter
     * (IN_TRANSIT) and wait there (READY_FOR_PICKUP), each move recorded.
     */
    public OrderResponse readyAtStore(CurrentUser user, long id) {
        OrderState state = lifecycle.lock(id);
        String mode = jdbc.sql("select pickup_mode from customer_order where id = ?")
                .param(id)
                .query(String.class)
                .single();
        if (!"STORE".equals(mode)) {
            throw new ConflictException(
                    "order " + id + " is " + state + (mode == null ? " and not yet assigned" : " for LOCKER pickup")
                            + "; only an assigned STORE order is made ready at the counter");
        }
        lifecycle.move(id, OrderState.PICKED, user.username(), "picked at the store");
        stock.takeOffShelf(List.of(id));
        String store = jdbc.sql("select store_id from customer_order where id = ?")
                .param(id)
                .query(String.class)
                .single();
        Instant now = clock.instant();
        custody.record(
                jdbc
                        .sql("select id from parcel where order_id = ? order by id")
                        .param(id)
                        .query(Long.class)
                        .list()
                        .stream()
                        .map(parcel -> new Handoff(
                                parcel, id, CustodyType.PICKED_AT_STORE, store, null, store, now, "store counter"))
                        .toList());
        lifecycle.move(id, OrderState.IN_TRANSIT, user.username(), "to the store counter");
        lifecycle.move(id, OrderState.READY_FOR_PICKUP, user.username(), "at the store counter");
        return reader.order(id);
    }

    /**
     * Expires orders whose slot has passed without them being sent (PLACED, ASSIGNED), and store
     * orders left at the counter past the collection grace; returns how many. (Orders in a locker
     * expire by their pickup deadline, in the lockers feature.)
     */
    public int expireDue() {
        Instant now = clock.instant();
        List<Long> due = jdbc.sql(
                        """
                        select id from customer_order
                        where (state in ('PLACED','ASSIGNED') and slot_end < ?)
                           or (state = 'READY_FOR_PICKUP' and pickup_mode = 'STORE' and slot_end < ?)
                        order by id limit 1000
                        """)
                .params(Timestamp.from(now), Timestamp.from(now.minus(config.collectionGrace())))
                .query(Long.class)
                .list();
        int expired = 0;
        for (long id : due) {
            OrderState from = lifecycle.lock(id);
            if (from.canMoveTo(OrderState.EXPIRED)) {
                lifecycle.move(id, OrderState.EXPIRED, "system", "pickup slot passed");
                release(id, from);
                expired++;
            }
        }
        return expired;
    }

    /** Gives back what an order held in {@code from}: reserved stock, compartments, a planned route stop. */
    private void release(long id, OrderState from) {
        if (from == OrderState.ASSIGNED) {
            stock.releaseReservation(id);
            jdbc.sql("update parcel set route_stop_id = null where order_id = ?")
                    .param(id)
                    .update();
        }
        reservations.releaseOrder(id);
    }

    private Optional<Placement> existing(CurrentUser user, String key, String hash) {
        return jdbc.sql("select id, request_hash from customer_order where placed_by = ? and idempotency_key = ?")
                .params(user.username(), key)
                .query((rs, n) -> {
                    if (!rs.getString(2).equals(hash)) {
                        throw new ConflictException("Idempotency-Key '" + key
                                + "' was already used for a different order (" + rs.getLong(1) + ")");
                    }
                    return new Placement(reader.order(rs.getLong(1)), false);
                })
                .optional();
    }

    private long residentOf(CurrentUser user, Long requested) {
        if (user.role() == Role.RESIDENT) {
            if (requested != null && !requested.equals(user.residentId())) {
                throw new AccessDeniedException("residents place orders for themselves only");
            }
            return user.residentId();
        }
        if (requested == null) {
            throw new InvalidFieldException("residentId", "must be given when staff place an order");
        }
        if (!exists("resident", requested)) {
            throw new InvalidFieldException("residentId", "resident " + requested + " does not exist");
        }
        return requested;
    }

    /** Another resident's order answers like one that does not exist: ids cannot be probed. */
    private void requireVisible(CurrentUser user, OrderResponse order) {
        if (user.role() == Role.RESIDENT && !user.isResident(order.residentId())) {
            throw new NotFoundException("order", order.id());
        }
    }

    private Instant[] slot(PlaceOrderRequest request) {
        Instant now = clock.instant();
        if ((request.pickupDate() == null) == (request.pickupSlot() == null)) {
            throw new InvalidFieldException("pickupDate", "give either pickupDate or pickupSlot");
        }
        if (request.pickupSlot() != null) {
            Instant start = request.pickupSlot().start();
            Instant end = request.pickupSlot().end();
            if (!start.isBefore(end)) {
                throw new InvalidFieldException("pickupSlot.end", "must be after the slot's start");
            }
            if (start.isBefore(now)) {
                throw new InvalidFieldException("pickupSlot.start", "is in the past");
            }
            return new Instant[] {start, end};
        }
        Instant start = request.pickupDate()
                .atTime(config.dayPickupStart())
                .atZone(config.timeZone())
                .toInstant();
        Instant end = request.pickupDate()
                .atTime(config.dayPickupEnd())
                .atZone(config.timeZone())
                .toInstant();
        if (!end.isAfter(now)) {
            throw new InvalidFieldException("pickupDate", "is in the past");
        }
        return new Instant[] {start.isBefore(now) ? now : start, end};
    }

    private void requireBankFits(String bank, List<ParcelSpec> parcels, String field) {
        if (!exists("locker_bank", bank)) {
            throw new InvalidFieldException(field, "locker bank '" + bank + "' does not exist");
        }
        for (ParcelSpec parcel : parcels) {
            List<String> sizes = jdbc.sql(
                            "select distinct size from compartment where locker_bank_id = ? and zone = ? and status <> 'OUT_OF_SERVICE'")
                    .params(bank, parcel.zone().name())
                    .query(String.class)
                    .list();
            if (sizes.isEmpty()) {
                throw new ConflictException("locker bank " + bank + " has no " + parcel.zone() + " compartment");
            }
            boolean fits =
                    sizes.stream().anyMatch(s -> CompartmentSize.valueOf(s).holds(parcel.size()));
            if (!fits) {
                throw new ConflictException("locker bank " + bank + " has no " + parcel.zone() + " compartment of size "
                        + parcel.size() + " or larger for a " + parcel.litres() + " l parcel");
            }
        }
    }

    private boolean exists(String table, Object id) {
        return jdbc.sql("select count(*) from " + table + " where id = ?")
                        .param(id)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    private static String hash(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
