package io.coldchain.server.dispatch;

import io.coldchain.routing.road.GeoPoint;
import java.util.ArrayList;
import java.util.List;

/** The encoded polyline format (precision 5) that map libraries draw directly. */
final class Polyline {

    private Polyline() {}

    static String encode(List<GeoPoint> points) {
        StringBuilder out = new StringBuilder();
        long lastLat = 0;
        long lastLon = 0;
        for (GeoPoint p : points) {
            long lat = Math.round(p.lat() * 1e5);
            long lon = Math.round(p.lon() * 1e5);
            value(out, lat - lastLat);
            value(out, lon - lastLon);
            lastLat = lat;
            lastLon = lon;
        }
        return out.toString();
    }

    static List<GeoPoint> decode(String encoded) {
        List<GeoPoint> points = new ArrayList<>();
        int[] index = {0};
        long lat = 0;
        long lon = 0;
        while (index[0] < encoded.length()) {
            lat += next(encoded, index);
            lon += next(encoded, index);
            points.add(new GeoPoint(lat / 1e5, lon / 1e5));
        }
        return points;
    }

    private static void value(StringBuilder out, long v) {
        long s = v < 0 ? ~(v << 1) : v << 1;
        while (s >= 0x20) {
            out.append((char) ((0x20 | (s & 0x1f)) + 63));
            s >>= 5;
        }
        out.append((char) (s + 63));
    }

    private static long next(String encoded, int[] index) {
        long result = 0;
        int shift = 0;
        int b;
        do {
            b = encoded.charAt(index[0]++) - 63;
            result |= (long) (b & 0x1f) << shift;
            shift += 5;
        } while (b >= 0x20);
        return (result & 1) != 0 ? ~(result >> 1) : result >> 1;
    }
}
