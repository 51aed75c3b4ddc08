package io.coldchain.routing.road;

/** A WGS84 coordinate. */
public record GeoPoint(double lat, double lon) {

    public GeoPoint {
        if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("not a WGS84 coordinate: " + lat + "," + lon);
        }
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "(%.6f, %.6f)", lat, lon);
    }
}
