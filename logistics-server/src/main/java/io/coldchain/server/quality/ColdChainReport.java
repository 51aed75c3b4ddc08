package io.coldchain.server.quality;

import io.coldchain.gateway.contract.Reading;
import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.gateway.rules.Thresholds;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.telemetry.TelemetryHistory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * An order's cold chain: every custody event of its parcels, for each stay in a monitored asset the
 * temperature summary against the parcel's zone (min, max, mean, MKT, minutes outside,
 * degree-minutes, gaps), the alerts that touched it, and the shelf life each lot used and has left
 * by the product's Q10 model. Time without readings (at the store, in a gap) is counted at the
 * reference temperature and shown as such.
 */
@Component
public class ColdChainReport {

    /** A custody event as the report shows it (the holder only to staff). */
    public record Event(String type, String assetId, String compartment, String holder, Instant at, long parcelId) {}

    /** A stay of a parcel in one asset, and its temperatures there. */
    public record Stay(
            long parcelId,
            TemperatureZone zone,
            String assetId,
            String compartment,
            Instant from,
            Instant to,
            boolean monitored,
            int readings,
            Double minC,
            Double maxC,
            Double meanC,
            Double mktC,
            double minutesOutside,
            double degreeMinutes,
            double gapMinutes,
            List<ColdChainMath.Gap> gaps) {}

    /** An alert that touched the order. */
    public record TouchedAlert(
            String alertId, String type, String assetId, Instant startedAt, Instant endedAt, String status) {}

    /**
     * The shelf life of a lot the order carries.
     *
     * @param daysAtStart shelf life left (at the reference temperature) when its custody began
     * @param usedDays used since, by the Q10 model over the readings
     * @param unmonitoredDays time without readings, counted at the reference temperature
     * @param lostDays how much more the temperatures used than the reference would have
     * @param leftDays what is left now (or when the chain ended)
     */
    public record ShelfLife(
            String productId,
            String lotCode,
            LocalDate bestBefore,
            double daysAtStart,
            double usedDays,
            double unmonitoredDays,
            double lostDays,
            double leftDays,
            Instant estimatedUseBy) {}

    /** The report. */
    public record Report(
            long orderId,
            String state,
            List<Event> custody,
            List<Stay> stays,
            List<TouchedAlert> alerts,
            List<ShelfLife> shelfLife) {}

    private final JdbcClient jdbc;
    private final TelemetryHistory telemetry;
    private final ColdchainProperties.Quality config;
    private final ZoneId zone;

    ColdChainReport(JdbcClient jdbc, TelemetryHistory telemetry, ColdchainProperties properties) {
        this.jdbc = jdbc;
        this.telemetry = telemetry;
        this.config = properties.quality();
        this.zone = properties.orders().timeZone();
    }

    /** @param staff whether to show holders (user names of couriers and staff) */
    @Transactional(readOnly = true)
    public Report of(long orderId, boolean staff, Instant now) {
        String state = jdbc.sql("select state from customer_order where id = ?")
                .param(orderId)
                .query(String.class)
                .single();
        List<Event> events = jdbc.sql(
                        """
                        select type, asset_id, compartment, holder, at, parcel_id from custody_event
                        where order_id = ? order by at, id
                        """)
                .param(orderId)
                .query((rs, n) -> new Event(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        staff ? rs.getString(4) : null,
                        rs.getTimestamp(5).toInstant(),
                        rs.getLong(6)))
                .list();
        record StayRow(
                long parcelId,
                TemperatureZone zone,
                String asset,
                String compartment,
                Instant from,
                Instant to,
                String fromType) {}
        List<StayRow> rows = jdbc.sql(
                        """
                        select s.parcel_id, p.zone, s.asset_id, s.compartment, s.from_at, s.to_at, s.from_type
                        from parcel_stay s join parcel p on p.id = s.parcel_id where s.order_id = ? order by s.from_at, s.id
                        """)
                .param(orderId)
                .query((rs, n) -> new StayRow(
                        rs.getLong(1),
                        TemperatureZone.valueOf(rs.getString(2)),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(),
                        rs.getString(7)))
                .list();
        Instant chainEnd = events.stream()
                .filter(e -> e.type().equals("COLLECTED") || e.type().equals("DISCARDED"))
                .map(Event::at)
                .max(Instant::compareTo)
                .orElse(now);
        List<Stay> stays = new ArrayList<>();
        Map<Stay, List<ColdChainMath.Point>> trails = new LinkedHashMap<>();
        Map<Long, double[]> unmonitoredSeconds = new LinkedHashMap<>();
        for (StayRow row : rows) {
            Instant to = row.to() != null ? row.to() : chainEnd;
            boolean monitored =
                    !row.fromType().equals("PICKED_AT_STORE") && !row.fromType().equals("RETURNED");
            List<ColdChainMath.Point> points = List.of();
            if (monitored) {
                points = telemetry.readings(row.asset(), row.from(), to, config.trailGap()).stream()
                        .map(ColdChainReport::point)
                        .toList();
            }
            Thresholds band = Thresholds.of(row.zone());
            Double low = Double.isInfinite(band.keepLow()) ? null : band.keepLow();
            ColdChainMath.Summary summary = ColdChainMath.summarise(
                    points, row.from(), to, low, band.keepHigh(), config.trailGap(), config.activationEnergyK());
            Stay stay = new Stay(
                    row.parcelId(),
                    row.zone(),
                    row.asset(),
                    row.compartment(),
                    row.from(),
                    row.to(),
                    monitored,
                    points.size(),
                    summary.minC(),
                    summary.maxC(),
                    round(summary.meanC()),
                    round(summary.mktC()),
                    round2(summary.minutesOutside()),
                    round2(summary.degreeMinutes()),
                    round2(summary.gapMinutes()),
                    summary.gaps());
            stays.add(stay);
            trails.put(stay, points);
            double unmonitored = monitored
                    ? summary.gapMinutes() * 60
                    : Duration.between(row.from(), to).toMillis() / 1000.0;
            unmonitoredSeconds.computeIfAbsent(row.parcelId(), p -> new double[1])[0] += unmonitored;
        }
        List<TouchedAlert> alerts = jdbc.sql(
                        """
                        select distinct a.alert_id, a.type, a.asset_id, a.started_at, a.ended_at, a.status
                        from alert_parcel p join alert a on a.alert_id = p.alert_id where p.order_id = ? order by a.started_at
                        """)
                .param(orderId)
                .query((rs, n) -> new TouchedAlert(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(),
                        rs.getString(6)))
                .list();
        return new Report(
                orderId,
                state,
                events,
                stays,
                alerts,
                shelfLife(orderId, rows.isEmpty() ? null : rows.get(0).from(), chainEnd, trails, unmonitoredSeconds));
    }

