package io.coldchain.server.dispatch;

import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.catalog.StockLedger;
import io.coldchain.server.custody.CustodyLog;
import io.coldchain.server.custody.CustodyType;
import io.coldchain.server.custody.Handoff;
import io.coldchain.server.locker.StopOpenings;
import io.coldchain.server.network.CompartmentReservations;
import io.coldchain.server.network.CompartmentSize;
import io.coldchain.server.order.OrderLifecycle;
import io.coldchain.server.order.OrderState;
import io.coldchain.server.web.ConflictException;
import io.coldchain.server.web.InvalidFieldException;
import io.coldchain.server.web.NotFoundException;
import io.coldchain.server.web.ProblemException;
import io.coldchain.server.web.Problems;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Routes: approve (the goods are picked: orders PICKED, stock taken off the shelf), start (IN_TRANSIT), the
 * courier's arrival and drop-offs (parcels into compartments; an order whose parcels are all in is
 * READY_FOR_PICKUP).
 */
@Service
@Transactional
public class DispatchService {

    private static final Logger log = LoggerFactory.getLogger(DispatchService.class);

    private final JdbcClient jdbc;
    private final OrderLifecycle lifecycle;
    private final CompartmentReservations reservations;
    private final StockLedger stock;
    private final CustodyLog custody;
    private final ColdchainProperties.Dispatch config;
    private final java.time.ZoneId zone;
    private final boolean earlyStartAllowed;

    DispatchService(
            JdbcClient jdbc,
            OrderLifecycle lifecycle,
            CompartmentReservations reservations,
            StockLedger stock,
            CustodyLog custody,
            ColdchainProperties properties) {
        this.jdbc = jdbc;
        this.lifecycle = lifecycle;
        this.reservations = reservations;
        this.stock = stock;
        this.custody = custody;
        this.config = properties.dispatch();
        this.zone = properties.orders().timeZone();
        this.earlyStartAllowed = config.allowEarlyStart() != null
                ? config.allowEarlyStart()
                : properties.demo().enabled();
    }

    // ---- routes

    @Transactional(readOnly = true)
    public List<RouteResponse> routes(Long waveId, LocalDate date) {
        return jdbc
                .sql(
                        """
                        select id from route where (?::bigint is null or wave_id = ?::bigint)
                          and (?::date is null or delivery_date = ?::date) order by id desc limit 200
                        """)
                .params(waveId, waveId, sqlDate(date), sqlDate(date))
                .query(Long.class)
                .list()
                .stream()
                .map(this::route)
                .toList();
    }

