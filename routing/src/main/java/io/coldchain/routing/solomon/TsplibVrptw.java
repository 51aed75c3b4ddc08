package io.coldchain.routing.solomon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the TSPLIB layout LKH-3 uses for VRPTW instances ({@code .vrptw}, as the Gehring-Homberger
 * instances are published there): {@code KEY : value} lines ({@code DIMENSION}, {@code VEHICLES},
 * {@code CAPACITY}, {@code SERVICE_TIME}), then {@code NODE_COORD_SECTION}, {@code DEMAND_SECTION},
 * {@code TIME_WINDOW_SECTION}, an optional {@code SERVICE_TIME_SECTION} and {@code DEPOT_SECTION}.
 * Distances stay exact Euclidean in double precision whatever {@code EDGE_WEIGHT_TYPE} and {@code
 * SCALE} say (the convention of the best-known solutions); the depot becomes customer 0.
 */
final class TsplibVrptw {

    private TsplibVrptw() {}

    static boolean looksLikeOne(List<String> lines) {
        return lines.stream().anyMatch(l -> l.trim().toUpperCase(Locale.ROOT).startsWith("NODE_COORD_SECTION"));
    }

    static SolomonInstance parse(List<String> lines, String fallbackName) throws IOException {
        Map<String, String> keys = new HashMap<>();
        Map<String, List<double[]>> sections = new HashMap<>();
        List<double[]> open = null;
        for (String raw : lines) {
            String line = raw.trim();
            String upper = line.toUpperCase(Locale.ROOT);
            if (line.isEmpty() || upper.equals("EOF")) {
                continue;
            }
            if (upper.endsWith("_SECTION")) {
                open = new ArrayList<>();
                sections.put(upper, open);
            } else if (line.contains(":") && !Character.isDigit(line.charAt(0)) && line.charAt(0) != '-') {
                int colon = line.indexOf(':');
                keys.put(
                        line.substring(0, colon).trim().toUpperCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
                open = null;
            } else if (open != null) {
                String[] parts = line.split("\\s+");
                double[] row = new double[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    row[i] = Double.parseDouble(parts[i]);
                }
                open.add(row);
            }
        }
        int n = (int) number(keys, "DIMENSION");
        List<double[]> coords = section(sections, "NODE_COORD_SECTION", n, 3);
        List<double[]> demands = section(sections, "DEMAND_SECTION", n, 2);
        List<double[]> windows = section(sections, "TIME_WINDOW_SECTION", n, 3);
        List<double[]> depots = sections.getOrDefault("DEPOT_SECTION", List.of(new double[] {1}));
        int depot = (int) depots.get(0)[0];
        double serviceTime = keys.containsKey("SERVICE_TIME") ? number(keys, "SERVICE_TIME") : 0;
        Map<Integer, Double> services = new HashMap<>();
        for (double[] row : sections.getOrDefault("SERVICE_TIME_SECTION", List.of())) {
            services.put((int) row[0], row[1]);
        }
        // the depot first, then the other nodes in their order
        int[] order = new int[n];
        order[0] = depot;
        int k = 1;
        for (double[] row : coords) {
            if ((int) row[0] != depot) {
                order[k++] = (int) row[0];
            }
        }
        Map<Integer, double[]> coordOf = byNode(coords);
        Map<Integer, double[]> demandOf = byNode(demands);
        Map<Integer, double[]> windowOf = byNode(windows);
        double[] x = new double[n], y = new double[n], demand = new double[n];
        double[] ready = new double[n], due = new double[n], service = new double[n];
        for (int c = 0; c < n; c++) {
            double[] xy = row(coordOf, order[c], "NODE_COORD_SECTION");
            double[] window = row(windowOf, order[c], "TIME_WINDOW_SECTION");
            x[c] = xy[1];
            y[c] = xy[2];
            demand[c] = row(demandOf, order[c], "DEMAND_SECTION")[1];
            ready[c] = window[1];
            due[c] = window[2];
            service[c] = c == 0 ? 0 : services.getOrDefault(order[c], serviceTime);
        }
        String name = keys.getOrDefault("NAME", fallbackName);
        int vehicles = keys.containsKey("VEHICLES") ? (int) number(keys, "VEHICLES") : n - 1;
        return new SolomonInstance(name, vehicles, number(keys, "CAPACITY"), x, y, demand, ready, due, service);
    }

    private static double number(Map<String, String> keys, String key) throws IOException {
        String value = keys.get(key);
        if (value == null) {
            throw new IOException("no " + key + " in the instance");
        }
        try {
            return Double.parseDouble(value.split("\\s+")[0]);
        } catch (NumberFormatException e) {
            throw new IOException(key + " is not a number: " + value, e);
        }
    }

    private static List<double[]> section(Map<String, List<double[]>> sections, String name, int n, int width)
            throws IOException {
        List<double[]> rows = sections.get(name);
        if (rows == null || rows.size() != n) {
            throw new IOException(name + " has " + (rows == null ? 0 : rows.size()) + " rows, DIMENSION says " + n);
        }
        for (double[] row : rows) {
            if (row.length < width) {
                throw new IOException(name + " has a row with " + row.length + " values, " + width + " expected");
            }
        }
        return rows;
    }

    private static Map<Integer, double[]> byNode(List<double[]> rows) {
        Map<Integer, double[]> byNode = new HashMap<>();
        rows.forEach(row -> byNode.put((int) row[0], row));
        return byNode;
    }

    private static double[] row(Map<Integer, double[]> byNode, int node, String section) throws IOException {
        double[] row = byNode.get(node);
        if (row == null) {
            throw new IOException("node " + node + " is missing from " + section);
        }
        return row;
    }
}
