package io.coldchain.server.network;

import io.coldchain.gateway.contract.TemperatureZone;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Books locker compartments for parcels, for a time: a parcel holds its compartment while its
 * {@code compartment_id} points at it, for the period {@code booked} (from its planned drop-off to
 * its pickup deadline). Two bookings of one compartment never overlap: an exclusion constraint on
 * (compartment, period) makes it impossible in the database, and the callers check first so the
 * resident or courier hears why. A compartment's status follows its parcels (OCCUPIED while one is
 * inside, RESERVED while one is only booked, AVAILABLE otherwise); OUT_OF_SERVICE is the staff's.
 */
@Component
public class CompartmentReservations {

    /** A parcel and the compartment it takes, from {@code from} until {@code until}. */
    public record Hold(long parcelId, long compartmentId, Instant from, Instant until) {}

    /** Another parcel's booking of a compartment. */
    public record Booking(long parcelId, Instant from, Instant until) {}

    private final JdbcClient jdbc;

    CompartmentReservations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Books each compartment for its parcel. The caller must hold the compartments (locked rows it
     * found free for the period); an overlapping booking fails the whole transaction.
     */
    public void reserve(List<Hold> holds) {
        if (holds.isEmpty()) {
            return;
        }
        Long[] parcels = holds.stream().map(Hold::parcelId).toArray(Long[]::new);
        Long[] compartments = holds.stream().map(Hold::compartmentId).toArray(Long[]::new);
        Timestamp[] from = holds.stream().map(h -> Timestamp.from(h.from())).toArray(Timestamp[]::new);
        Timestamp[] until = holds.stream().map(h -> Timestamp.from(h.until())).toArray(Timestamp[]::new);
        jdbc.sql(
                        """
                        update parcel p set compartment_id = h.compartment_id, booked = tstzrange(h.from_ts, h.until_ts)
                        from unnest(?::bigint[], ?::bigint[], ?::timestamptz[], ?::timestamptz[])
                            as h(parcel_id, compartment_id, from_ts, until_ts)
                        where p.id = h.parcel_id
                        """)
                .params(parcels, compartments, from, until)
                .update();
        refreshStatus(compartments);
    }

    /** Frees every compartment the order's parcels hold (cancelled, expired or collected). */
    public int releaseOrder(long orderId) {
        Long[] held = jdbc.sql("select compartment_id from parcel where order_id = ? and compartment_id is not null")
                .param(orderId)
                .query(Long.class)
                .list()
                .toArray(Long[]::new);
        int released = jdbc.sql(
                        "update parcel set compartment_id = null, booked = null where order_id = ? and compartment_id is not null")
                .param(orderId)
                .update();
        refreshStatus(held);
        return released;
    }

    /** Frees the compartment one parcel holds (taken out by a courier). */
    public void releaseParcel(long parcelId) {
        Long[] held = jdbc.sql("select compartment_id from parcel where id = ? and compartment_id is not null")
                .param(parcelId)
                .query(Long.class)
                .list()
                .toArray(Long[]::new);
        jdbc.sql("update parcel set compartment_id = null, booked = null where id = ?")
                .param(parcelId)
                .update();
        refreshStatus(held);
    }

    /**
     * Moves a parcel's booking to another compartment (same period, or from now when it is being put
     * in now); the caller has checked it is free with {@link #clash}.
     */
    public void move(long parcelId, long compartmentId, boolean fromNow) {
        Long[] before = jdbc.sql("select compartment_id from parcel where id = ? and compartment_id is not null")
                .param(parcelId)
                .query(Long.class)
                .list()
                .toArray(Long[]::new);
        jdbc.sql(
                        """
                        update parcel set compartment_id = ?,
                            booked = tstzrange(case when ? then least(coalesce(lower(booked), now()), now())
                                                    else coalesce(lower(booked), now()) end,
                                               coalesce(upper(booked), now() + interval '1 day'))
                        where id = ?
                        """)
                .params(compartmentId, fromNow, parcelId)
                .update();
        refreshStatus(before);
        refreshStatus(new Long[] {compartmentId});
    }

    /**
     * Another parcel's booking of {@code compartmentId} that overlaps {@code [from, until)}, if any
     * (the earliest).
     */
    public Optional<Booking> clash(long compartmentId, long parcelId, Instant from, Instant until) {
        return jdbc.sql(
                        """
                        select id, lower(booked), upper(booked) from parcel
                        where compartment_id = ? and id <> ? and booked && tstzrange(?, ?)
                        order by lower(booked) limit 1
                        """)
                .params(compartmentId, parcelId, Timestamp.from(from), Timestamp.from(until))
                .query((rs, n) -> new Booking(
                        rs.getLong(1),
                        rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant()))
                .optional();
    }

