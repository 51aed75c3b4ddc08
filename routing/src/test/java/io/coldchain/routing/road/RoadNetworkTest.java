package io.coldchain.routing.road;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bucket matrix against GraphHopper's own point-to-point routes, on the synthetic demo city
 * and on the real Andorra extract (skipped with a message when ../shared is absent).
 */
class RoadNetworkTest {

    static final Path ANDORRA = Path.of("../../shared/data/osm/andorra.osm.pbf");
    static final Path CACHE = Path.of("target/graph-cache");
    static final GeoPoint DEMO_CENTER = new GeoPoint(46.0, 9.0);

    static RoadNetwork demo;

    @BeforeAll
    static void importDemoCity() throws Exception {
        Path map = Path.of("target/demo-city/demo-city.osm");
        DemoCityMap.write(DEMO_CENTER, map);
        demo = RoadNetwork.load(map, CACHE);
    }

    @AfterAll
    static void close() {
        demo.close();
    }

    @Test
    void demoCityMatrixMatchesRoutes() {
        List<GeoPoint> points = randomPoints(DEMO_CENTER, 0.015, 25, 1);
        assertMatrixMatchesRoutes(demo, points);
    }

    @Test
    void roadsWithinABoxTouchItAndStopAtTheLimit() {
        GeoPoint sw = new GeoPoint(45.995, 8.995);
        GeoPoint ne = new GeoPoint(46.005, 9.005);
        List<List<GeoPoint>> roads = demo.roadsWithin(sw, ne, 10_000);
        assertThat(roads).hasSizeGreaterThan(20);
        // every road segment has at least its two ends, and the index only returns roads near the box
        for (List<GeoPoint> road : roads) {
            assertThat(road).hasSizeGreaterThanOrEqualTo(2);
            assertThat(road).anySatisfy(p -> {
                assertThat(p.lat()).isBetween(45.99, 46.01);
                assertThat(p.lon()).isBetween(8.99, 9.01);
            });
        }
        assertThat(demo.roadsWithin(sw, ne, 5)).hasSize(5);
        // a box far from the city holds no road
        assertThat(demo.roadsWithin(new GeoPoint(10.0, 10.0), new GeoPoint(10.01, 10.01), 100))
                .isEmpty();
    }

    @Test
    void junctionMatrixIsExactAtJunctionsAndCloseElsewhere() {
        List<GeoPoint> junctions = demo.randomRoadPoints(20, 3);
        List<GeoPoint> targets = randomPoints(DEMO_CENTER, 0.015, 10, 4);
        TravelMatrix exact = demo.matrix(junctions, targets);
        TravelMatrix fast = demo.matrixFromJunctions(junctions, targets);
        for (int s = 0; s < junctions.size(); s++) {
            for (int t = 0; t < targets.size(); t++) {
                assertThat(fast.seconds()[s][t]).isCloseTo(exact.seconds()[s][t], within(1e-6));
            }
        }
        // off-junction sources: within the drive along one 100 m block (a few seconds each way, plus
        // a detour where a one-way street points the other way)
        List<GeoPoint> homes = randomPoints(DEMO_CENTER, 0.015, 200, 5);
        TravelMatrix exactHomes = demo.matrix(homes, targets);
        TravelMatrix fastHomes = demo.matrixFromJunctions(homes, targets);
        double worst = 0;
        for (int s = 0; s < homes.size(); s++) {
            for (int t = 0; t < targets.size(); t++) {
                worst = Math.max(
                        worst, Math.abs(fastHomes.seconds()[s][t] - exactHomes.seconds()[s][t]));
            }
        }
        assertThat(worst).isLessThan(90);
    }

    @Test
    void crossingTheRiverTakesABridge() {
        // straight across the river at column 20 (bridges at 10 and 30): about 1 km of detour each way
        GeoPoint south = new GeoPoint(46.0 - 0.0009, 9.0);
        GeoPoint north = new GeoPoint(46.0 + 0.0018, 9.0);
        RouteResult route = demo.route(south, north);
        assertThat(route.metres()).isGreaterThan(1_800);
        // the route passes through one of the bridge columns
        assertThat(route.geometry()).anyMatch(p -> Math.abs(p.lon() - 9.0) > 0.012);
    }

