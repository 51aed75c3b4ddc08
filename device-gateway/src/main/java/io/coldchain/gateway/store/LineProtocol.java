package io.coldchain.gateway.store;

import io.coldchain.gateway.contract.Reading;
import java.util.Locale;

/**
 * Readings as InfluxDB line protocol: measurement {@code telemetry}, tags {@code device} and
 * {@code probe}, fields {@code temp_c}, {@code seq} and the optional ones, millisecond timestamps.
 * A point is identified by measurement, tags and time, so a reading written twice is stored once.
 */
public final class LineProtocol {

    public static final String MEASUREMENT = "telemetry";

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
