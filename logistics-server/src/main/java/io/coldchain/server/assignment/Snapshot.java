package io.coldchain.server.assignment;

import io.coldchain.routing.road.GeoPoint;
import io.coldchain.server.catalog.StockLedger;
import io.coldchain.server.network.CompartmentSize;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Everything a run reads, locked: orders with their slots, banks and the zones to avoid, stores
 * with stock; the compartments free for a period are loaded per delivery day ({@link #loadFree}).
 */
final class Snapshot {
    final List<AssignmentPlanner.Order> orders = new ArrayList<>();
    final Map<Long, AssignmentPlanner.Order> ordersById = new HashMap<>();
    final List<String> bankIds = new ArrayList<>();
    final List<GeoPoint> bankPoints = new ArrayList<>();
    final List<Map<String, int[]>> free = new ArrayList<>();
    final Map<String, ArrayDeque<Long>> freeCompartments = new HashMap<>();
    /** per order, its pickup slot's start and end */
    final Map<Long, Instant[]> slots = new HashMap<>();

    private Map<String, Integer> bankIndex = new HashMap<>();
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

    /** The planner's input for these orders (of one delivery day) and the free compartments loaded. */
    AssignmentPlanner.Input input(List<AssignmentPlanner.Order> orders) {
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
                Double lon,
                Instant slotStart,
                Instant slotEnd) {}
        List<Row> rows = jdbc.sql(
                        """
                        select o.id, o.fulfilment, o.preferred_locker_bank_id, o.preferred_store_id,
                            o.allow_store_fallback, r.id, r.lat, r.lon, o.slot_start, o.slot_end
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
                        (Double) rs.getObject(8),
                        rs.getTimestamp(9).toInstant(),
                        rs.getTimestamp(10).toInstant()))
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
            s.slots.put(row.id(), new Instant[] {row.slotStart(), row.slotEnd()});
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
        List<StockLedger.FreeLot> free = ledger.lockFreeLots();
        for (StockLedger.FreeLot lot : free) {
            s.stock.get(storeIndex.get(lot.storeId())).merge(lot.productId(), lot.free(), Integer::sum);
        }
        s.lots = StockLedger.byStoreAndProduct(free);
        s.bankIndex = bankIndex;
        return s;
    }

    /**
     * Loads (and locks) the compartments free for bookings within {@code [from, until)}: in
     * service, not in a zone under an open alert, with no booking that overlaps the period.
     */
    void loadFree(JdbcClient jdbc, Instant from, Instant until) {
        this.free.forEach(Map::clear);
        freeCompartments.clear();
        jdbc.sql(
                        """
                        select c.id, c.locker_bank_id, c.zone, c.size from compartment c
                        where c.status <> 'OUT_OF_SERVICE'
                          and not exists (select 1 from parcel p where p.compartment_id = c.id
                                            and p.booked && tstzrange(?, ?))
                        order by c.locker_bank_id, c.zone, c.size, c.code
                        for update of c
                        """)
                .params(Timestamp.from(from), Timestamp.from(until))
                .query(rs -> {
                    if (avoided.containsKey(rs.getString(2) + "|" + rs.getString(3))) {
                        return;
                    }
                    int b = bankIndex.get(rs.getString(2));
                    int size = CompartmentSize.valueOf(rs.getString(4)).ordinal();
                    this.free.get(b).computeIfAbsent(rs.getString(3), z -> new int[4])[size]++;
                    freeCompartments
                            .computeIfAbsent(
                                    rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4),
                                    k -> new ArrayDeque<>())
                            .add(rs.getLong(1));
                });
    }

    /** The orders by the day they are delivered on (their slot's start date), earliest first. */
    java.util.SortedMap<LocalDate, List<AssignmentPlanner.Order>> byDeliveryDay(ZoneId zone) {
        java.util.SortedMap<LocalDate, List<AssignmentPlanner.Order>> days = new java.util.TreeMap<>();
        for (AssignmentPlanner.Order order : orders) {
            LocalDate day = LocalDate.ofInstant(slots.get(order.id())[0], zone);
            days.computeIfAbsent(day, d -> new ArrayList<>()).add(order);
        }
        return days;
    }
}