    @Test
    void oneWayStreetsMakeTheMatrixAsymmetric() {
        // row 13 is one-way (-1) and row 14 one-way (yes): along a row the two directions differ
        double dLat = 100 / 111_320.0;
        double dLon = 100 / (111_320.0 * Math.cos(Math.toRadians(46.0)));
        GeoPoint west = new GeoPoint(46.0 + (14 - 20) * dLat, 9.0 + (-3) * dLon);
        GeoPoint east = new GeoPoint(46.0 + (14 - 20) * dLat, 9.0 + 3 * dLon);
        TravelMatrix m = demo.matrix(List.of(west, east));
        assertThat(m.metres()[0][1]).isNotCloseTo(m.metres()[1][0], within(1.0));
    }

    @Test
    void pointFarFromAnyRoadIsRefusedByIndex() {
        List<GeoPoint> points = List.of(DEMO_CENTER, new GeoPoint(46.2, 9.3));
        assertThatThrownBy(() -> demo.matrix(points))
                .isInstanceOf(UnroutablePointException.class)
                .hasMessageContaining("point 1")
                .satisfies(
                        e -> assertThat(((UnroutablePointException) e).index()).isEqualTo(1));
    }

    @Test
    void andorraMatrixMatchesRoutesOnRandomPairs() {
        assumeTrue(Files.exists(ANDORRA), "../shared/data/osm is absent: Andorra test skipped");
        try (RoadNetwork andorra = RoadNetwork.load(ANDORRA, CACHE)) {
            List<GeoPoint> points = new ArrayList<>();
            SplittableRandom rnd = new SplittableRandom(5);
            // around Andorra la Vella and Escaldes, where the roads are
            while (points.size() < 30) {
                GeoPoint p = new GeoPoint(42.50 + rnd.nextDouble(0.06), 1.50 + rnd.nextDouble(0.08));
                try {
                    andorra.snap(List.of(p));
                    points.add(p);
                } catch (UnroutablePointException e) {
                    // off the network: draw another
                }
            }
            assertMatrixMatchesRoutes(andorra, points);
        }
    }

    @Test
    void monacoGzippedXmlImportsAndMatchesRoutes() {
        Path monaco = Path.of("../../shared/data/osm/monaco.osm.gz");
        assumeTrue(Files.exists(monaco), "../shared/data/osm is absent: Monaco test skipped");
        try (RoadNetwork network = RoadNetwork.load(monaco, CACHE)) {
            assertMatrixMatchesRoutes(network, network.randomRoadPoints(12, 3));
        }
    }

    @Test
    void unchangedFileReusesTheCache() throws Exception {
        Path map = Path.of("target/demo-city/demo-city.osm");
        long before;
        try (var dirs = Files.list(CACHE)) {
            before = dirs.filter(d -> d.getFileName().toString().startsWith("demo-city"))
                    .count();
        }
        try (RoadNetwork again = RoadNetwork.load(map, CACHE)) {
            assertThat(again.route(DEMO_CENTER, new GeoPoint(46.005, 9.005)).metres())
                    .isPositive();
        }
        try (var dirs = Files.list(CACHE)) {
            assertThat(dirs.filter(d -> d.getFileName().toString().startsWith("demo-city"))
                            .count())
                    .isEqualTo(before);
        }
    }

    static void assertMatrixMatchesRoutes(RoadNetwork network, List<GeoPoint> points) {
        TravelMatrix matrix = network.matrix(points);
        int checked = 0;
        for (int i = 0; i < points.size(); i++) {
            for (int j = 0; j < points.size(); j++) {
                if (i == j) {
                    continue;
                }
                RouteResult route = network.route(points.get(i), points.get(j));
                assertThat(matrix.seconds()[i][j])
                        .as("seconds %d->%d", i, j)
                        .isCloseTo(route.seconds(), within(Math.max(1.0, route.seconds() * 0.001)));
                assertThat(matrix.metres()[i][j])
                        .as("metres %d->%d", i, j)
                        .isCloseTo(route.metres(), within(Math.max(1.0, route.metres() * 0.001)));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(points.size() * (points.size() - 1));
    }

    static List<GeoPoint> randomPoints(GeoPoint center, double spread, int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<GeoPoint> points = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            points.add(new GeoPoint(
                    center.lat() + (rnd.nextDouble() - 0.5) * spread,
                    center.lon() + (rnd.nextDouble() - 0.5) * spread));
        }
        return points;
    }
}
