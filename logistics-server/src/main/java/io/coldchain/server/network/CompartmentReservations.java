package io.coldchain.server.network;

import io.coldchain.gateway.contract.TemperatureZone;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Holds and frees locker compartments for parcels. A parcel holds a compartment while its {@code
 * compartment_id} points at it; a partial unique index makes a second holder impossible, and the
 * compartment's status follows (RESERVED until the parcel is in it, then OCCUPIED).
 */
@Component
public class CompartmentReservations {

    /** A parcel and the compartment it takes. */
    public record Hold(long parcelId, long compartmentId) {}

    private final JdbcClient jdbc;

    CompartmentReservations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Reserves each compartment for its parcel. The caller must hold the compartments (locked
     * AVAILABLE rows); a compartment already held fails the whole transaction on the unique index.
     */
    public void reserve(List<Hold> holds) {
        if (holds.isEmpty()) {
            return;
        }
        Long[] parcels = holds.stream().map(Hold::parcelId).toArray(Long[]::new);
        Long[] compartments = holds.stream().map(Hold::compartmentId).toArray(Long[]::new);
        jdbc.sql(
                        """
                        update parcel p set compartment_id = h.compartment_id
                        from unnest(?::bigint[], ?::bigint[]) as h(parcel_id, compartment_id)
                        where p.id = h.parcel_id
                        """)
                .params(parcels, compartments)
                .update();
        int changed = jdbc.sql(
                        """
                        update compartment set status = 'RESERVED', version = version + 1
                        where id = any(?::bigint[]) and status = 'AVAILABLE'
                        """)
                .param(compartments)
                .update();
        if (changed != compartments.length) {
            throw new IllegalStateException("only " + changed + " of " + compartments.length
                    + " compartments were still available; the assignment must be retried");
        }
    }

    /** Frees every compartment the order's parcels hold (cancelled, expired or collected). */
    public int releaseOrder(long orderId) {
        jdbc.sql(
                        """
                        update compartment set status = 'AVAILABLE', version = version + 1
                        where id in (select compartment_id from parcel where order_id = ? and compartment_id is not null)
                        """)
                .param(orderId)
                .update();
        return jdbc.sql("update parcel set compartment_id = null where order_id = ? and compartment_id is not null")
                .param(orderId)
                .update();
    }

    /**
     * Puts the parcel into {@code code} at {@code lockerBankId}: its own reserved compartment, or
     * another free one of the same zone that is big enough (the reserved one may be jammed), whose
     * reservation then moves. Returns null on success, else why it cannot.
     */
    public String occupy(long parcelId, String lockerBankId, String code) {
        record Slot(long id, TemperatureZone zone, CompartmentSize size, CompartmentStatus status) {}
        record Parcel(TemperatureZone zone, CompartmentSize size, Long compartmentId) {}
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
        Parcel parcel = jdbc.sql("select zone, size, compartment_id from parcel where id = ? for update")
                .param(parcelId)
                .query((rs, n) -> new Parcel(
                        TemperatureZone.valueOf(rs.getString(1)), CompartmentSize.valueOf(rs.getString(2)), (Long)
                                rs.getObject(3)))
                .single();
        Long held = parcel.compartmentId();
        if (held == null || held != target.id()) {
            String reserved = held == null
                    ? ""
                    : "; its reserved compartment is "
                            + jdbc.sql("select code from compartment where id = ?")
                                    .param(held)
                                    .query(String.class)
                                    .single();
            if (target.status() != CompartmentStatus.AVAILABLE) {
                return "compartment " + code + " is " + target.status() + reserved;
            }
            if (parcel.zone() != target.zone() || !target.size().holds(parcel.size())) {
                return "compartment " + code + " is " + target.size() + " " + target.zone() + "; the parcel needs "
                        + parcel.zone() + " of size " + parcel.size() + " or larger" + reserved;
            }
            if (held != null) {
                jdbc.sql("update compartment set status = 'AVAILABLE', version = version + 1 where id = ?")
                        .param(held)
                        .update();
            }
            jdbc.sql("update parcel set compartment_id = ? where id = ?")
                    .params(target.id(), parcelId)
                    .update();
        }
        jdbc.sql("update compartment set status = 'OCCUPIED', version = version + 1 where id = ?")
                .param(target.id())
                .update();
        return null;
    }
}
