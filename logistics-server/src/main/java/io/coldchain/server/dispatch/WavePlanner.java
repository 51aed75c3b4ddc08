package io.coldchain.server.dispatch;

import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.routing.road.GeoPoint;
import io.coldchain.routing.road.TravelMatrix;
import io.coldchain.routing.vrp.FeasibilityChecker;
import io.coldchain.routing.vrp.JobDiagnosis;
import io.coldchain.routing.vrp.Objective;
import io.coldchain.routing.vrp.SolverMonitor;
import io.coldchain.routing.vrp.SolverOptions;
import io.coldchain.routing.vrp.TimeWindow;
import io.coldchain.routing.vrp.VrpJob;
import io.coldchain.routing.vrp.VrpProblem;
import io.coldchain.routing.vrp.VrpSolution;
import io.coldchain.routing.vrp.VrpVehicle;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.roads.Roads;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Plans one wave: one job per (store, locker bank) with the parcels going there merged (split only
 * when they exceed every vehicle of the store), time windows from the bank's opening hours and the
 * parcels' pickup slots, the cold ride limit for FROZEN and CHILLED parcels, vehicles with their
 * zone capacities (litres and kg per zone) and the day's shift, road times from the matrix. The
 * solution is checked by the routing library's independent checker before it is stored.
 */
@Component
class WavePlanner {

    private static final Logger log = LoggerFactory.getLogger(WavePlanner.class);
    static final TemperatureZone[] ZONES = TemperatureZone.values();

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Roads roads;
    private final ColdchainProperties.Dispatch config;
    private final ZoneId zone;
    final Map<Long, WaveResponse.Progress> progress = new ConcurrentHashMap<>();
    final Map<Long, Boolean> cancelled = new ConcurrentHashMap<>();

    WavePlanner(JdbcClient jdbc, TransactionTemplate tx, Roads roads, ColdchainProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.roads = roads;
        this.config = properties.dispatch();
        this.zone = properties.orders().timeZone();
    }

    record ParcelRow(
            long id,
            long orderId,
            TemperatureZone zone,
            double litres,
            double kg,
            String storeId,
            String bankId,
            Instant slotStart,
            Instant slotEnd) {}

    /** A job's parcels and where it goes. */
    record Stop(
            String storeId,
            String bankId,
            List<ParcelRow> parcels,
            double windowStart,
            double windowEnd,
            double service,
            Double maxRide) {}

    Instant base(LocalDate date) {
        return date.atStartOfDay(zone).toInstant();
    }

    Instant at(LocalDate date, LocalTime time) {
        return date.atTime(time).atZone(zone).toInstant();
    }

    /** Plans wave {@code waveId}; never throws (a failure is recorded on the wave). */
    void plan(long waveId) {
        try {
            planOrFail(waveId);
        } catch (RuntimeException e) {
            log.error("Planning wave {} failed", waveId, e);
            finishFailed(waveId, String.valueOf(e.getMessage()));
        } finally {
            progress.remove(waveId);
            cancelled.remove(waveId);
        }
    }

