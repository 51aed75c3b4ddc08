package io.coldchain.server.quality;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The custody events as a CSV for a food-traceability audit (the critical tracking events and key
 * data elements of FSMA 204): one row per event with what it carried (product, traceability lot
 * code, quantity and unit, best-before), where (location), when, who, and the reference document.
 */
@Component
public class Traceability {

    /** How the rows are sorted. */
    public enum Sort {
        at,
        order,
        parcel,
        type,
        location
    }

    static final String HEADER =
            "event_id,event_type,at,order_id,parcel_id,store_id,location,compartment,holder,reference,products,lot_codes,"
                    + "quantity,unit,best_before\r\n";

    private final JdbcClient jdbc;

    Traceability(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public void write(Instant from, Instant to, String storeId, Sort sort, Writer out) {
        String order =
                switch (sort) {
                    case at -> "e.at, e.id";
                    case order -> "e.order_id, e.at, e.id";
                    case parcel -> "e.parcel_id, e.at, e.id";
                    case type -> "e.type, e.at, e.id";
                    case location -> "e.asset_id nulls last, e.at, e.id";
                };
        try {
            out.write(HEADER);
            jdbc.sql(
                            """
                            select e.id, e.type, e.at, e.order_id, e.parcel_id, o.store_id, e.asset_id, e.compartment,
                                e.holder, e.reference,
                                string_agg(ol.product_id || ' ' || pr.name, '; ' order by ol.product_id, l.best_before),
                                string_agg(l.lot_code, '; ' order by ol.product_id, l.best_before),
                                coalesce(sum(ol.quantity), 0),
                                string_agg(l.best_before::text, '; ' order by ol.product_id, l.best_before)
                            from custody_event e
                            join customer_order o on o.id = e.order_id
                            join parcel p on p.id = e.parcel_id
                            left join order_lot ol on ol.order_id = e.order_id
                                and ol.product_id in (select id from product where temperature_class = p.zone)
                            left join stock_lot l on l.id = ol.lot_id
                            left join product pr on pr.id = ol.product_id
                            where e.at >= ? and e.at < ? and (?::varchar is null or o.store_id = ?::varchar)
                            group by e.id, e.type, e.at, e.order_id, e.parcel_id, o.store_id, e.asset_id, e.compartment,
                                e.holder, e.reference
                            order by
                            """
                                    + order)
                    .params(Timestamp.from(from), Timestamp.from(to), storeId, storeId)
                    .query(rs -> {
                        try {
                            out.write(String.join(
                                            ",",
                                            rs.getString(1),
                                            rs.getString(2),
                                            rs.getTimestamp(3).toInstant().toString(),
                                            rs.getString(4),
                                            rs.getString(5),
                                            csv(rs.getString(6)),
                                            csv(rs.getString(7)),
                                            csv(rs.getString(8)),
                                            csv(rs.getString(9)),
                                            csv(rs.getString(10)),
                                            csv(rs.getString(11)),
                                            csv(rs.getString(12)),
                                            rs.getString(13),
                                            "each",
                                            csv(rs.getString(14)))
                                    + "\r\n");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break; a leading = + - @ is defused. */
    static String csv(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v; // no formula injection into a spreadsheet
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