    private List<ShelfLife> shelfLife(
            long orderId,
            Instant start,
            Instant end,
            Map<Stay, List<ColdChainMath.Point>> trails,
            Map<Long, double[]> unmonitoredSeconds) {
        record Lot(
                String productId,
                String lotCode,
                LocalDate bestBefore,
                TemperatureZone zone,
                double refC,
                double q10) {}
        List<Lot> lots = jdbc.sql(
                        """
                        select ol.product_id, l.lot_code, l.best_before, p.temperature_class, p.reference_temp_c, p.q10
                        from order_lot ol join stock_lot l on l.id = ol.lot_id join product p on p.id = ol.product_id
                        where ol.order_id = ? order by ol.product_id, l.best_before
                        """)
                .param(orderId)
                .query((rs, n) -> new Lot(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getDate(3).toLocalDate(),
                        TemperatureZone.valueOf(rs.getString(4)),
                        rs.getDouble(5),
                        rs.getDouble(6)))
                .list();
        if (start == null) {
            return List.of();
        }
        List<ShelfLife> out = new ArrayList<>();
        for (Lot lot : lots) {
            // the lot travels in the parcel of its zone
            List<Stay> own =
                    trails.keySet().stream().filter(s -> s.zone() == lot.zone()).toList();
            if (own.isEmpty()) {
                continue;
            }
            long parcel = own.get(0).parcelId();
            double used = 0;
            for (Stay s : own) {
                if (s.monitored()) {
                    Instant to = s.to() != null ? s.to() : end;
                    used += ColdChainMath.shelfLifeUsedDays(
                            trails.get(s), s.from(), to, lot.refC(), lot.q10(), config.trailGap());
                }
            }
            double unmonitored = unmonitoredSeconds.getOrDefault(parcel, new double[1])[0] / 86_400.0;
            double elapsed = Duration.between(start, end).toMillis() / 86_400_000.0;
            Instant bestBeforeEnd =
                    lot.bestBefore().plusDays(1).atStartOfDay(zone).toInstant();
            double atStart = Duration.between(start, bestBeforeEnd).toMillis() / 86_400_000.0;
            double consumed = used + unmonitored;
            double left = atStart - consumed;
            out.add(new ShelfLife(
                    lot.productId(),
                    lot.lotCode(),
                    lot.bestBefore(),
                    round4(atStart),
                    round4(used),
                    round4(unmonitored),
                    round4(consumed - elapsed),
                    round4(left),
                    end.plusMillis((long) (left * 86_400_000L))));
        }
        return out;
    }

    private static ColdChainMath.Point point(Reading r) {
        return new ColdChainMath.Point(r.ts(), r.tempC());
    }

    private static Double round(Double v) {
        return v == null ? null : Math.round(v * 100) / 100.0;
    }

    private static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