    private void planOrFail(long waveId) {
        var wave = jdbc.sql("select delivery_date, store_ids, time_limit_s from wave where id = ?")
                .param(waveId)
                .query((rs, n) -> new Object[] {rs.getDate(1).toLocalDate(), rs.getString(2), rs.getInt(3)})
                .single();
        LocalDate date = (LocalDate) wave[0];
        List<String> storeIds = List.of(((String) wave[1]).split(","));
        int limit = (Integer) wave[2];
        Instant base = base(date);
        double shiftStart = seconds(base, at(date, config.shiftStart()));
        double shiftEnd = seconds(base, at(date, config.shiftEnd()));

        List<ParcelRow> parcels = jdbc.sql(
                        """
                        select p.id, p.order_id, p.zone, p.volume_litres, p.weight_kg, o.store_id, o.locker_bank_id,
                            o.slot_start, o.slot_end
                        from parcel p join customer_order o on o.id = p.order_id
                        where o.state = 'ASSIGNED' and o.pickup_mode = 'LOCKER' and o.store_id = any(?::varchar[])
                          and p.route_stop_id is null and o.slot_start < ? and o.slot_end > ?
                        order by o.store_id, o.locker_bank_id, p.id
                        """)
                .params(
                        storeIds.toArray(String[]::new),
                        Timestamp.from(base(date.plusDays(1))),
                        Timestamp.from(base.plusSeconds((long) shiftStart)))
                .query((rs, n) -> new ParcelRow(
                        rs.getLong(1),
                        rs.getLong(2),
                        TemperatureZone.valueOf(rs.getString(3)),
                        rs.getDouble(4),
                        rs.getDouble(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getTimestamp(8).toInstant(),
                        rs.getTimestamp(9).toInstant()))
                .list();
        List<VrpVehicle> vehiclesWithoutLocation = loadVehicles(storeIds, date, shiftStart, shiftEnd);

        // points: stores first, then the banks served
        List<String> pointIds = new ArrayList<>(storeIds);
        Map<String, Integer> pointIndex = new HashMap<>();
        for (int i = 0; i < storeIds.size(); i++) {
            pointIndex.put("S:" + storeIds.get(i), i);
        }
        Map<String, List<ParcelRow>> byStop = new LinkedHashMap<>();
        for (ParcelRow p : parcels) {
            byStop.computeIfAbsent(p.storeId() + "|" + p.bankId(), k -> new ArrayList<>())
                    .add(p);
            if (!pointIndex.containsKey("B:" + p.bankId())) {
                pointIndex.put("B:" + p.bankId(), pointIds.size());
                pointIds.add(p.bankId());
            }
        }
        Map<String, GeoPoint> located = new HashMap<>();
        jdbc.sql(
                        """
                        select 'S:' || id, lat, lon from store where id = any(?::varchar[])
                        union all select 'B:' || id, lat, lon from locker_bank where id = any(?::varchar[])
                        """)
                .params(
                        storeIds.toArray(String[]::new),
                        pointIds.subList(storeIds.size(), pointIds.size()).toArray(String[]::new))
                .query(rs -> {
                    located.put(rs.getString(1), new GeoPoint(rs.getDouble(2), rs.getDouble(3)));
                });
        List<GeoPoint> points = new ArrayList<>();
        for (int i = 0; i < pointIds.size(); i++) {
            points.add(located.get((i < storeIds.size() ? "S:" : "B:") + pointIds.get(i)));
        }
        List<VrpVehicle> vehicles = vehiclesWithoutLocation.stream()
                .map(v -> new VrpVehicle(
                        v.id(),
                        v.depotId(),
                        pointIndex.get("S:" + v.depotId()),
                        v.capacity(),
                        v.shiftStart(),
                        v.shiftEnd()))
                .toList();

        Map<String, Stop> jobs = new LinkedHashMap<>();
        Map<Long, String> unserved = new LinkedHashMap<>();
        Map<String, double[]> openingByBank = new HashMap<>();
        for (var entry : byStop.entrySet()) {
            String storeId = entry.getValue().get(0).storeId();
            String bankId = entry.getValue().get(0).bankId();
            double[] opening = openingByBank.computeIfAbsent(bankId, b -> openingSeconds(b, date, base));
            double[] maxCapacity = maxCapacity(vehicles, storeId);
            List<ParcelRow> carriable = new ArrayList<>();
            for (ParcelRow p : entry.getValue()) {
                int z = p.zone().ordinal() * 2;
                if (maxCapacity[z] < p.litres() || maxCapacity[z + 1] < p.kg()) {
                    unserved.put(
                            p.id(),
                            maxCapacity[z] == 0
                                    ? "no free vehicle of " + storeId + " has a " + p.zone() + " compartment"
                                    : "the parcel is larger than every " + p.zone() + " compartment of " + storeId
                                            + "'s vehicles");
                } else {
                    carriable.add(p);
                }
            }
            for (List<ParcelRow> chunk : chunks(carriable, maxCapacity)) {
                double deadline = Double.POSITIVE_INFINITY;
                for (ParcelRow p : chunk) {
                    double start = seconds(base, p.slotStart());
                    deadline = Math.min(deadline, start > shiftStart ? start : seconds(base, p.slotEnd()));
                }
                double windowStart = Math.max(shiftStart, opening[0]);
                double windowEnd = Math.min(Math.min(deadline, opening[1]), shiftEnd);
                if (windowEnd < windowStart) {
                    chunk.forEach(
                            p -> unserved.put(
                                    p.id(),
                                    "no delivery time: the bank is open and the shift runs only after its pickup slot has begun"));
                    continue;
                }
                boolean cold = chunk.stream()
                        .anyMatch(p -> p.zone() == TemperatureZone.FROZEN || p.zone() == TemperatureZone.CHILLED);
                double service = config.stopService().toSeconds()
                        + chunk.size() * (double) config.parcelService().toSeconds();
                jobs.put(
                        "J" + (jobs.size() + 1),
                        new Stop(
                                storeId,
                                bankId,
                                chunk,
                                windowStart,
                                windowEnd,
                                service,
                                cold ? (double) config.coldRideLimit().toSeconds() : null));
            }
        }
        if (cancelled.containsKey(waveId)) {
            finishCancelled(waveId);
            return;
        }
        if (jobs.isEmpty() || vehicles.isEmpty()) {
            String why = "no vehicle of these stores is free on " + date;
            if (!jobs.isEmpty()) {
                jobs.values().forEach(s -> s.parcels().forEach(p -> unserved.put(p.id(), why)));
            }
            store(
                    waveId,
                    base,
                    null,
                    null,
                    List.of(),
                    Map.of(),
                    unserved,
                    jobs.isEmpty() && unserved.isEmpty()
                            ? "no assigned locker parcels of these stores are due on " + date
                            : null);
            return;
        }
        TravelMatrix matrix = roads.routing().matrix(points);
        List<VrpJob> vrpJobs = new ArrayList<>();
        for (var entry : jobs.entrySet()) {
            Stop stop = entry.getValue();
            double[] demand = new double[ZONES.length * 2];
            for (ParcelRow p : stop.parcels()) {
                demand[p.zone().ordinal() * 2] += p.litres();
                demand[p.zone().ordinal() * 2 + 1] += p.kg();
            }
            vrpJobs.add(new VrpJob(
                    entry.getKey(),
                    pointIndex.get("B:" + stop.bankId()),
                    demand,
                    List.of(new TimeWindow(stop.windowStart(), stop.windowEnd())),
                    stop.service(),
                    stop.storeId(),
                    stop.maxRide() == null ? Double.POSITIVE_INFINITY : stop.maxRide()));
        }
        VrpProblem problem = new VrpProblem(vrpJobs, vehicles, matrix, Objective.TRAVEL_TIME);
        VrpSolution solution = roads.routing()
                .solve(problem, SolverOptions.timeLimited(waveId, Duration.ofSeconds(limit)), new SolverMonitor() {
                    @Override
                    public void improved(int vehicleCount, double cost, int unassigned, long iteration) {
                        progress.put(waveId, new WaveResponse.Progress(iteration, vehicleCount, cost, unassigned));
                    }

                    @Override
                    public boolean cancelled() {
                        return cancelled.containsKey(waveId);
                    }
                });
        if (cancelled.containsKey(waveId)) {
            finishCancelled(waveId);
            return;
        }
        var violations = new FeasibilityChecker(problem).check(solution);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("the plan breaks " + violations);
        }
        for (String jobId : solution.unassignedJobIds()) {
            VrpJob job = vrpJobs.stream()
                    .filter(j -> j.id().equals(jobId))
                    .findFirst()
                    .orElseThrow();
            JobDiagnosis.Reason reason = JobDiagnosis.explain(problem, job);
            jobs.get(jobId).parcels().forEach(p -> unserved.put(p.id(), reason.constraint() + ": " + reason.detail()));
        }
        store(waveId, base, problem, points, solution.routes(), jobs, unserved, null);
    }

