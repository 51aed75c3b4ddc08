package io.coldchain.routing.bench;

import io.coldchain.routing.road.DemoCityMap;
import io.coldchain.routing.road.GeoPoint;
import io.coldchain.routing.road.RoadNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Road networks for the benchmarks. */
final class BenchMaps {

    private BenchMaps() {}

    /** The generated demo city, imported into a fresh temporary folder named after {@code bench}. */
    static RoadNetwork demoCity(String bench) throws IOException {
        Path dir = Files.createTempDirectory("coldchain-" + bench + "-bench");
        Path map = dir.resolve("demo-city.osm");
        DemoCityMap.write(new GeoPoint(46.0, 9.0), map);
        return RoadNetwork.load(map, dir.resolve("cache"));
    }
}