    /**
     * Ends the bookings of the order's parcels at {@code until} (its pickup deadline, or the
     * extended one), or as close to it as the next booking of each compartment allows; returns the
     * earliest end it could give.
     */
    public Instant bookUntil(long orderId, Instant until) {
        record Held(long parcelId, long compartmentId, Instant from) {}
        List<Held> held = jdbc.sql(
                        """
                        select id, compartment_id, coalesce(lower(booked), now()) from parcel
                        where order_id = ? and compartment_id is not null for update
                        """)
                .param(orderId)
                .query((rs, n) -> new Held(
                        rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant()))
                .list();
        Instant earliest = until;
        for (Held h : held) {
            Instant end = clash(h.compartmentId(), h.parcelId(), h.from(), until)
                    .map(b -> b.from().isAfter(h.from()) ? b.from() : until)
                    .orElse(until);
            jdbc.sql("update parcel set booked = tstzrange(?, ?) where id = ?")
                    .params(Timestamp.from(h.from()), Timestamp.from(end), h.parcelId())
                    .update();
            if (end.isBefore(earliest)) {
                earliest = end;
            }
        }
        return earliest;
    }

    /** Sets each compartment's status from its parcels (staff's OUT_OF_SERVICE stays). */
    public void refreshStatus(Long[] compartments) {
        if (compartments.length == 0) {
            return;
        }
        jdbc.sql(
                        """
                        update compartment c set status = case
                                when exists (select 1 from parcel p where p.compartment_id = c.id and p.delivered_at is not null)
                                    then 'OCCUPIED'
                                when exists (select 1 from parcel p where p.compartment_id = c.id) then 'RESERVED'
                                else 'AVAILABLE' end,
                            version = version + 1
                        where c.id = any(?::bigint[]) and c.status <> 'OUT_OF_SERVICE'
                        """)
                .param(compartments)
                .update();
    }

    /**
     * Puts the parcel into {@code code} at {@code lockerBankId}: its own booked compartment, or
     * another one of the same zone that is big enough, empty and not booked by anyone else until the
     * parcel's deadline (the booked one may be jammed), to which its booking then moves. Its booking
     * starts now if it comes early. Returns null on success, else why it cannot.
     */
    public String occupy(long parcelId, String lockerBankId, String code) {
        record Slot(long id, TemperatureZone zone, CompartmentSize size, CompartmentStatus status) {}
        record Parcel(TemperatureZone zone, CompartmentSize size, Long compartmentId, Instant until) {}
        Slot target = jdbc.sql(
                        """
                        select c.id, c.zone, c.size, c.status from compartment c
                        where c.locker_bank_id = ? and c.code = ? for update
                        """)
                .params(lockerBankId, code)
                .query((rs, n) -> new Slot(
                        rs.getLong(1),
                        TemperatureZone.valueOf(rs.getString(2)),
                        CompartmentSize.valueOf(rs.getString(3)),
                        CompartmentStatus.valueOf(rs.getString(4))))
                .optional()
                .orElse(null);
        if (target == null) {
            return "locker bank " + lockerBankId + " has no compartment " + code;
        }
        Parcel parcel = jdbc.sql("select zone, size, compartment_id, upper(booked) from parcel where id = ? for update")
                .param(parcelId)
                .query((rs, n) -> new Parcel(
                        TemperatureZone.valueOf(rs.getString(1)),
                        CompartmentSize.valueOf(rs.getString(2)),
                        (Long) rs.getObject(3),
                        rs.getTimestamp(4) == null
                                ? Instant.now().plusSeconds(86_400)
                                : rs.getTimestamp(4).toInstant()))
                .single();
        Long held = parcel.compartmentId();
        boolean own = held != null && held == target.id();
        String reserved = held == null || own
                ? ""
                : "; its reserved compartment is "
                        + jdbc.sql("select code from compartment where id = ?")
                                .param(held)
                                .query(String.class)
                                .single();
        if (target.status() == CompartmentStatus.OUT_OF_SERVICE || target.status() == CompartmentStatus.OCCUPIED) {
            return "compartment " + code + " is " + target.status() + reserved;
        }
        if (!own && (parcel.zone() != target.zone() || !target.size().holds(parcel.size()))) {
            return "compartment " + code + " is " + target.size() + " " + target.zone() + "; the parcel needs "
                    + parcel.zone() + " of size " + parcel.size() + " or larger" + reserved;
        }
        Optional<Booking> clash = clash(target.id(), parcelId, Instant.now(), parcel.until());
        if (clash.isPresent()) {
            return "compartment " + code + " is booked for parcel "
                    + clash.get().parcelId() + " from " + clash.get().from() + reserved;
        }
        move(parcelId, target.id(), true);
        jdbc.sql("update compartment set status = 'OCCUPIED', version = version + 1 where id = ?")
                .param(target.id())
                .update();
        return null;
    }
}