    /**
     * The stores' vehicles with their zone capacities; a vehicle that already has a live route that
     * day starts its shift when that route is back at the store.
     */
    private List<VrpVehicle> loadVehicles(List<String> storeIds, LocalDate date, double shiftStart, double shiftEnd) {
        Map<String, double[]> capacity = new LinkedHashMap<>();
        Map<String, String> home = new HashMap<>();
        jdbc.sql(
                        """
                        select v.id, v.home_store_id, c.zone, c.capacity_litres, c.capacity_kg
                        from vehicle v join vehicle_compartment c on c.vehicle_id = v.id
                        where v.home_store_id = any(?::varchar[]) order by v.id
                        """)
                .param(storeIds.toArray(String[]::new))
                .query(rs -> {
                    double[] cap = capacity.computeIfAbsent(rs.getString(1), k -> new double[ZONES.length * 2]);
                    home.put(rs.getString(1), rs.getString(2));
                    int z = TemperatureZone.valueOf(rs.getString(3)).ordinal();
                    cap[z * 2] = rs.getDouble(4);
                    cap[z * 2 + 1] = rs.getDouble(5);
                });
        Map<String, Double> busyUntil = new HashMap<>();
        Instant base = base(date);
        jdbc.sql(
                        """
                        select vehicle_id, max(return_at) from route
                        where delivery_date = ? and status in ('PLANNED','APPROVED','STARTED') group by vehicle_id
                        """)
                .param(java.sql.Date.valueOf(date))
                .query(rs -> {
                    busyUntil.put(
                            rs.getString(1), seconds(base, rs.getTimestamp(2).toInstant()));
                });
        List<VrpVehicle> vehicles = new ArrayList<>();
        capacity.forEach((id, cap) -> {
            double start = Math.max(shiftStart, busyUntil.getOrDefault(id, shiftStart));
            if (start < shiftEnd) {
                vehicles.add(new VrpVehicle(id, home.get(id), 0, cap, start, shiftEnd));
            }
        });
        return vehicles;
    }

