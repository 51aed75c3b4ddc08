package io.coldchain.server.assignment;

import io.coldchain.routing.road.GeoPoint;
import io.coldchain.routing.road.TravelMatrix;
import io.coldchain.routing.road.UnroutablePointException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs assignment: one run at a time (a transaction-scoped advisory lock), over every PLACED order
 * not locked by someone else (a cancel in flight), with the free compartments and stock rows locked
 * until the reservations are written. A compartment can never be held twice: the partial unique
 * index on {@code parcel.compartment_id} would fail the run.
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

    AssignmentService(
            JdbcClient jdbc,
            TransactionTemplate tx,
            Roads roads,
            OrderLifecycle lifecycle,
            CompartmentReservations reservations,
            StockLedger stock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.roads = roads;
        this.lifecycle = lifecycle;
        this.reservations = reservations;
        this.stock = stock;
    }

    /** Runs now and returns what it did; a failed run is recorded with its error and rethrown. */
    public AssignmentRunResponse run(String trigger, String actor) {
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
        AssignmentPlanner.Result result = AssignmentPlanner.plan(snapshot.input());
        long t3 = System.nanoTime();
        String reason = "assignment run " + runId;
        List<Long> ids = result.decisions().stream()
                .map(AssignmentPlanner.Decision::orderId)
                .toList();
        List<Long> moved = lifecycle.moveAll(ids, OrderState.PLACED, OrderState.ASSIGNED, actor, reason);
        if (moved.size() != ids.size()) {
            throw new IllegalStateException("orders locked by this run changed state under it");
        }
        writeDecisions(snapshot, result.decisions());
        int parcels = reserveCompartments(snapshot, result.decisions());
        writeUnplaced(runId, result.unplaced());
        for (AssignmentRunResponse.Avoided a : snapshot.avoided.values()) {
            jdbc.sql(
                            """
                            insert into assignment_run_avoided (run_id, locker_bank_id, zone, alert_id, type, since)
                            values (?, ?, ?, ?, ?, ?)
                            """)
                    .params(runId, a.lockerBankId(), a.zone(), a.alertId(), a.type(), Timestamp.from(a.since()))
                    .update();
        }
        finish(runId, snapshot, result.decisions(), result.unplaced(), parcels);
        log.info(
                "Assignment run {}: {} orders, {} assigned, {} left PLACED (read {} ms, road times {} ms, plan {} ms, write {} ms)",
                runId,
                snapshot.orders.size(),
                result.decisions().size(),
                result.unplaced().size(),
                (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000,
                (t3 - t2) / 1_000_000,
                (System.nanoTime() - t3) / 1_000_000);
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

    private int reserveCompartments(Snapshot s, List<AssignmentPlanner.Decision> decisions) {
        List<CompartmentReservations.Hold> holds = new ArrayList<>();
        for (AssignmentPlanner.Decision d : decisions) {
            if (d.bank() < 0) {
                continue;
            }
            for (AssignmentPlanner.Parcel parcel : s.ordersById.get(d.orderId()).parcels()) {
                int size = d.sizes().get(parcel.id());
                ArrayDeque<Long> free = s.freeCompartments.get(
                        s.bankIds.get(d.bank()) + "|" + parcel.zone() + "|" + CompartmentSize.values()[size].name());
                holds.add(new CompartmentReservations.Hold(parcel.id(), free.pop()));
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

    /** Everything a run reads, locked: orders, banks with free compartments, stores with stock. */
    static final class Snapshot {
        final List<AssignmentPlanner.Order> orders = new ArrayList<>();
        final Map<Long, AssignmentPlanner.Order> ordersById = new HashMap<>();
        final List<String> bankIds = new ArrayList<>();
        final List<GeoPoint> bankPoints = new ArrayList<>();
        final List<Map<String, int[]>> free = new ArrayList<>();
        final Map<String, ArrayDeque<Long>> freeCompartments = new HashMap<>();
        /** per {@code bankId|zone}, the open temperature alert that keeps new parcels out */
        final Map<String, AssignmentRunResponse.Avoided> avoided = new java.util.TreeMap<>();

        final List<String> storeIds = new ArrayList<>();
        final List<GeoPoint> storePoints = new ArrayList<>();
        final List<Map<String, Integer>> stock = new ArrayList<>();
        Map<String, java.util.Deque<StockLedger.FreeLot>> lots = new HashMap<>(); // store|product, FEFO
        final List<GeoPoint> homePoints = new ArrayList<>();
        int[] homeIndexOfRow;
        double[][] homeToBank;
        double[][] homeToStore;
        double[][] storeToBank;

        AssignmentPlanner.Input input() {
            List<AssignmentPlanner.Order> withHomes = new ArrayList<>();
            for (int o = 0; o < orders.size(); o++) {
                AssignmentPlanner.Order order = orders.get(o);
                withHomes.add(new AssignmentPlanner.Order(
                        order.id(),
                        order.locker(),
                        order.preferredBank(),
                        order.preferredStore(),
                        order.allowFallback(),
                        order.home() < 0 ? -1 : homeIndexOfRow[order.home()],
                        order.lines(),
                        order.parcels()));
            }
            Map<String, String> avoidedByIndex = new HashMap<>();
            avoided.values()
                    .forEach(a -> avoidedByIndex.put(
                            bankIds.indexOf(a.lockerBankId()) + "|" + a.zone(),
                            "has its " + a.zone() + " zone under an open " + a.type() + " alert (" + a.alertId()
                                    + ", since " + a.since() + "); fresh goods wait until it clears"));
            return new AssignmentPlanner.Input(
                    withHomes, bankIds, free, storeIds, stock, homeToBank, homeToStore, storeToBank, avoidedByIndex);
        }

        static Snapshot load(JdbcClient jdbc, StockLedger ledger, int maxOrders) {
            Snapshot s = new Snapshot();
            Map<String, Integer> bankIndex = new HashMap<>();
            jdbc.sql("select id, lat, lon from locker_bank order by id").query(rs -> {
                bankIndex.put(rs.getString(1), s.bankIds.size());
                s.bankIds.add(rs.getString(1));
                s.bankPoints.add(new GeoPoint(rs.getDouble(2), rs.getDouble(3)));
                s.free.add(new HashMap<>());
            });
            Map<String, Integer> storeIndex = new HashMap<>();
            jdbc.sql("select id, lat, lon from store order by id").query(rs -> {
                storeIndex.put(rs.getString(1), s.storeIds.size());
                s.storeIds.add(rs.getString(1));
                s.storePoints.add(new GeoPoint(rs.getDouble(2), rs.getDouble(3)));
                s.stock.add(new HashMap<>());
            });
            record Row(
                    long id,
                    boolean locker,
                    String bank,
                    String store,
                    boolean fallback,
                    long resident,
                    Double lat,
                    Double lon) {}
            List<Row> rows = jdbc.sql(
                            """
                            select o.id, o.fulfilment, o.preferred_locker_bank_id, o.preferred_store_id,
                                o.allow_store_fallback, r.id, r.lat, r.lon
                            from customer_order o join resident r on r.id = o.resident_id
                            where o.state = 'PLACED' order by o.id limit ? for update of o skip locked
                            """)
                    .param(maxOrders)
                    .query((rs, n) -> new Row(
                            rs.getLong(1),
                            "LOCKER".equals(rs.getString(2)),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getBoolean(5),
                            rs.getLong(6),
                            (Double) rs.getObject(7),
                            (Double) rs.getObject(8)))
                    .list();
            if (rows.isEmpty()) {
                return s;
            }
            Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
            Map<Long, List<AssignmentPlanner.Line>> lines = new HashMap<>();
            jdbc.sql(
                            "select order_id, product_id, quantity from order_line where order_id = any(?::bigint[]) order by order_id, line_no")
                    .param(ids)
                    .query(rs -> {
                        lines.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                .add(new AssignmentPlanner.Line(rs.getString(2), rs.getInt(3)));
                    });
            Map<Long, List<AssignmentPlanner.Parcel>> parcels = new HashMap<>();
            jdbc.sql("select order_id, id, zone, size from parcel where order_id = any(?::bigint[]) order by id")
                    .param(ids)
                    .query(rs -> {
                        parcels.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                .add(new AssignmentPlanner.Parcel(
                                        rs.getLong(2),
                                        rs.getString(3),
                                        CompartmentSize.valueOf(rs.getString(4)).ordinal()));
                    });
            Map<Long, Integer> homeOfResident = new HashMap<>(); // one home point per resident, not per order
            for (Row row : rows) {
                int home = -1;
                if (row.lat() != null && row.lon() != null) {
                    home = homeOfResident.computeIfAbsent(row.resident(), r -> {
                        s.homePoints.add(new GeoPoint(row.lat(), row.lon()));
                        return s.homePoints.size() - 1;
                    });
                }
                AssignmentPlanner.Order order = new AssignmentPlanner.Order(
                        row.id(),
                        row.locker(),
                        row.bank() == null ? -1 : bankIndex.get(row.bank()),
                        row.store() == null ? -1 : storeIndex.get(row.store()),
                        row.fallback(),
                        home,
                        lines.getOrDefault(row.id(), List.of()),
                        parcels.getOrDefault(row.id(), List.of()));
                s.orders.add(order);
                s.ordersById.put(order.id(), order);
            }
            s.homeIndexOfRow = new int[s.homePoints.size()];
            for (int h = 0; h < s.homeIndexOfRow.length; h++) {
                s.homeIndexOfRow[h] = h;
            }
            // a zone under an open temperature excursion takes no new parcels (they would be held)
            jdbc.sql(
                            """
                            select a.asset_id, a.alert_id, a.type, a.started_at from alert a
                            where a.gateway_state <> 'CLEARED' and a.status <> 'RESOLVED'
                              and a.type in ('TEMPERATURE_HIGH','TEMPERATURE_LOW')
                            order by a.started_at
                            """)
                    .query(rs -> {
                        String[] asset = rs.getString(1).split("/", 2);
                        if (asset.length == 2 && bankIndex.containsKey(asset[0])) {
                            s.avoided.putIfAbsent(
                                    asset[0] + "|" + asset[1],
                                    new AssignmentRunResponse.Avoided(
                                            asset[0],
                                            asset[1],
                                            rs.getString(2),
                                            rs.getString(3),
                                            rs.getTimestamp(4).toInstant()));
                        }
                    });
            jdbc.sql(
                            """
                            select c.id, c.locker_bank_id, c.zone, c.size from compartment c
                            where c.status = 'AVAILABLE'
                              and not exists (select 1 from parcel p where p.compartment_id = c.id)
                            order by c.locker_bank_id, c.zone, c.size, c.code
                            for update of c
                            """)
                    .query(rs -> {
                        if (s.avoided.containsKey(rs.getString(2) + "|" + rs.getString(3))) {
                            return;
                        }
                        int b = bankIndex.get(rs.getString(2));
                        int size = CompartmentSize.valueOf(rs.getString(4)).ordinal();
                        s.free.get(b).computeIfAbsent(rs.getString(3), z -> new int[4])[size]++;
                        s.freeCompartments
                                .computeIfAbsent(
                                        rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4),
                                        k -> new ArrayDeque<>())
                                .add(rs.getLong(1));
                    });
            List<StockLedger.FreeLot> free = ledger.lockFreeLots();
            for (StockLedger.FreeLot lot : free) {
                s.stock.get(storeIndex.get(lot.storeId())).merge(lot.productId(), lot.free(), Integer::sum);
            }
            s.lots = StockLedger.byStoreAndProduct(free);
            return s;
        }
    }
}
