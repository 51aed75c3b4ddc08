package io.coldchain.server.order;

import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.server.network.CompartmentSize;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads orders into their API shapes. */
final class OrderReader {

    private final JdbcClient jdbc;

    OrderReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    OrderResponse order(long id) {
        var lines = jdbc.sql("select product_id, quantity from order_line where order_id = ? order by line_no")
                .param(id)
                .query((rs, n) -> new OrderResponse.Line(rs.getString(1), rs.getInt(2)))
                .list();
        var parcels = jdbc.sql(
                        """
                        select p.id, p.zone, p.size, p.volume_litres, p.weight_kg, c.code, p.route_stop_id, p.delivered_at
                        from parcel p left join compartment c on c.id = p.compartment_id
                        where p.order_id = ? order by p.id
                        """)
                .param(id)
                .query((rs, n) -> new OrderResponse.Parcel(
                        rs.getLong(1),
                        TemperatureZone.valueOf(rs.getString(2)),
                        CompartmentSize.valueOf(rs.getString(3)),
                        rs.getDouble(4),
                        rs.getDouble(5),
                        rs.getString(6),
                        (Long) rs.getObject(7),
                        instant(rs.getTimestamp(8))))
                .list();
        var history = jdbc.sql(
                        "select from_state, to_state, actor, at, reason from order_transition where order_id = ? order by id")
                .param(id)
                .query((rs, n) -> new OrderResponse.Transition(
                        state(rs.getString(1)),
                        state(rs.getString(2)),
                        rs.getString(3),
                        instant(rs.getTimestamp(4)),
                        rs.getString(5)))
                .list();
        return jdbc.sql(
                        """
                        select id, resident_id, state, fulfilment, pickup_mode, preferred_locker_bank_id, preferred_store_id,
                            allow_store_fallback, slot_start, slot_end, store_id, locker_bank_id, note, version, placed_at, updated_at
                        from customer_order where id = ?
                        """)
                .param(id)
                .query((rs, n) -> new OrderResponse(
                        rs.getLong(1),
                        rs.getLong(2),
                        state(rs.getString(3)),
                        Fulfilment.valueOf(rs.getString(4)),
                        fulfilment(rs.getString(5)),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getBoolean(8),
                        instant(rs.getTimestamp(9)),
                        instant(rs.getTimestamp(10)),
                        rs.getString(11),
                        rs.getString(12),
                        rs.getString(13),
                        lines,
                        parcels,
                        history,
                        rs.getLong(14),
                        instant(rs.getTimestamp(15)),
                        instant(rs.getTimestamp(16))))
                .optional()
                .orElseThrow(() -> new io.coldchain.server.web.NotFoundException("order", id));
    }

    List<OrderSummary> list(OrderService.Filter filter, ZoneId zone) {
        StringBuilder sql = new StringBuilder(
                """
                select o.id, o.resident_id, o.state, o.fulfilment, o.pickup_mode, o.slot_start, o.slot_end, o.store_id,
                    o.locker_bank_id, o.note, (select count(*) from parcel p where p.order_id = o.id), o.placed_at
                from customer_order o where true
                """);
        List<Object> params = new ArrayList<>();
        if (filter.state() != null) {
            sql.append(" and o.state = ?");
            params.add(filter.state().name());
        }
        if (filter.storeId() != null) {
            sql.append(" and o.store_id = ?");
            params.add(filter.storeId());
        }
        if (filter.lockerBankId() != null) {
            sql.append(" and o.locker_bank_id = ?");
            params.add(filter.lockerBankId());
        }
        if (filter.residentId() != null) {
            sql.append(" and o.resident_id = ?");
            params.add(filter.residentId());
        }
        if (filter.date() != null) {
            sql.append(" and o.slot_start >= ? and o.slot_start < ?");
            params.add(Timestamp.from(filter.date().atStartOfDay(zone).toInstant()));
            params.add(
                    Timestamp.from(filter.date().plusDays(1).atStartOfDay(zone).toInstant()));
        }
        if (filter.afterId() != null) {
            sql.append(" and o.id > ?");
            params.add(filter.afterId());
        }
        sql.append(" order by o.id limit ?");
        params.add(filter.limit());
        return jdbc.sql(sql.toString())
                .params(params)
                .query(OrderReader::summary)
                .list();
    }

    private static OrderSummary summary(ResultSet rs, int n) throws SQLException {
        return new OrderSummary(
                rs.getLong(1),
                rs.getLong(2),
                state(rs.getString(3)),
                Fulfilment.valueOf(rs.getString(4)),
                fulfilment(rs.getString(5)),
                instant(rs.getTimestamp(6)),
                instant(rs.getTimestamp(7)),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getInt(11),
                instant(rs.getTimestamp(12)));
    }

    private static OrderState state(String s) {
        return s == null ? null : OrderState.valueOf(s);
    }

    private static Fulfilment fulfilment(String s) {
        return s == null ? null : Fulfilment.valueOf(s);
    }

    static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