    @Transactional(readOnly = true)
    public RouteResponse route(long id) {
        List<RouteResponse.Load> loads = jdbc.sql(
                        "select zone, litres, kg from route_load where route_id = ? order by zone")
                .param(id)
                .query((rs, n) -> new RouteResponse.Load(
                        TemperatureZone.valueOf(rs.getString(1)), rs.getDouble(2), rs.getDouble(3)))
                .list();
        Map<Long, List<RouteResponse.StopParcel>> parcelsByStop = new HashMap<>();
        jdbc.sql(
                        """
                        select p.route_stop_id, p.id, p.order_id, o.state, p.zone, p.size, p.volume_litres, p.weight_kg,
                            c.code, p.delivered_at
                        from parcel p join route_stop s on s.id = p.route_stop_id join customer_order o on o.id = p.order_id
                        left join compartment c on c.id = p.compartment_id
                        where s.route_id = ? order by p.id
                        """)
                .param(id)
                .query(rs -> {
                    parcelsByStop
                            .computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new RouteResponse.StopParcel(
                                    rs.getLong(2),
                                    rs.getLong(3),
                                    rs.getString(4),
                                    TemperatureZone.valueOf(rs.getString(5)),
                                    CompartmentSize.valueOf(rs.getString(6)),
                                    rs.getDouble(7),
                                    rs.getDouble(8),
                                    rs.getString(9),
                                    instant(rs.getTimestamp(10))));
                });
        List<RouteResponse.Stop> stops = jdbc.sql(
                        """
                        select id, seq, locker_bank_id, planned_arrival, planned_departure, window_start, window_end, service_s,
                            max_ride_s, status, arrived_at, delivered_at
                        from route_stop where route_id = ? order by seq
                        """)
                .param(id)
                .query((rs, n) -> {
                    long stopId = rs.getLong(1);
                    List<RouteResponse.StopParcel> parcels = parcelsByStop.getOrDefault(stopId, List.of());
                    return new RouteResponse.Stop(
                            stopId,
                            rs.getInt(2),
                            rs.getString(3),
                            rs.getTimestamp(4).toInstant(),
                            rs.getTimestamp(5).toInstant(),
                            rs.getTimestamp(6).toInstant(),
                            rs.getTimestamp(7).toInstant(),
                            rs.getInt(8),
                            (Integer) rs.getObject(9),
                            rs.getString(10),
                            instant(rs.getTimestamp(11)),
                            instant(rs.getTimestamp(12)),
                            parcels);
                })
                .list();
        return jdbc.sql(
                        """
                        select id, wave_id, vehicle_id, store_id, delivery_date, status, departure, return_at, drive_seconds,
                            distance_m, polyline, version
                        from route where id = ?
                        """)
                .param(id)
                .query((rs, n) -> new RouteResponse(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getDate(5).toLocalDate(),
                        rs.getString(6),
                        rs.getTimestamp(7).toInstant(),
                        rs.getTimestamp(8).toInstant(),
                        rs.getDouble(9),
                        rs.getDouble(10),
                        loads,
                        rs.getString(11),
                        stops,
                        rs.getLong(12)))
                .optional()
                .orElseThrow(() -> new NotFoundException("route", id));
    }

    /**
     * The goods are picked: the route's ASSIGNED orders become PICKED, leave the shelf, and each
     * parcel's custody starts at the store.
     */
    public RouteResponse approve(long id, String actor) {
        moveRoute(id, "PLANNED", "APPROVED");
        jdbc.sql("update route set approved_by = ?, approved_at = now() where id = ?")
                .params(actor, id)
                .update();
        List<Long> orders = ordersOn(id);
        List<Long> picked =
                lifecycle.moveAll(orders, OrderState.ASSIGNED, OrderState.PICKED, actor, "route " + id + " approved");
        stock.takeOffShelf(picked);
        Instant now = Instant.now();
        custody.record(parcelsOf(id, picked).stream()
                .map(p -> new Handoff(
                        p.parcelId(),
                        p.orderId(),
                        CustodyType.PICKED_AT_STORE,
                        p.storeId(),
                        null,
                        p.storeId(),
                        now,
                        "route " + id))
                .toList());
        return route(id);
    }

    /**
     * The vehicle leaves: its PICKED orders are IN_TRANSIT, each parcel loaded into its zone's
     * compartment; whoever starts it drives it unless the dispatcher named a courier. A vehicle
     * drives one route at a time, and a route for a later day starts early only when asked ({@code
     * early}) or allowed by configuration.
     */
    public RouteResponse start(long id, String actor, boolean early) {
        var route = jdbc.sql("select vehicle_id, delivery_date from route where id = ?")
                .param(id)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getDate(2).toLocalDate()})
                .optional()
                .orElseThrow(() -> new NotFoundException("route", id));
        String vehicle = (String) route[0];
        LocalDate day = (LocalDate) route[1];
        LocalDate today = LocalDate.now(zone);
        if (day.isAfter(today) && !early && !earlyStartAllowed) {
            throw new ProblemException(
                            HttpStatus.CONFLICT,
                            Problems.ROUTE_NOT_DUE,
                            "Route not due",
                            "route " + id + " is for " + day + " (today is " + today
                                    + "); to start it before its day, say early=true")
                    .with("deliveryDate", day.toString());
        }
        // one start at a time per vehicle: the vehicle's row is the lock
        jdbc.sql("select id from vehicle where id = ? for update")
                .param(vehicle)
                .query(String.class)
                .list();
        jdbc.sql("select id from route where vehicle_id = ? and status = 'STARTED' and id <> ? order by id limit 1")
                .params(vehicle, id)
                .query(Long.class)
                .optional()
                .ifPresent(underWay -> {
                    throw new ProblemException(
                                    HttpStatus.CONFLICT,
                                    Problems.VEHICLE_ON_ROUTE,
                                    "Vehicle on another route",
                                    "vehicle " + vehicle + " is under way on route " + underWay + "; route " + id
                                            + " can start once that one is completed")
                            .with("routeId", underWay);
                });
        moveRoute(id, "APPROVED", "STARTED");
        jdbc.sql("update route set started_at = now(), courier = coalesce(courier, ?) where id = ?")
                .params(actor, id)
                .update();
        List<Long> moved = lifecycle.moveAll(
                ordersOn(id), OrderState.PICKED, OrderState.IN_TRANSIT, actor, "route " + id + " started");
        Instant now = Instant.now();
        custody.record(parcelsOf(id, moved).stream()
                .map(p -> new Handoff(
                        p.parcelId(),
                        p.orderId(),
                        CustodyType.LOADED,
                        p.vehicleId() + "/" + p.zone(),
                        null,
                        actor,
                        now,
                        "route " + id))
                .toList());
        return route(id);
    }

    /** A parcel of a route with where it comes from and rides in. */
    private record RouteParcel(long parcelId, long orderId, String storeId, String vehicleId, TemperatureZone zone) {}

    private List<RouteParcel> parcelsOf(long routeId, List<Long> orderIds) {
        if (orderIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(
                        """
                        select p.id, p.order_id, r.store_id, r.vehicle_id, p.zone
                        from parcel p join route_stop s on s.id = p.route_stop_id join route r on r.id = s.route_id
                        where r.id = ? and p.order_id = any(?::bigint[]) order by p.id
                        """)
                .params(routeId, orderIds.toArray(Long[]::new))
                .query((rs, n) -> new RouteParcel(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        TemperatureZone.valueOf(rs.getString(5))))
                .list();
    }

    public RouteResponse arrive(long routeId, int seq) {
        long stopId = startedStop(routeId, seq);
        jdbc.sql("update route_stop set status = 'ARRIVED', arrived_at = now() where id = ? and status = 'PENDING'")
                .param(stopId)
                .update();
        return route(routeId);
    }

    /**
     * Records parcels put into compartments at a stop. All or nothing: one parcel that cannot go
     * where the courier says (not on this stop, already in, order on hold or cancelled, compartment
     * taken or of the wrong zone or size) refuses the whole request with the reason.
     */
    public RouteResponse dropOff(long routeId, int seq, DropOffRequest request, String actor) {
        recordDrops(routeId, seq, request, actor);
        return route(routeId);
    }

    /**
     * A locker door closed on a parcel the courier put in through the bank: the same drop-off as the
     * manual report (a refusal is logged: the parcel is physically in, a person must look).
     */
    @EventListener
    void droppedThroughBank(StopOpenings.DropClosed closed) {
        try {
            recordDrops(
                    closed.routeId(),
                    closed.seq(),
                    new DropOffRequest(List.of(new DropOffRequest.Drop(closed.parcelId(), closed.compartment()))),
                    closed.courier());
        } catch (ConflictException | InvalidFieldException e) {
            log.warn(
                    "Parcel {} is in {} {} but its drop-off cannot be recorded: {}",
                    closed.parcelId(),
                    closed.lockerBankId(),
                    closed.compartment(),
                    e.getMessage());
        }
    }

    private void recordDrops(long routeId, int seq, DropOffRequest request, String actor) {
        long stopId = startedStop(routeId, seq);
        String bank = jdbc.sql("select locker_bank_id from route_stop where id = ?")
                .param(stopId)
                .query(String.class)
                .single();
        List<Long> orders = new ArrayList<>();
        List<Handoff> handoffs = new ArrayList<>();
        for (int i = 0; i < request.drops().size(); i++) {
            DropOffRequest.Drop drop = request.drops().get(i);
            var parcel = jdbc.sql(
                            "select p.route_stop_id, p.delivered_at, p.order_id from parcel p where p.id = ? for update")
                    .param(drop.parcelId())
                    .query((rs, n) -> new Object[] {rs.getObject(1), rs.getTimestamp(2), rs.getLong(3)})
                    .optional()
                    .orElseThrow(() -> new NotFoundException("parcel", drop.parcelId()));
            if (parcel[0] == null || ((Number) parcel[0]).longValue() != stopId) {
                throw new InvalidFieldException(
                        "drops[" + i + "].parcelId", "parcel " + drop.parcelId() + " is not on stop " + seq);
            }
            if (parcel[1] != null) {
                throw new ConflictException("parcel " + drop.parcelId() + " was already delivered");
            }
            long orderId = (Long) parcel[2];
            OrderState state = lifecycle.lock(orderId);
            if (state != OrderState.IN_TRANSIT) {
                throw new ConflictException("order " + orderId + " is " + state + "; its parcel " + drop.parcelId()
                        + " cannot be put into a locker");
            }
            String refused = reservations.occupy(drop.parcelId(), bank, drop.compartment());
            if (refused != null) {
                throw new ConflictException(refused);
            }
            jdbc.sql("update parcel set delivered_at = now() where id = ?")
                    .param(drop.parcelId())
                    .update();
            String zone = jdbc.sql("select zone from parcel where id = ?")
                    .param(drop.parcelId())
                    .query(String.class)
                    .single();
            handoffs.add(new Handoff(
                    drop.parcelId(),
                    orderId,
                    CustodyType.DROPPED,
                    bank + "/" + zone,
                    drop.compartment(),
                    bank,
                    Instant.now(),
                    "route " + routeId + " stop " + seq));
            orders.add(orderId);
        }
        List<Long> complete = jdbc.sql(
                        """
                        select o.id from customer_order o where o.id = any(?::bigint[])
                          and not exists (select 1 from parcel p where p.order_id = o.id and p.delivered_at is null)
                        """)
                .param(orders.stream().distinct().toArray(Long[]::new))
                .query(Long.class)
                .list();
        lifecycle.moveAll(complete, OrderState.IN_TRANSIT, OrderState.READY_FOR_PICKUP, actor, "in locker " + bank);
        // after the move: a parcel dropped into a zone under an open alert holds an order that is ready
        custody.record(handoffs);
        jdbc.sql(
                        """
                        update route_stop s set status = 'DELIVERED', delivered_at = now(), arrived_at = coalesce(arrived_at, now())
                        where s.id = ? and not exists (
                            select 1 from parcel p join customer_order o on o.id = p.order_id
                            where p.route_stop_id = s.id and p.delivered_at is null
                              and o.state not in ('CANCELLED','EXPIRED','DISCARDED','ON_HOLD'))
                        """)
                .param(stopId)
                .update();
        jdbc.sql(
                        """
                        update route r set status = 'COMPLETED', completed_at = now(), version = version + 1
                        where r.id = ? and not exists (select 1 from route_stop s where s.route_id = r.id and s.status <> 'DELIVERED')
                        """)
                .param(routeId)
                .update();
    }

    private long startedStop(long routeId, int seq) {
        String status = routeStatus(routeId);
        if (!"STARTED".equals(status)) {
            throw new ConflictException(
                    "route " + routeId + " is " + status + "; stops are reported once it has started");
        }
        return jdbc.sql("select id from route_stop where route_id = ? and seq = ?")
                .params(routeId, seq)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new NotFoundException("stop", routeId + "/" + seq));
    }

    private void moveRoute(long id, String from, String to) {
        String status = routeStatus(id);
        if (!from.equals(status)) {
            throw new ConflictException(
                    "route " + id + " is " + status + "; only a " + from + " route can become " + to);
        }
        jdbc.sql("update route set status = ?, version = version + 1 where id = ?")
                .params(to, id)
                .update();
    }

    private String routeStatus(long id) {
        return jdbc.sql("select status from route where id = ? for update")
                .param(id)
                .query(String.class)
                .optional()
                .orElseThrow(() -> new NotFoundException("route", id));
    }

    private List<Long> ordersOn(long routeId) {
        return jdbc.sql(
                        """
                        select distinct p.order_id from parcel p join route_stop s on s.id = p.route_stop_id
                        where s.route_id = ? order by p.order_id
                        """)
                .param(routeId)
                .query(Long.class)
                .list();
    }

    private static java.sql.Date sqlDate(LocalDate date) {
        return date == null ? null : java.sql.Date.valueOf(date);
    }

    private static java.time.Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
