package io.coldchain.gateway.store;

import io.coldchain.gateway.contract.Reading;
import java.time.Instant;
import java.util.Locale;

/**
 * Readings as InfluxDB line protocol: measurement {@code telemetry}, tags {@code device} and
 * {@code probe}, fields {@code temp_c}, {@code seq} and the optional ones, millisecond timestamps.
 * A point is identified by measurement, tags and time, so a reading written twice is stored once.
 */
public final class LineProtocol {

    public static final String MEASUREMENT = "telemetry";

    /** The measurement of the gateway's own figures. */
    public static final String STATS = "gateway";

    /** The measurement of alert events. */
    public static final String ALERT = "alert";

    private LineProtocol() {}

    public static String encode(Reading r) {
        StringBuilder line = new StringBuilder(128)
                .append(MEASUREMENT)
                .append(",device=")
                .append(tag(r.deviceId()))
                .append(",probe=")
                .append(tag(r.probe()))
                .append(" temp_c=")
                .append(number(r.tempC()))
                .append(",seq=")
                .append(r.seq())
                .append('i');
        if (r.doorOpen() != null) {
            line.append(",door_open=").append(r.doorOpen());
        }
        if (r.batteryPct() != null) {
            line.append(",battery_pct=").append(r.batteryPct()).append('i');
        }
        if (r.lat() != null) {
            line.append(",lat=").append(number(r.lat()));
        }
        if (r.lon() != null) {
            line.append(",lon=").append(number(r.lon()));
        }
        return line.append(' ').append(r.ts().toEpochMilli()).toString();
    }

    /** The gateway's figures: measurement {@code gateway}, tag {@code gateway}, one integer field each. */
    public static String stats(String gatewayId, Instant at, java.util.Map<String, Long> values) {
        StringBuilder line = new StringBuilder(256)
                .append(STATS)
                .append(",gateway=")
                .append(tag(gatewayId))
                .append(' ');
        boolean first = true;
        for (var e : new java.util.TreeMap<>(values).entrySet()) {
            line.append(first ? "" : ",")
                    .append(e.getKey())
                    .append('=')
                    .append(e.getValue())
                    .append('i');
            first = false;
        }
        return line.append(' ').append(at.toEpochMilli()).toString();
    }

    /**
     * An alert event: measurement {@code alert}, tags {@code type}, {@code state}, {@code asset},
     * {@code zone}, {@code device}; fields {@code alert_id}, {@code degree_minutes}, {@code peak_c}.
     */
    public static String alert(io.coldchain.gateway.contract.AlertEvent e) {
        StringBuilder line = new StringBuilder(256)
                .append(ALERT)
                .append(",type=")
                .append(tag(e.type().name()))
                .append(",state=")
                .append(tag(e.state().name()))
                .append(",device=")
                .append(tag(e.deviceId()));
        if (e.assetId() != null) {
            line.append(",asset=").append(tag(e.assetId()));
        }
        if (e.zone() != null) {
            line.append(",zone=").append(tag(e.zone().name()));
        }
        line.append(" alert_id=\"")
                .append(e.alertId().replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\",degree_minutes=")
                .append(number(e.degreeMinutes()));
        if (e.peakC() != null) {
            line.append(",peak_c=").append(number(e.peakC()));
        }
        return line.append(' ').append(e.ts().toEpochMilli()).toString();
    }

    /** Tag values escape commas, equals signs and spaces. */
    static String tag(String value) {
        return value.replace("\\", "\\\\")
                .replace(",", "\\,")
                .replace("=", "\\=")
                .replace(" ", "\\ ");
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%s", value);
    }
}