    private static double[] maxCapacity(List<VrpVehicle> vehicles, String storeId) {
        double[] max = new double[ZONES.length * 2];
        for (VrpVehicle v : vehicles) {
            if (v.depotId().equals(storeId)) {
                for (int d = 0; d < max.length; d++) {
                    max[d] = Math.max(max[d], v.capacity()[d]);
                }
            }
        }
        return max;
    }

    /** Splits a stop's parcels into loads each of which some vehicle of the store can carry. */
    static List<List<ParcelRow>> chunks(List<ParcelRow> parcels, double[] max) {
        List<List<ParcelRow>> chunks = new ArrayList<>();
        List<ParcelRow> current = new ArrayList<>();
        double[] load = new double[max.length];
        for (ParcelRow p : parcels) {
            int z = p.zone().ordinal() * 2;
            boolean fits = load[z] + p.litres() <= max[z] + 1e-9 && load[z + 1] + p.kg() <= max[z + 1] + 1e-9;
            if (!fits && !current.isEmpty()) {
                chunks.add(current);
                current = new ArrayList<>();
                load = new double[max.length];
            }
            current.add(p);
            load[z] += p.litres();
            load[z + 1] += p.kg();
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    /** When the bank is open on {@code date}, in seconds from the day's start (always open: the whole day). */
    private double[] openingSeconds(String bankId, LocalDate date, Instant base) {
        boolean alwaysOpen = jdbc.sql("select always_open from locker_bank where id = ?")
                .param(bankId)
                .query(Boolean.class)
                .single();
        if (alwaysOpen) {
            return new double[] {0, 86_400};
        }
        List<double[]> hours = jdbc.sql(
                        "select opens, closes from locker_bank_opening_hours where locker_bank_id = ? and day_of_week = ?")
                .params(bankId, date.getDayOfWeek().name())
                .query((rs, n) -> new double[] {
                    seconds(base, at(date, rs.getTime(1).toLocalTime())),
                    seconds(base, at(date, rs.getTime(2).toLocalTime()))
                })
                .list();
        if (hours.isEmpty()) {
            return new double[] {1, 0}; // closed all day: an empty window
        }
        return new double[] {
            hours.stream().mapToDouble(h -> h[0]).min().orElseThrow(),
            hours.stream().mapToDouble(h -> h[1]).max().orElseThrow()
        };
    }

    private void store(
            long waveId,
            Instant base,
            VrpProblem problem,
            List<GeoPoint> points,
            List<VrpSolution.Route> routes,
            Map<String, Stop> jobs,
            Map<Long, String> unserved,
            String note) {
        // geometry before the transaction: route calls are the slow part
        List<String> polylines = new ArrayList<>();
        for (VrpSolution.Route route : routes) {
            polylines.add(geometry(points, path(problem, vehicleOf(problem, route), route)));
        }
        tx.executeWithoutResult(status -> {
            requireNoOverlap(base, routes);
            double drive = 0;
            double metres = 0;
            int planned = 0;
            for (int r = 0; r < routes.size(); r++) {
                VrpSolution.Route route = routes.get(r);
                VrpVehicle vehicle = vehicleOf(problem, route);
                double[] legs = legs(problem, path(problem, vehicle, route));
                drive += legs[0];
                metres += legs[1];
                long routeId = jdbc.sql(
                                """
                                insert into route (wave_id, vehicle_id, store_id, delivery_date, status, departure, return_at,
                                    drive_seconds, distance_m, polyline)
                                select ?, ?, ?, delivery_date, 'PLANNED', ?, ?, ?, ?, ? from wave where id = ? returning id
                                """)
                        .params(
                                waveId,
                                vehicle.id(),
                                vehicle.depotId(),
                                ts(base, route.departure()),
                                ts(base, route.returnTime()),
                                legs[0],
                                legs[1],
                                polylines.get(r),
                                waveId)
                        .query(Long.class)
                        .single();
                double[] load = new double[ZONES.length * 2];
                for (int i = 0; i < route.stops().size(); i++) {
                    VrpSolution.Stop stop = route.stops().get(i);
                    Stop job = jobs.get(stop.jobId());
                    long stopId = jdbc.sql(
                                    """
                                    insert into route_stop (route_id, seq, locker_bank_id, planned_arrival, planned_departure,
                                        window_start, window_end, service_s, max_ride_s, status)
                                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING') returning id
                                    """)
                            .params(
                                    routeId,
                                    i + 1,
                                    job.bankId(),
                                    ts(base, stop.arrival()),
                                    ts(base, stop.departure()),
                                    ts(base, job.windowStart()),
                                    ts(base, job.windowEnd()),
                                    (int) Math.round(job.service()),
                                    job.maxRide() == null ? null : (int) Math.round(job.maxRide()))
                            .query(Long.class)
                            .single();
                    Long[] ids = job.parcels().stream().map(ParcelRow::id).toArray(Long[]::new);
                    int taken = jdbc.sql(
                                    "update parcel set route_stop_id = ? where id = any(?::bigint[]) and route_stop_id is null")
                            .params(stopId, ids)
                            .update();
                    if (taken != ids.length) {
                        throw new IllegalStateException(
                                "parcels of this wave were planned by another wave meanwhile; plan again");
                    }
                    planned += ids.length;
                    for (ParcelRow p : job.parcels()) {
                        load[p.zone().ordinal() * 2] += p.litres();
                        load[p.zone().ordinal() * 2 + 1] += p.kg();
                    }
                }
                for (TemperatureZone z : ZONES) {
                    if (load[z.ordinal() * 2] > 0) {
                        jdbc.sql("insert into route_load (route_id, zone, litres, kg) values (?, ?, ?, ?)")
                                .params(routeId, z.name(), load[z.ordinal() * 2], load[z.ordinal() * 2 + 1])
                                .update();
                    }
                }
            }
            for (var entry : unserved.entrySet()) {
                jdbc.sql("insert into wave_unserved (wave_id, parcel_id, reason) values (?, ?, ?)")
                        .params(waveId, entry.getKey(), truncate(entry.getValue()))
                        .update();
            }
            jdbc.sql(
                            """
                            update wave set status = 'PLANNED', finished_at = now(), vehicles = ?, drive_seconds = ?,
                                distance_m = ?, parcels_planned = ?, parcels_unserved = ?, note = ? where id = ?
                            """)
                    .params(routes.size(), drive, metres, planned, unserved.size(), note, waveId)
                    .update();
        });
        log.info("Wave {} planned: {} routes, {} parcels left unserved", waveId, routes.size(), unserved.size());
    }

    /** Locks the routes' vehicles and refuses a plan that overlaps a live route stored meanwhile. */
    private void requireNoOverlap(Instant base, List<VrpSolution.Route> routes) {
        for (VrpSolution.Route route : routes) {
            jdbc.sql("select id from vehicle where id = ? for update")
                    .param(route.vehicleId())
                    .query(String.class)
                    .single();
            int overlapping = jdbc.sql(
                            """
                            select count(*) from route where vehicle_id = ? and status in ('PLANNED','APPROVED','STARTED')
                              and departure < ? and return_at > ?
                            """)
                    .params(route.vehicleId(), ts(base, route.returnTime()), ts(base, route.departure()))
                    .query(Integer.class)
                    .single();
            if (overlapping > 0) {
                throw new IllegalStateException("vehicle " + route.vehicleId()
                        + " was given an overlapping route by another wave meanwhile; plan again");
            }
        }
    }

    /** The matrix locations a route visits: its depot, each stop, its depot again. */
    private static List<Integer> path(VrpProblem problem, VrpVehicle vehicle, VrpSolution.Route route) {
        Map<String, Integer> location = new HashMap<>();
        problem.jobs().forEach(j -> location.put(j.id(), j.location()));
        List<Integer> path = new ArrayList<>();
        path.add(vehicle.depotLocation());
        route.stops().forEach(s -> path.add(location.get(s.jobId())));
        path.add(vehicle.depotLocation());
        return path;
    }

    private static VrpVehicle vehicleOf(VrpProblem problem, VrpSolution.Route route) {
        return problem.vehicles().stream()
                .filter(v -> v.id().equals(route.vehicleId()))
                .findFirst()
                .orElseThrow();
    }

    /** Drive seconds and metres along the route, depot to depot. */
    private static double[] legs(VrpProblem problem, List<Integer> path) {
        double seconds = 0;
        double metres = 0;
        for (int i = 1; i < path.size(); i++) {
            seconds += problem.costs().time(path.get(i - 1), path.get(i));
            metres += problem.costs().distance(path.get(i - 1), path.get(i));
        }
        return new double[] {seconds, metres};
    }

    /** The road geometry along the path, as an encoded polyline. */
    private String geometry(List<GeoPoint> points, List<Integer> path) {
        List<GeoPoint> line = new ArrayList<>();
        for (int i = 1; i < path.size(); i++) {
            if (path.get(i).equals(path.get(i - 1))) {
                continue;
            }
            List<GeoPoint> leg = roads.routing()
                    .route(points.get(path.get(i - 1)), points.get(path.get(i)))
                    .geometry();
            line.addAll(line.isEmpty() ? leg : leg.subList(Math.min(1, leg.size()), leg.size()));
        }
        return Polyline.encode(line);
    }

    private void finishCancelled(long waveId) {
        jdbc.sql(
                        "update wave set status = 'CANCELLED', finished_at = now(), note = 'planning cancelled' where id = ? and status = 'PLANNING'")
                .param(waveId)
                .update();
    }

    private void finishFailed(long waveId, String why) {
        jdbc.sql("update wave set status = 'FAILED', finished_at = now(), note = ? where id = ?")
                .params(truncate(why), waveId)
                .update();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 497) + "...";
    }

    private static double seconds(Instant base, Instant t) {
        return Duration.between(base, t).toMillis() / 1000.0;
    }

    private static Timestamp ts(Instant base, double seconds) {
        return Timestamp.from(base.plusMillis(Math.round(seconds * 1000)));
    }
}
