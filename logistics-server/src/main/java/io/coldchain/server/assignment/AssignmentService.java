package io.coldchain.server.assignment;

import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.routing.road.GeoPoint;
import io.coldchain.routing.road.TravelMatrix;
import io.coldchain.routing.road.UnroutablePointException;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.catalog.StockLedger;
import io.coldchain.server.network.CompartmentReservations;
import io.coldchain.server.network.CompartmentSize;
import io.coldchain.server.order.OrderLifecycle;
import io.coldchain.server.order.OrderState;
import io.coldchain.server.roads.Roads;
import io.coldchain.server.web.NotFoundException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs assignment: one run at a time (a transaction-scoped advisory lock), over every PLACED order
 * not locked by someone else (a cancel in flight), with the free compartments and stock rows locked
 * until the reservations are written, one delivery day after the other. A compartment is booked for
 * a parcel's stay, never twice at once: the exclusion constraint on (compartment, period) would
 * fail the run.
 */
@Service
public class AssignmentService {

    private static final Logger log = LoggerFactory.getLogger(AssignmentService.class);
    private static final long LOCK_KEY = 0x636f6c6441L; // "coldA"
    private static final int MAX_ORDERS = 50_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Roads roads;
    private final OrderLifecycle lifecycle;
    private final CompartmentReservations reservations;
    private final StockLedger stock;
    private final java.time.ZoneId zone;
    private final java.time.LocalTime shiftStart;
    private final ColdchainProperties.Lockers lockers;

    private final io.micrometer.core.instrument.Timer runTimer;

    AssignmentService(
            JdbcClient jdbc,
            TransactionTemplate tx,
            Roads roads,
            OrderLifecycle lifecycle,
            CompartmentReservations reservations,
            StockLedger stock,
            ColdchainProperties properties,
            io.micrometer.core.instrument.MeterRegistry meters) {
        this.runTimer = io.micrometer.core.instrument.Timer.builder("coldchain.assignment.run")
                .description("assignment runs, from start to the run recorded")
                .register(meters);
        this.zone = properties.orders().timeZone();
        this.shiftStart = properties.dispatch().shiftStart();
        this.lockers = properties.lockers();
        this.jdbc = jdbc;
        this.tx = tx;
        this.roads = roads;
        this.lifecycle = lifecycle;
        this.reservations = reservations;
        this.stock = stock;
    }

    /** Runs now and returns what it did; a failed run is recorded with its error and rethrown. */
    public AssignmentRunResponse run(String trigger, String actor) {
        io.micrometer.core.instrument.Timer.Sample sample = io.micrometer.core.instrument.Timer.start();
        try {
            return runTimed(trigger, actor);
        } finally {
            sample.stop(runTimer);
        }
    }

    private AssignmentRunResponse runTimed(String trigger, String actor) {
        Instant started = Instant.now();
        try {
            long id = tx.execute(status -> assign(trigger, actor, started));
            return run(id);
        } catch (RuntimeException e) {
            log.error("Assignment run failed", e);
            Long id = tx.execute(status -> jdbc.sql(
                            """
                            insert into assignment_run (trigger, requested_by, status, started_at, finished_at,
                                orders_considered, to_locker, to_store, store_fallbacks, left_placed, parcels_reserved,
                                travel_seconds, error)
                            values (?, ?, 'FAILED', ?, now(), 0, 0, 0, 0, 0, 0, 0, ?) returning id
                            """)
                    .params(trigger, actor, Timestamp.from(started), String.valueOf(e.getMessage()))
                    .query(Long.class)
                    .single());
            throw new AssignmentFailedException(id, e);
        }
    }

