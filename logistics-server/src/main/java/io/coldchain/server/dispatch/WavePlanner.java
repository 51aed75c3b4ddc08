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
    private final Roads roads;
    private final WavePlans plans;
    private final ColdchainProperties.Dispatch config;
    private final ZoneId zone;
    final Map<Long, WaveResponse.Progress> progress = new ConcurrentHashMap<>();
    final Map<Long, Boolean> cancelled = new ConcurrentHashMap<>();

    private final io.micrometer.core.instrument.Timer planningTimer;

    WavePlanner(
            JdbcClient jdbc,
            Roads roads,
            WavePlans plans,
            ColdchainProperties properties,
            io.micrometer.core.instrument.MeterRegistry meters) {
        this.planningTimer = io.micrometer.core.instrument.Timer.builder("coldchain.wave.planning")
                .description("wave planning, from its start to the plan stored (or the failure recorded)")
                .register(meters);
        this.jdbc = jdbc;
        this.roads = roads;
        this.plans = plans;
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
        io.micrometer.core.instrument.Timer.Sample sample = io.micrometer.core.instrument.Timer.start();
        try {
            planOrFail(waveId);
        } catch (RuntimeException e) {
            log.error("Planning wave {} failed", waveId, e);
            plans.finishFailed(waveId, String.valueOf(e.getMessage()));
        } finally {
            sample.stop(planningTimer);
            progress.remove(waveId);
            cancelled.remove(waveId);
        }
    }

    /**
     * When a wave for {@code date} can leave: the shift's start, or for today now plus the loading
     * time when that is later.
     */
    Instant earliestDeparture(LocalDate date) {
        Instant start = at(date, config.shiftStart());
        Instant loaded = Instant.now().plus(config.loadingTime());
        return loaded.isAfter(start) ? loaded : start;
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
        double dayStart = seconds(base, at(date, config.shiftStart()));
        double shiftEnd = seconds(base, at(date, config.shiftEnd()));
        // no route starts in the past: today's wave leaves once the vehicles can be loaded
        Instant earliest = earliestDeparture(date);
        double shiftStart = seconds(base, earliest);
        jdbc.sql("update wave set shift_start = ? where id = ?")
                .params(Timestamp.from(earliest), waveId)
                .update();

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
                        Timestamp.from(base.plusSeconds((long) dayStart)))
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
                    boolean late = shiftStart > dayStart
                            && Math.min(Math.min(deadline, opening[1]), shiftEnd) >= Math.max(dayStart, opening[0]);
                    String why = late
                            ? "cannot be delivered in time today: the earliest departure is " + clock(earliest)
                                    + " (now plus the " + config.loadingTime().toMinutes()
                                    + " min loading time), after the parcel's pickup slot begins"
                            : "no delivery time: the bank is open and the shift runs only after its pickup slot has begun";
                    chunk.forEach(p -> unserved.put(p.id(), why));
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
            plans.finishCancelled(waveId);
            return;
        }
        if (jobs.isEmpty() || vehicles.isEmpty()) {
            String why = "no vehicle of these stores is free on " + date;
            if (!jobs.isEmpty()) {
                jobs.values().forEach(s -> s.parcels().forEach(p -> unserved.put(p.id(), why)));
            }
            plans.store(
                    waveId,
                    base,
                    null,
                    null,
                    List.of(),
                    Map.of(),
                    unserved,
                    jobs.isEmpty() && unserved.isEmpty()
                            ? "no assigned locker parcels of these stores are due on " + date
                            : null,
                    null);
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
        SolverMonitor.Progress[] last = new SolverMonitor.Progress[1];
        VrpSolution solution = roads.routing()
                .solve(
                        problem,
                        SolverOptions.timeLimited(waveId, Duration.ofSeconds(limit))
                                .stoppingWhenStalled(config.planningStallShare()),
                        new SolverMonitor() {
                            @Override
                            public void progress(Progress p) {
                                last[0] = p;
                                progress.put(waveId, WaveResponse.Progress.of(p));
                            }

                            @Override
                            public boolean cancelled() {
                                return cancelled.containsKey(waveId);
                            }
                        });
        log.info(
                "Wave {}: search stopped ({}) after {} iterations in {} ms",
                waveId,
                last[0].stopReason(),
                last[0].iterations(),
                last[0].elapsed().toMillis());
        if (cancelled.containsKey(waveId)) {
            plans.finishCancelled(waveId);
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
        plans.store(waveId, base, problem, points, solution.routes(), jobs, unserved, null, last[0]);
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

    private String clock(Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("HH:mm")
                .withZone(zone)
                .format(t);
    }

    private static double seconds(Instant base, Instant t) {
        return Duration.between(base, t).toMillis() / 1000.0;
    }
}
