package io.coldchain.routing.bench;

import io.coldchain.routing.road.GeoPoint;
import io.coldchain.routing.road.RoadNetwork;
import io.coldchain.routing.road.TravelMatrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Road network figures: import time (fresh cache), cached load time, single route latency, and
 * travel-time matrices of several sizes by the CH bucket algorithm, compared with filling the same
 * matrix by point-to-point route calls.
 *
 * <pre>
 * ./mvnw -q -pl routing exec:java -Dexec.mainClass=io.coldchain.routing.bench.MatrixBench \
 *     -Dexec.args="OSM_FILE [SIZES...]"     (default sizes: 100 300)
 * </pre>
 */
public final class MatrixBench {

    private MatrixBench() {}

    public static void main(String[] args) throws Exception {
        Path osm = Path.of(args[0]);
        int[] sizes = args.length > 1
                ? Arrays.stream(args, 1, args.length)
                        .mapToInt(Integer::parseInt)
                        .toArray()
                : new int[] {100, 300};
        Path cache = java.nio.file.Files.createTempDirectory("coldchain-matrix-bench");
        long t0 = System.nanoTime();
        RoadNetwork.load(osm, cache).close();
        double importMs = (System.nanoTime() - t0) / 1e6;
        t0 = System.nanoTime();
        try (RoadNetwork network = RoadNetwork.load(osm, cache)) {
            double loadMs = (System.nanoTime() - t0) / 1e6;
            System.out.printf(Locale.ROOT, "import,%s,%.0f ms%n", osm.getFileName(), importMs);
            System.out.printf(Locale.ROOT, "cached-load,%s,%.0f ms%n", osm.getFileName(), loadMs);

            List<GeoPoint> pool =
                    network.randomRoadPoints(Arrays.stream(sizes).max().orElse(100), 1);
            // warm-up: JIT the route and matrix paths
            for (int i = 0; i < 3; i++) {
                network.matrix(pool.subList(0, Math.min(50, pool.size())));
            }
            double[] latencies = new double[1000];
            for (int i = 0; i < latencies.length; i++) {
                GeoPoint a = pool.get(i % pool.size());
                GeoPoint b = pool.get((i * 7 + 3) % pool.size());
                long s = System.nanoTime();
                network.route(a, b);
                latencies[i] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(latencies);
            System.out.printf(
                    Locale.ROOT,
                    "route-latency,p50 %.3f ms,p99 %.3f ms%n",
                    latencies[latencies.length / 2],
                    latencies[latencies.length * 99 / 100]);

            for (int n : sizes) {
                List<GeoPoint> points = pool.subList(0, n);
                double[] runs = new double[5];
                TravelMatrix matrix = null;
                for (int r = 0; r < runs.length; r++) {
                    long s = System.nanoTime();
                    matrix = network.matrix(points);
                    runs[r] = (System.nanoTime() - s) / 1e6;
                }
                Arrays.sort(runs);
                long s = System.nanoTime();
                double maxRelativeError = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        if (i != j) {
                            double viaRoute =
                                    network.route(points.get(i), points.get(j)).seconds();
                            maxRelativeError = Math.max(
                                    maxRelativeError,
                                    Math.abs(viaRoute - matrix.seconds()[i][j]) / Math.max(1, viaRoute));
                        }
                    }
                }
                double routesMs = (System.nanoTime() - s) / 1e6;
                System.out.printf(
                        Locale.ROOT,
                        "matrix,%dx%d,bucket median %.1f ms (min %.1f),route calls %.0f ms,max time difference %.4f%%%n",
                        n,
                        n,
                        runs[runs.length / 2],
                        runs[0],
                        routesMs,
                        100 * maxRelativeError);
            }
        }
        List<Path> leftovers = new ArrayList<>();
        try (var walk = java.nio.file.Files.walk(cache)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(leftovers::add);
        }
        for (Path p : leftovers) {
            java.nio.file.Files.deleteIfExists(p);
        }
    }
}
