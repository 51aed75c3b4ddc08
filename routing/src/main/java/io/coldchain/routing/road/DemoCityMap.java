package io.coldchain.routing.road;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the synthetic demo city as an OpenStreetMap XML file of our own: a street grid of
 * {@value #SIZE}x{@value #SIZE} blocks of 100 m around a centre, arterial roads every fifth street
 * (primary, 60 km/h), residential streets otherwise (30 or 50 km/h), a band of one-way streets, and
 * a river across the middle that only two bridges cross. No map data is copied from anywhere.
 */
public final class DemoCityMap {

    /** Blocks per side: 41 streets of 100 m make a 4 km square. */
    static final int SIZE = 40;

    private static final double STEP_M = 100;
    private static final int RIVER_ROW = SIZE / 2; // the river runs between this row and the next
    private static final int[] BRIDGE_COLUMNS = {10, 30};

    private DemoCityMap() {}

    /** Writes the map centred on {@code center} to {@code file}. */
    public static void write(GeoPoint center, Path file) throws IOException {
        double dLat = STEP_M / 111_320.0;
        double dLon = STEP_M / (111_320.0 * Math.cos(Math.toRadians(center.lat())));
        double lat0 = center.lat() - SIZE / 2.0 * dLat;
        double lon0 = center.lon() - SIZE / 2.0 * dLon;
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            out.write("<osm version=\"0.6\" generator=\"coldchain demo city\">\n");
            for (int row = 0; row <= SIZE; row++) {
                for (int col = 0; col <= SIZE; col++) {
                    out.write(String.format(
                            Locale.ROOT,
                            "  <node id=\"%d\" version=\"1\" lat=\"%.7f\" lon=\"%.7f\"/>%n",
                            node(row, col),
                            lat0 + row * dLat,
                            lon0 + col * dLon));
                }
            }
            // the river's nodes (OSM wants every node before the first way)
            StringBuilder river = new StringBuilder();
            long riverNode = 10_000_000L;
            for (int col = 0; col <= SIZE; col++) {
                out.write(String.format(
                        Locale.ROOT,
                        "  <node id=\"%d\" version=\"1\" lat=\"%.7f\" lon=\"%.7f\"/>%n",
                        riverNode + col,
                        lat0 + (RIVER_ROW + 0.5) * dLat,
                        lon0 + col * dLon));
                river.append("    <nd ref=\"").append(riverNode + col).append("\"/>\n");
            }
            long way = 1;
            // east-west streets: one way per row
            for (int row = 0; row <= SIZE; row++) {
                StringBuilder refs = new StringBuilder();
                for (int col = 0; col <= SIZE; col++) {
                    refs.append("    <nd ref=\"").append(node(row, col)).append("\"/>\n");
                }
                out.write(way(way++, refs, streetTags(row, true)));
            }
            // north-south streets, cut by the river except at the bridges
            for (int col = 0; col <= SIZE; col++) {
                boolean bridge = col == BRIDGE_COLUMNS[0] || col == BRIDGE_COLUMNS[1];
                if (bridge) {
                    out.write(way(way++, column(col, 0, RIVER_ROW), streetTags(col, false)));
                    out.write(way(
                            way++,
                            column(col, RIVER_ROW, RIVER_ROW + 1),
                            streetTags(col, false) + tag("bridge", "yes") + tag("layer", "1")));
                    out.write(way(way++, column(col, RIVER_ROW + 1, SIZE), streetTags(col, false)));
                } else {
                    out.write(way(way++, column(col, 0, RIVER_ROW), streetTags(col, false)));
                    out.write(way(way++, column(col, RIVER_ROW + 1, SIZE), streetTags(col, false)));
                }
            }
            out.write(way(way, river, tag("waterway", "river") + tag("name", "Demo River")));
            out.write("</osm>\n");
        }
    }

    private static long node(int row, int col) {
        return 1 + (long) row * (SIZE + 1) + col;
    }

    private static StringBuilder column(int col, int fromRow, int toRow) {
        StringBuilder refs = new StringBuilder();
        for (int row = fromRow; row <= toRow; row++) {
            refs.append("    <nd ref=\"").append(node(row, col)).append("\"/>\n");
        }
        return refs;
    }

    private static String streetTags(int index, boolean eastWest) {
        if (index % 5 == 0) {
            return tag("highway", "primary")
                    + tag("maxspeed", "60")
                    + tag("name", (eastWest ? "Avenue " : "Boulevard ") + index);
        }
        String tags = tag("highway", "residential")
                + tag("maxspeed", index % 2 == 0 ? "50" : "30")
                + tag("name", (eastWest ? "Street " : "Lane ") + index);
        // a band of one-way streets in the old town, alternating direction
        if (index >= 12 && index <= 18) {
            tags += tag("oneway", index % 2 == 0 ? "yes" : "-1");
        }
        return tags;
    }

    private static String way(long id, CharSequence refs, String tags) {
        return "  <way id=\"" + id + "\" version=\"1\">\n" + refs + tags + "  </way>\n";
    }

    private static String tag(String key, String value) {
        return "    <tag k=\"" + key + "\" v=\"" + value + "\"/>\n";
    }
}
