package io.coldchain.server.locker;

import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.routing.road.GeoPoint;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.network.CompartmentReservations;
import io.coldchain.server.network.CompartmentSize;
import io.coldchain.server.notify.Notification;
import io.coldchain.server.notify.NotificationPort;
import io.coldchain.server.roads.Roads;
import io.coldchain.server.security.CurrentUser;
import io.coldchain.server.security.Role;
import io.coldchain.server.web.ConflictException;
import io.coldchain.server.web.NotFoundException;
import io.coldchain.server.web.ProblemException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The courier at a bank: opening a stop sends one OPEN per reserved compartment of its parcels (and
 * one per collection task waiting there); a door that reports CLOSED after OPENED is a drop-off
 * (dispatch records it). A compartment that FAILED, or that the courier finds occupied or broken,
 * goes out of service and its parcel gets another compartment of the same zone and size or larger
 * at the bank; with none, the nearest bank within reach by road that has one (a stop added to the
 * route, the resident told); with none, the parcel rides back with the reason.
 */
@Service
@Transactional
public class StopOpenings {

    private static final Logger log = LoggerFactory.getLogger(StopOpenings.class);

    /** A command of an opening, as the courier sees it. */
    public record CommandView(
            String commandId, String compartment, Long parcelId, String purpose, String state, String failure) {}

    /** A parcel of the stop that was not opened for, and why. */
    public record Skipped(long parcelId, String reason) {}

    public record Opening(
            long routeId, int seq, String lockerBankId, List<CommandView> commands, List<Skipped> skipped) {}

    /** A door closed on a parcel the courier put in (dispatch records the drop-off). */
    public record DropClosed(
            long routeId, int seq, long parcelId, String lockerBankId, String compartment, String courier) {}

    private record Stop(
            long id, long routeId, int seq, String bank, String status, String courier, String routeStatus) {}

    private final JdbcClient jdbc;
    private final CompartmentReservations reservations;
    private final LockerCommands commands;
    private final LockerCollections collections;
    private final Roads roads;
    private final NotificationPort notifications;
    private final ApplicationEventPublisher events;
    private final double nearby;

    StopOpenings(
            JdbcClient jdbc,
            CompartmentReservations reservations,
            LockerCommands commands,
            LockerCollections collections,
            Roads roads,
            NotificationPort notifications,
            ApplicationEventPublisher events,
            ColdchainProperties properties) {
        this.jdbc = jdbc;
        this.reservations = reservations;
        this.commands = commands;
        this.collections = collections;
        this.roads = roads;
        this.notifications = notifications;
        this.events = events;
        this.nearby = properties.lockers().nearbyBank();
    }

    /** Sends the OPENs of a stop; returns their ids (the caller waits for answers after the commit). */
    public Opening open(long routeId, int seq, CurrentUser user) {
        Stop stop = stop(routeId, seq, user);
        requireOnline(stop.bank());
        record P(long parcelId, long orderId, String orderState, Long compartmentId, String code) {}
        List<P> parcels = jdbc.sql(
                        """
                        select p.id, p.order_id, o.state, c.id, c.code from parcel p
                        join customer_order o on o.id = p.order_id left join compartment c on c.id = p.compartment_id
                        where p.route_stop_id = ? and p.delivered_at is null order by p.id
                        """)
                .param(stop.id())
                .query((rs, n) ->
                        new P(rs.getLong(1), rs.getLong(2), rs.getString(3), (Long) rs.getObject(4), rs.getString(5)))
                .list();
        List<UUID> ids = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (P p : parcels) {
            if (!p.orderState().equals("IN_TRANSIT")) {
                skipped.add(new Skipped(p.parcelId(), "order " + p.orderId() + " is " + p.orderState()));
            } else if (p.compartmentId() == null) {
                skipped.add(new Skipped(p.parcelId(), "no compartment reserved"));
            } else if (openCommand(p.parcelId()).isPresent()) {
                skipped.add(new Skipped(p.parcelId(), "its compartment is already opening"));
            } else {
                ids.add(commands.open(new LockerCommands.Target(
                        stop.bank(),
                        p.compartmentId(),
                        p.code(),
                        p.parcelId(),
                        p.orderId(),
                        LockerCommands.Purpose.DROP_OFF,
                        user.username(),
                        stop.id(),
                        null,
                        null)));
            }
        }
        for (LockerCollections.Task task : collections.openAt(stop.bank())) {
            collections.assign(task.id(), stop.id());
            ids.add(commands.open(new LockerCommands.Target(
                    stop.bank(),
                    task.compartmentId(),
                    task.compartment(),
                    task.parcelId(),
                    task.orderId(),
                    LockerCommands.Purpose.COLLECTION,
                    user.username(),
                    stop.id(),
                    null,
                    task.id())));
        }
        jdbc.sql(
                        "update route_stop set status = 'ARRIVED', arrived_at = coalesce(arrived_at, now()) where id = ? and status = 'PENDING'")
                .param(stop.id())
                .update();
        return new Opening(routeId, seq, stop.bank(), views(ids), skipped);
    }

