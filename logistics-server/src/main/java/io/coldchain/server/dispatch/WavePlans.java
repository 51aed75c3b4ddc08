package io.coldchain.server.dispatch;

import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.routing.road.GeoPoint;
import io.coldchain.routing.vrp.VrpProblem;
import io.coldchain.routing.vrp.VrpSolution;
import io.coldchain.routing.vrp.VrpVehicle;
import io.coldchain.server.dispatch.WavePlanner.ParcelRow;
import io.coldchain.server.dispatch.WavePlanner.Stop;
import io.coldchain.server.roads.Roads;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a wave's plan: its routes with their stops, planned times, loads per zone and road
 * geometry, the parcels it could not serve and why, in one transaction that refuses a plan
 * overlapping a route another wave stored meanwhile; and a wave's end when planning is cancelled
 * or fails.
 */
@Component
class WavePlans {

    private static final Logger log = LoggerFactory.getLogger(WavePlans.class);
    private static final TemperatureZone[] ZONES = TemperatureZone.values();

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Roads roads;

    WavePlans(JdbcClient jdbc, TransactionTemplate tx, Roads roads) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.roads = roads;
    }

    void store(
            long waveId,
            Instant base,
            VrpProblem problem,
            List<GeoPoint> points,
            List<VrpSolution.Route> routes,
            Map<String, Stop> jobs,
            Map<Long, String> unserved,
            String note,
            io.coldchain.routing.vrp.SolverMonitor.Progress search) {
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
                                distance_m = ?, parcels_planned = ?, parcels_unserved = ?, note = ?,
                                iterations = ?, search_seconds = ?, stop_reason = ?
                            where id = ?
                            """)
                    .params(
                            routes.size(),
                            drive,
                            metres,
                            planned,
                            unserved.size(),
                            note,
                            search == null ? null : search.iterations(),
                            search == null ? null : search.elapsed().toMillis() / 1000.0,
                            search == null ? null : search.stopReason(),
                            waveId)
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

    void finishCancelled(long waveId) {
        jdbc.sql(
                        "update wave set status = 'CANCELLED', finished_at = now(), note = 'planning cancelled' where id = ? and status = 'PLANNING'")
                .param(waveId)
                .update();
    }

    void finishFailed(long waveId, String why) {
        jdbc.sql("update wave set status = 'FAILED', finished_at = now(), note = ? where id = ?")
                .params(truncate(why), waveId)
                .update();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 497) + "...";
    }

    private static Timestamp ts(Instant base, double seconds) {
        return Timestamp.from(base.plusMillis(Math.round(seconds * 1000)));
    }
}