    public AssignmentRunResponse run(long id) {
        List<AssignmentRunResponse.Unplaced> unplaced = jdbc.sql(
                        "select order_id, reason from assignment_run_unplaced where run_id = ? order by order_id")
                .param(id)
                .query((rs, n) -> new AssignmentRunResponse.Unplaced(rs.getLong(1), rs.getString(2)))
                .list();
        List<AssignmentRunResponse.Avoided> avoided = jdbc.sql(
                        """
                        select locker_bank_id, zone, alert_id, type, since from assignment_run_avoided
                        where run_id = ? order by locker_bank_id, zone
                        """)
                .param(id)
                .query((rs, n) -> new AssignmentRunResponse.Avoided(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant()))
                .list();
        return jdbc.sql(
                        """
                        select id, trigger, requested_by, status, started_at, finished_at, orders_considered, to_locker,
                            to_store, store_fallbacks, left_placed, parcels_reserved, travel_seconds, error
                        from assignment_run where id = ?
                        """)
                .param(id)
                .query((rs, n) -> new AssignmentRunResponse(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6).toInstant(),
                        rs.getInt(7),
                        rs.getInt(8),
                        rs.getInt(9),
                        rs.getInt(10),
                        rs.getInt(11),
                        rs.getInt(12),
                        rs.getDouble(13),
                        rs.getString(14),
                        unplaced,
                        avoided))
                .optional()
                .orElseThrow(() -> new NotFoundException("assignment run", id));
    }

    public List<AssignmentRunResponse> recent(int limit) {
        return jdbc
                .sql("select id from assignment_run order by id desc limit ?")
                .param(limit)
                .query(Long.class)
                .list()
                .stream()
                .map(this::run)
                .toList();
    }

    private long assign(String trigger, String actor, Instant started) {
        jdbc.sql("select pg_advisory_xact_lock(?)").param(LOCK_KEY).query().singleRow();
        long runId = jdbc.sql(
                        """
                        insert into assignment_run (trigger, requested_by, status, started_at, finished_at,
                            orders_considered, to_locker, to_store, store_fallbacks, left_placed, parcels_reserved, travel_seconds)
                        values (?, ?, 'DONE', ?, now(), 0, 0, 0, 0, 0, 0, 0) returning id
                        """)
                .params(trigger, actor, Timestamp.from(started))
                .query(Long.class)
                .single();
        long t0 = System.nanoTime();
        Snapshot snapshot = Snapshot.load(jdbc, stock, MAX_ORDERS);
        long t1 = System.nanoTime();
        if (snapshot.orders.isEmpty()) {
            finish(runId, snapshot, List.of(), List.of(), 0);
            return runId;
        }
        matrices(snapshot);
        long t2 = System.nanoTime();
        // one delivery day at a time, earliest first: a compartment is free for a day's orders when
        // no booking overlaps their stays (from that day's shift start to their slot's end plus the
        // zone's pickup time), so bookings made for one day are seen by the next
        List<AssignmentPlanner.Decision> decisions = new ArrayList<>();
        List<AssignmentPlanner.Unplaced> unplaced = new ArrayList<>();
        int parcels = 0;
        long planNanos = 0;
        for (var day : snapshot.byDeliveryDay(zone).entrySet()) {
            Instant from = bookingStart(day.getKey());
            Instant until = day.getValue().stream()
                    .flatMap(o -> o.parcels().stream().map(p -> bookingEnd(snapshot, o.id(), p)))
                    .max(Instant::compareTo)
                    .orElse(from.plusSeconds(1));
            snapshot.loadFree(jdbc, from, until.isAfter(from) ? until : from.plusSeconds(1));
            long p0 = System.nanoTime();
            AssignmentPlanner.Result result = AssignmentPlanner.plan(snapshot.input(day.getValue()));
            planNanos += System.nanoTime() - p0;
            List<Long> ids = result.decisions().stream()
                    .map(AssignmentPlanner.Decision::orderId)
                    .toList();
            List<Long> moved =
                    lifecycle.moveAll(ids, OrderState.PLACED, OrderState.ASSIGNED, actor, "assignment run " + runId);
            if (moved.size() != ids.size()) {
                throw new IllegalStateException("orders locked by this run changed state under it");
            }
            writeDecisions(snapshot, result.decisions());
            parcels += reserveCompartments(snapshot, result.decisions(), from);
            decisions.addAll(result.decisions());
            unplaced.addAll(result.unplaced());
        }
        long t3 = System.nanoTime();
        writeUnplaced(runId, unplaced);
        for (AssignmentRunResponse.Avoided a : snapshot.avoided.values()) {
            jdbc.sql(
                            """
                            insert into assignment_run_avoided (run_id, locker_bank_id, zone, alert_id, type, since)
                            values (?, ?, ?, ?, ?, ?)
                            """)
                    .params(runId, a.lockerBankId(), a.zone(), a.alertId(), a.type(), Timestamp.from(a.since()))
                    .update();
        }
        finish(runId, snapshot, decisions, unplaced, parcels);
        log.info(
                "Assignment run {}: {} orders, {} assigned, {} left PLACED (read {} ms, road times {} ms, plan {} ms, plan and write {} ms)",
                runId,
                snapshot.orders.size(),
                decisions.size(),
                unplaced.size(),
                (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000,
                planNanos / 1_000_000,
                (System.nanoTime() - t2) / 1_000_000);
        return runId;
    }

    /** Road times from homes to banks and stores, and from stores to banks; unroutable homes are dropped. */
    private void matrices(Snapshot s) {
        List<GeoPoint> targets = new ArrayList<>(s.bankPoints);
        targets.addAll(s.storePoints);
        List<GeoPoint> homes = new ArrayList<>(s.homePoints);
        int[] homeIndex = s.homeIndexOfRow;
        TravelMatrix homeMatrix = null;
        while (homeMatrix == null && !homes.isEmpty()) {
            try {
                homeMatrix = roads.routing().matrixFromJunctions(homes, targets);
            } catch (UnroutablePointException e) {
                if (e.index() >= homes.size()) {
                    throw e; // a bank or store off the network is a configuration error
                }
                log.warn("Resident home {} is off the road network; judged as unknown", e.point());
                homes.remove(e.index());
                // rows after the dropped one shift down
                for (int r = 0; r < homeIndex.length; r++) {
                    if (homeIndex[r] == e.index()) {
                        homeIndex[r] = -1;
                    } else if (homeIndex[r] > e.index()) {
                        homeIndex[r]--;
                    }
                }
            }
        }
        int banks = s.bankPoints.size();
        int stores = s.storePoints.size();
        double[][] homeToBank = new double[homes.size()][banks];
        double[][] homeToStore = new double[homes.size()][stores];
        for (int h = 0; h < homes.size(); h++) {
            homeToBank[h] = Arrays.copyOfRange(homeMatrix.seconds()[h], 0, banks);
            homeToStore[h] = Arrays.copyOfRange(homeMatrix.seconds()[h], banks, banks + stores);
        }
        TravelMatrix storeMatrix = roads.routing().matrix(s.storePoints, s.bankPoints);
        s.homeToBank = homeToBank;
        s.homeToStore = homeToStore;
        s.storeToBank = storeMatrix.seconds();
    }

    private void writeDecisions(Snapshot s, List<AssignmentPlanner.Decision> decisions) {
        int n = decisions.size();
        Long[] ids = new Long[n];
        String[] stores = new String[n];
        String[] banks = new String[n];
        String[] modes = new String[n];
        List<StockLedger.Take> takes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AssignmentPlanner.Decision d = decisions.get(i);
            ids[i] = d.orderId();
            stores[i] = s.storeIds.get(d.store());
            banks[i] = d.bank() >= 0 ? s.bankIds.get(d.bank()) : null;
            modes[i] = d.bank() >= 0 ? "LOCKER" : "STORE";
            for (AssignmentPlanner.Line line : s.ordersById.get(d.orderId()).lines()) {
                // first expired, first out: the lots that expire first go first
                takes.addAll(StockLedger.fefo(
                        d.orderId(),
                        line.productId(),
                        line.quantity(),
                        s.lots.get(stores[i] + "|" + line.productId())));
            }
        }
        jdbc.sql(
                        """
                        update customer_order o set store_id = d.store_id, locker_bank_id = d.bank_id,
                            pickup_mode = d.mode, note = null
                        from unnest(?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[]) as d(id, store_id, bank_id, mode)
                        where o.id = d.id
                        """)
                .params(ids, stores, banks, modes)
                .update();
        stock.reserve(takes);
    }

    /** A booking for a delivery day starts at that day's shift start, or now when that has passed. */
    private Instant bookingStart(java.time.LocalDate day) {
        Instant shift = day.atTime(shiftStart).atZone(zone).toInstant();
        Instant now = Instant.now();
        return shift.isAfter(now) ? shift : now;
    }

    /** A parcel's booking lasts until its slot's end plus as long as its zone may wait for pickup. */
    private Instant bookingEnd(Snapshot s, long orderId, AssignmentPlanner.Parcel parcel) {
        return s.slots.get(orderId)[1].plus(lockers.hold(TemperatureZone.valueOf(parcel.zone())));
    }

    private int reserveCompartments(Snapshot s, List<AssignmentPlanner.Decision> decisions, Instant from) {
        List<CompartmentReservations.Hold> holds = new ArrayList<>();
        for (AssignmentPlanner.Decision d : decisions) {
            if (d.bank() < 0) {
                continue;
            }
            for (AssignmentPlanner.Parcel parcel : s.ordersById.get(d.orderId()).parcels()) {
                int size = d.sizes().get(parcel.id());
                ArrayDeque<Long> free = s.freeCompartments.get(
                        s.bankIds.get(d.bank()) + "|" + parcel.zone() + "|" + CompartmentSize.values()[size].name());
                holds.add(new CompartmentReservations.Hold(
                        parcel.id(), free.pop(), from, bookingEnd(s, d.orderId(), parcel)));
            }
        }
        reservations.reserve(holds);
        return holds.size();
    }

    private void writeUnplaced(long runId, List<AssignmentPlanner.Unplaced> unplaced) {
        if (unplaced.isEmpty()) {
            return;
        }
        Long[] ids = unplaced.stream().map(AssignmentPlanner.Unplaced::orderId).toArray(Long[]::new);
        String[] reasons =
                unplaced.stream().map(AssignmentPlanner.Unplaced::reason).toArray(String[]::new);
        jdbc.sql(
                        """
                        update customer_order o set note = u.reason, updated_at = now()
                        from unnest(?::bigint[], ?::varchar[]) as u(id, reason) where o.id = u.id
                        """)
                .params(ids, reasons)
                .update();
        jdbc.sql(
                        """
                        insert into assignment_run_unplaced (run_id, order_id, reason)
                        select ?, u.id, u.reason from unnest(?::bigint[], ?::varchar[]) as u(id, reason)
                        """)
                .params(runId, ids, reasons)
                .update();
    }

    private void finish(
            long runId,
            Snapshot s,
            List<AssignmentPlanner.Decision> decisions,
            List<AssignmentPlanner.Unplaced> unplaced,
            int parcels) {
        int toLocker = (int) decisions.stream().filter(d -> d.bank() >= 0).count();
        int fallbacks = (int)
                decisions.stream().filter(AssignmentPlanner.Decision::fallback).count();
        double travel = decisions.stream()
                .mapToDouble(AssignmentPlanner.Decision::seconds)
                .sum();
        jdbc.sql(
                        """
                        update assignment_run set finished_at = now(), orders_considered = ?, to_locker = ?, to_store = ?,
                            store_fallbacks = ?, left_placed = ?, parcels_reserved = ?, travel_seconds = ?
                        where id = ?
                        """)
                .params(
                        s.orders.size(),
                        toLocker,
                        decisions.size() - toLocker,
                        fallbacks,
                        unplaced.size(),
                        parcels,
                        travel,
                        runId)
                .update();
    }

    /** Thrown when a run fails; the run is recorded as FAILED with the error. */
    public static class AssignmentFailedException extends RuntimeException {
        private final long runId;

        AssignmentFailedException(long runId, Throwable cause) {
            super("assignment run " + runId + " failed: " + cause.getMessage(), cause);
            this.runId = runId;
        }

        public long runId() {
            return runId;
        }
    }
}