    /** The commands of a stop, newest state. */
    @Transactional(readOnly = true)
    public Opening commandsOf(long routeId, int seq, CurrentUser user) {
        Stop stop = stop(routeId, seq, user, false);
        List<UUID> ids = jdbc.sql("select command_id from locker_command where route_stop_id = ? order by sent_at")
                .param(stop.id())
                .query(UUID.class)
                .list();
        return new Opening(routeId, seq, stop.bank(), views(ids), List.of());
    }

    /** The courier finds a compartment occupied or broken: out of service, and its parcel moved on. */
    public Opening reportProblem(long routeId, int seq, String compartment, String problem, CurrentUser user) {
        Stop stop = stop(routeId, seq, user);
        long compartmentId = jdbc.sql("select id from compartment where locker_bank_id = ? and code = ?")
                .params(stop.bank(), compartment)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new NotFoundException("compartment", stop.bank() + "/" + compartment));
        Optional<Long> parcel = jdbc.sql(
                        "select id from parcel where compartment_id = ? and route_stop_id = ? and delivered_at is null")
                .params(compartmentId, stop.id())
                .query(Long.class)
                .optional();
        List<UUID> ids = new ArrayList<>();
        outOfService(compartmentId, problem + " (reported by " + user.username() + ")");
        parcel.flatMap(p -> reassign(p, stop, user.username())).ifPresent(ids::add);
        return new Opening(routeId, seq, stop.bank(), views(ids), List.of());
    }

    @EventListener
    void commandChanged(LockerCommands.CommandChanged changed) {
        LockerCommands.Command c = changed.command();
        if (c.purpose() == LockerCommands.Purpose.COLLECTION && c.state().equals("CLOSED")) {
            collections.collected(c.collectionId(), c.requestedBy());
            return;
        }
        if (c.purpose() != LockerCommands.Purpose.DROP_OFF || c.routeStopId() == null) {
            return;
        }
        Stop stop = jdbc.sql(
                        """
                        select s.id, s.route_id, s.seq, s.locker_bank_id, s.status, r.courier, r.status
                        from route_stop s join route r on r.id = s.route_id where s.id = ?
                        """)
                .param(c.routeStopId())
                .query((rs, n) -> new Stop(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getInt(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7)))
                .single();
        if (c.state().equals("CLOSED")) {
            events.publishEvent(new DropClosed(
                    stop.routeId(), stop.seq(), c.parcelId(), c.lockerBankId(), c.compartment(), c.requestedBy()));
        } else if (c.state().equals("FAILED")) {
            outOfService(c.compartmentId(), "did not open: " + c.failure());
            reassign(c.parcelId(), stop, c.requestedBy());
        }
    }

    /**
     * Moves the parcel to another compartment: the same bank (same zone, size or larger), else the
     * nearest bank within reach with one (its order follows, a stop is added), else back on the
     * vehicle. Returns the new OPEN when the parcel stays at this bank.
     */
    private Optional<UUID> reassign(long parcelId, Stop stop, String courier) {
        record Parcel(long orderId, TemperatureZone zone, CompartmentSize size, Instant until) {}
        Parcel parcel = jdbc.sql("select order_id, zone, size, upper(booked) from parcel where id = ? for update")
                .param(parcelId)
                .query((rs, n) -> new Parcel(
                        rs.getLong(1),
                        TemperatureZone.valueOf(rs.getString(2)),
                        CompartmentSize.valueOf(rs.getString(3)),
                        until(rs.getTimestamp(4))))
                .single();
        Optional<Slot> here = free(stop.bank(), parcel.zone(), parcel.size(), List.of(), parcel.until());
        if (here.isPresent()) {
            reservations.move(parcelId, here.get().id(), true);
            log.info(
                    "Parcel {} moves to {} {}",
                    parcelId,
                    stop.bank(),
                    here.get().code());
            return Optional.of(commands.open(new LockerCommands.Target(
                    stop.bank(),
                    here.get().id(),
                    here.get().code(),
                    parcelId,
                    parcel.orderId(),
                    LockerCommands.Purpose.DROP_OFF,
                    courier,
                    stop.id(),
                    null,
                    null)));
        }
        Optional<String> other = nearestWithRoom(stop.bank(), parcel.zone(), parcel.size(), parcel.until());
        if (other.isPresent() && moveOrder(parcel.orderId(), stop, other.get())) {
            return Optional.empty();
        }
        String reason = "no free " + parcel.zone() + " compartment of size " + parcel.size() + " or larger at "
                + stop.bank() + " nor within " + (int) nearby + " m: back on the vehicle";
        reservations.releaseParcel(parcelId);
        jdbc.sql("update parcel set note = ? where id = ?")
                .params(reason, parcelId)
                .update();
        log.warn("Parcel {}: {}", parcelId, reason);
        return Optional.empty();
    }

    private record Slot(long id, String code) {}

    /** A booking with no end yet (never planned) is taken to last a day. */
    private static Instant until(java.sql.Timestamp upper) {
        return upper == null ? Instant.now().plus(java.time.Duration.ofDays(1)) : upper.toInstant();
    }

    /** An empty compartment for the parcel from now until {@code until}, not booked by anyone else. */
    private Optional<Slot> free(
            String bank, TemperatureZone zone, CompartmentSize size, List<Slot> taken, Instant until) {
        return jdbc
                .sql(
                        """
                        select c.id, c.code, c.size from compartment c
                        where c.locker_bank_id = ? and c.zone = ? and c.status in ('AVAILABLE','RESERVED')
                          and not exists (select 1 from parcel p where p.compartment_id = c.id
                                            and p.booked && tstzrange(now(), ?))
                        order by array_position(array['S','M','L','XL']::varchar[], c.size), c.code for update of c
                        """)
                .params(bank, zone.name(), java.sql.Timestamp.from(until))
                .query((rs, n) -> CompartmentSize.valueOf(rs.getString(3)).holds(size)
                        ? new Slot(rs.getLong(1), rs.getString(2))
                        : null)
                .list()
                .stream()
                .filter(slot -> slot != null && !taken.contains(slot))
                .findFirst();
    }

    private void outOfService(long compartmentId, String why) {
        jdbc.sql("update compartment set status = 'OUT_OF_SERVICE', version = version + 1 where id = ?")
                .param(compartmentId)
                .update();
        jdbc.sql(
                        "update parcel set compartment_id = null, booked = null where compartment_id = ? and delivered_at is null")
                .param(compartmentId)
                .update();
        log.warn("Compartment {} out of service: {}", compartmentId, why);
    }

    /** The nearest other bank by road within reach that has a compartment for the parcel. */
    private Optional<String> nearestWithRoom(String bank, TemperatureZone zone, CompartmentSize size, Instant until) {
        record B(String id, double lat, double lon) {}
        B from = jdbc.sql("select id, lat, lon from locker_bank where id = ?")
                .param(bank)
                .query((rs, n) -> new B(rs.getString(1), rs.getDouble(2), rs.getDouble(3)))
                .single();
        List<B> candidates = jdbc
                .sql("select id, lat, lon from locker_bank where id <> ? and online order by id")
                .param(bank)
                .query((rs, n) -> new B(rs.getString(1), rs.getDouble(2), rs.getDouble(3)))
                .list()
                .stream()
                .filter(b -> free(b.id(), zone, size, List.of(), until).isPresent())
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        double[] metres = roads.routing()
                .matrix(
                        List.of(new GeoPoint(from.lat(), from.lon())),
                        candidates.stream()
                                .map(b -> new GeoPoint(b.lat(), b.lon()))
                                .toList())
                .metres()[0];
        int best = -1;
        for (int i = 0; i < candidates.size(); i++) {
            if (metres[i] <= nearby && (best < 0 || metres[i] < metres[best])) {
                best = i;
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(candidates.get(best).id());
    }

    /**
     * Sends the order's parcels of this stop to {@code bank}: a compartment there for each, a new
     * stop at the end of the route, the resident told. False (nothing changed) when they do not all
     * fit, or a parcel of the order is already in at the first bank.
     */
    private boolean moveOrder(long orderId, Stop stop, String bank) {
        boolean partly = jdbc.sql("select count(*) from parcel where order_id = ? and delivered_at is not null")
                        .param(orderId)
                        .query(Integer.class)
                        .single()
                > 0;
        if (partly) {
            return false;
        }
        record P(long id, TemperatureZone zone, CompartmentSize size, Instant until) {}
        List<P> parcels = jdbc.sql(
                        "select id, zone, size, upper(booked) from parcel where order_id = ? and route_stop_id = ? for update")
                .params(orderId, stop.id())
                .query((rs, n) -> new P(
                        rs.getLong(1),
                        TemperatureZone.valueOf(rs.getString(2)),
                        CompartmentSize.valueOf(rs.getString(3)),
                        until(rs.getTimestamp(4))))
                .list();
        List<Slot> slots = new ArrayList<>();
        for (P p : parcels) {
            Optional<Slot> slot = free(bank, p.zone(), p.size(), slots, p.until());
            if (slot.isEmpty()) {
                return false;
            }
            slots.add(slot.get());
        }
        int seq = jdbc.sql("select max(seq) + 1 from route_stop where route_id = ?")
                .param(stop.routeId())
                .query(Integer.class)
                .single();
        Instant now = Instant.now();
        long newStop = jdbc.sql(
                        """
                        insert into route_stop (route_id, seq, locker_bank_id, planned_arrival, planned_departure, window_start,
                            window_end, service_s, status)
                        select ?, ?, ?, ?, ?, ?, r.return_at + interval '2 hours', 120, 'PENDING' from route r where r.id = ?
                        returning id
                        """)
                .params(
                        stop.routeId(),
                        seq,
                        bank,
                        Timestamp.from(now.plusSeconds(600)),
                        Timestamp.from(now.plusSeconds(720)),
                        Timestamp.from(now),
                        stop.routeId())
                .query(Long.class)
                .single();
        for (int i = 0; i < parcels.size(); i++) {
            jdbc.sql("update parcel set route_stop_id = ? where id = ?")
                    .params(newStop, parcels.get(i).id())
                    .update();
            reservations.move(parcels.get(i).id(), slots.get(i).id(), true);
        }
        jdbc.sql("update customer_order set locker_bank_id = ?, version = version + 1 where id = ?")
                .params(bank, orderId)
                .update();
        long resident = jdbc.sql("select resident_id from customer_order where id = ?")
                .param(orderId)
                .query(Long.class)
                .single();
        notifications.send(Notification.toResident(
                resident,
                "PICKUP_MOVED",
                orderId,
                "No compartment was free for order " + orderId + " at " + stop.bank() + "; it goes to locker bank "
                        + bank + " nearby instead.",
                null));
        log.info(
                "Order {} moves from {} to {} (stop {} added to route {})",
                orderId,
                stop.bank(),
                bank,
                seq,
                stop.routeId());
        return true;
    }

    private Optional<UUID> openCommand(long parcelId) {
        return jdbc.sql(
                        "select command_id from locker_command where parcel_id = ? and state in ('SENT','OPENED') limit 1")
                .param(parcelId)
                .query(UUID.class)
                .optional();
    }

    private Stop stop(long routeId, int seq, CurrentUser user) {
        return stop(routeId, seq, user, true);
    }

    /** The stop, for the route's courier; {@code acting}: the route must be under way. */
    private Stop stop(long routeId, int seq, CurrentUser user, boolean acting) {
        Stop stop = jdbc.sql(
                        """
                        select s.id, s.route_id, s.seq, s.locker_bank_id, s.status, r.courier, r.status
                        from route_stop s join route r on r.id = s.route_id where s.route_id = ? and s.seq = ?
                        """)
                .params(routeId, seq)
                .query((rs, n) -> new Stop(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getInt(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7)))
                .optional()
                .orElseThrow(() -> new NotFoundException("stop", routeId + "/" + seq));
        if (user.role() != Role.ADMIN && !user.username().equals(stop.courier())) {
            throw new AccessDeniedException("only the route's courier opens its stops");
        }
        if (acting && !stop.routeStatus().equals("STARTED")) {
            throw new ConflictException(
                    "route " + routeId + " is " + stop.routeStatus() + "; its stops open once it has started");
        }
        return stop;
    }

    private void requireOnline(String bank) {
        boolean online = jdbc.sql("select online from locker_bank where id = ?")
                .param(bank)
                .query(Boolean.class)
                .single();
        if (!online) {
            throw new ProblemException(
                    HttpStatus.CONFLICT,
                    Pickups.OFFLINE,
                    "Locker offline",
                    "locker bank " + bank + " is offline; put the parcels in by hand and report them with"
                            + " POST /api/v1/routes/{id}/stops/{seq}/drop-offs");
        }
    }

    private List<CommandView> views(List<UUID> ids) {
        var states = commands.states(ids);
        return ids.stream()
                .map(states::get)
                .map(c -> new CommandView(
                        c.commandId().toString(),
                        c.compartment(),
                        c.parcelId(),
                        c.purpose().name(),
                        c.state(),
                        c.failure()))
                .toList();
    }
}
