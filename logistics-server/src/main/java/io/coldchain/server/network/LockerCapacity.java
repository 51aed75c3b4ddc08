package io.coldchain.server.network;

import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.web.NotFoundException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A locker bank's capacity on a day: per zone, how many compartments are in service, how many are
 * booked at some time that day (a parcel's stay overlaps it), and how many are free all day.
 */
@Component
public class LockerCapacity {

    /**
     * @param from the day's start in the site's time zone
     * @param until the next day's start
     */
    public record Response(String lockerBankId, LocalDate date, Instant from, Instant until, List<Zone> zones) {}

    /**
     * @param freeBySize compartments free all day, per size
     */
    public record Zone(
            TemperatureZone zone,
            int compartments,
            int outOfService,
            int booked,
            int free,
            Map<CompartmentSize, Integer> freeBySize) {}

    private final JdbcClient jdbc;
    private final ZoneId zone;

    LockerCapacity(JdbcClient jdbc, ColdchainProperties properties) {
        this.jdbc = jdbc;
        this.zone = properties.orders().timeZone();
    }

    public Response on(String bankId, LocalDate date) {
        boolean exists = jdbc.sql("select count(*) from locker_bank where id = ?")
                        .param(bankId)
                        .query(Integer.class)
                        .single()
                > 0;
        if (!exists) {
            throw new NotFoundException("locker bank", bankId);
        }
        Instant from = date.atStartOfDay(zone).toInstant();
        Instant until = date.plusDays(1).atStartOfDay(zone).toInstant();
        record Row(TemperatureZone zone, CompartmentSize size, boolean outOfService, boolean booked) {}
        List<Row> rows = jdbc.sql(
                        """
                        select c.zone, c.size, c.status = 'OUT_OF_SERVICE',
                            exists (select 1 from parcel p where p.compartment_id = c.id and p.booked && tstzrange(?, ?))
                        from compartment c where c.locker_bank_id = ? order by c.zone, c.size
                        """)
                .params(Timestamp.from(from), Timestamp.from(until), bankId)
                .query((rs, n) -> new Row(
                        TemperatureZone.valueOf(rs.getString(1)),
                        CompartmentSize.valueOf(rs.getString(2)),
                        rs.getBoolean(3),
                        rs.getBoolean(4)))
                .list();
        Map<TemperatureZone, List<Row>> byZone = new LinkedHashMap<>();
        rows.forEach(
                r -> byZone.computeIfAbsent(r.zone(), z -> new ArrayList<>()).add(r));
        List<Zone> zones = new ArrayList<>();
        byZone.forEach((z, list) -> {
            Map<CompartmentSize, Integer> bySize = new EnumMap<>(CompartmentSize.class);
            int out = 0;
            int booked = 0;
            for (Row r : list) {
                if (r.outOfService()) {
                    out++;
                } else if (r.booked()) {
                    booked++;
                } else {
                    bySize.merge(r.size(), 1, Integer::sum);
                }
            }
            zones.add(new Zone(z, list.size(), out, booked, list.size() - out - booked, bySize));
        });
        return new Response(bankId, date, from, until, zones);
    }
}
