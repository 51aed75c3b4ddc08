package io.coldchain.server.quality;

import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.gateway.rules.Thresholds;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.telemetry.TelemetryHistory;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Per monitored asset and day: share of time within the zone's band, excursions, degree-minutes, gaps. */
@Component
public class Compliance {

    /**
     * @param percentInRange of the time with readings, the share within the keep-within band
     * @param excursions temperature alerts on the asset overlapping the day
     */
    public record Day(
            String assetId,
            TemperatureZone zone,
            LocalDate date,
            int readings,
            Double percentInRange,
            double minutesOutside,
            double degreeMinutes,
            double gapMinutes,
            Double minC,
            Double maxC,
            Double mktC,
            int excursions) {}

    private final JdbcClient jdbc;
    private final TelemetryHistory telemetry;
    private final ColdchainProperties.Quality config;
    private final ZoneId zone;

    Compliance(JdbcClient jdbc, TelemetryHistory telemetry, ColdchainProperties properties) {
        this.jdbc = jdbc;
        this.telemetry = telemetry;
        this.config = properties.quality();
        this.zone = properties.orders().timeZone();
    }

    @Transactional(readOnly = true)
    public List<Day> of(LocalDate date, String assetId) {
        record Asset(String id, TemperatureZone zone) {}
        List<Asset> assets = jdbc.sql(
                        """
                        select owner_id || '/' || zone, zone from device_probe
                        where ?::varchar is null or owner_id || '/' || zone = ?::varchar order by 1
                        """)
                .params(assetId, assetId)
                .query((rs, n) -> new Asset(rs.getString(1), TemperatureZone.valueOf(rs.getString(2))))
                .list();
        Instant from = date.atStartOfDay(zone).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();
        Instant until = to.isAfter(Instant.now()) ? Instant.now() : to;
        return assets.stream()
                .map(a -> {
                    List<ColdChainMath.Point> points = until.isAfter(from)
                            ? telemetry.readings(a.id(), from, until, config.trailGap()).stream()
                                    .map(r -> new ColdChainMath.Point(r.ts(), r.tempC()))
                                    .toList()
                            : List.of();
                    Thresholds band = Thresholds.of(a.zone());
                    Double low = Double.isInfinite(band.keepLow()) ? null : band.keepLow();
                    ColdChainMath.Summary s = ColdChainMath.summarise(
                            points,
                            from,
                            until.isAfter(from) ? until : from,
                            low,
                            band.keepHigh(),
                            config.trailGap(),
                            config.activationEnergyK());
                    int excursions = jdbc.sql(
                                    """
                                    select count(*) from alert where asset_id = ? and type in ('TEMPERATURE_HIGH','TEMPERATURE_LOW')
                                      and started_at < ? and coalesce(ended_at, 'infinity') >= ?
                                    """)
                            .params(a.id(), Timestamp.from(to), Timestamp.from(from))
                            .query(Integer.class)
                            .single();
                    Double inRange = s.minutesCovered() > 0
                            ? Math.round(10_000 * (s.minutesCovered() - s.minutesOutside()) / s.minutesCovered())
                                    / 100.0
                            : null;
                    return new Day(
                            a.id(),
                            a.zone(),
                            date,
                            points.size(),
                            inRange,
                            Math.round(s.minutesOutside() * 100) / 100.0,
                            Math.round(s.degreeMinutes() * 100) / 100.0,
                            Math.round(s.gapMinutes() * 100) / 100.0,
                            s.minC(),
                            s.maxC(),
                            s.mktC() == null ? null : Math.round(s.mktC() * 100) / 100.0,
                            excursions);
                })
                .toList();
    }
}
