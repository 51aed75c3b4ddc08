package io.coldchain.routing;

import io.coldchain.routing.assign.Assignment;
import io.coldchain.routing.assign.AssignmentProblem;
import io.coldchain.routing.assign.GreedyAssignment;
import io.coldchain.routing.assign.MinCostAssignment;
import io.coldchain.routing.road.DemoCityMap;
import io.coldchain.routing.road.GeoPoint;
import io.coldchain.routing.road.RoadNetwork;
import io.coldchain.routing.road.RouteResult;
import io.coldchain.routing.road.TravelMatrix;
import io.coldchain.routing.vrp.SolverMonitor;
import io.coldchain.routing.vrp.SolverOptions;
import io.coldchain.routing.vrp.VrpProblem;
import io.coldchain.routing.vrp.VrpSolution;
import io.coldchain.routing.vrp.VrpSolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The routing library's one entry point: a road network (an OpenStreetMap file, or the generated
 * demo city), travel-time matrices on it, vehicle routing and batch assignment.
 */
public final class Routing implements AutoCloseable {

    /**
     * @param osmFile the map; null to generate the demo city around {@code demoCenter}
     * @param cacheDir where imported graphs (and a generated demo map) are kept
     */
    public record Config(Path osmFile, Path cacheDir, GeoPoint demoCenter) {}

    private final RoadNetwork network;

    private Routing(RoadNetwork network) {
        this.network = network;
    }

    public static Routing open(Config config) {
        Path map = config.osmFile();
        if (map == null) {
            map = config.cacheDir().resolve("demo-city.osm");
            try {
                DemoCityMap.write(config.demoCenter(), map);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the demo city map to " + map, e);
            }
        }
        return new Routing(RoadNetwork.load(map, config.cacheDir()));
    }

    /** The roads inside a box, for drawing a map (see {@link RoadNetwork#roadsWithin}). */
    public List<List<GeoPoint>> roadsWithin(GeoPoint southWest, GeoPoint northEast, int limit) {
        return network.roadsWithin(southWest, northEast, limit);
    }

    public RouteResult route(GeoPoint from, GeoPoint to) {
        return network.route(from, to);
    }

    public TravelMatrix matrix(List<GeoPoint> sources, List<GeoPoint> targets) {
        return network.matrix(sources, targets);
    }

    /** Many sources (homes) to few targets, sources taken at their nearest junction: see {@link RoadNetwork#matrixFromJunctions}. */
    public TravelMatrix matrixFromJunctions(List<GeoPoint> sources, List<GeoPoint> targets) {
        return network.matrixFromJunctions(sources, targets);
    }

    public TravelMatrix matrix(List<GeoPoint> points) {
        return network.matrix(points);
    }

    public VrpSolution solve(VrpProblem problem, SolverOptions options, SolverMonitor monitor) {
        return new VrpSolver().solve(problem, options, monitor);
    }

    /** The exact (least total travel) assignment. */
    public Assignment assign(AssignmentProblem problem) {
        return MinCostAssignment.solve(problem);
    }

    /** The greedy nearest-first baseline, for comparison. */
    public Assignment assignGreedy(AssignmentProblem problem) {
        return GreedyAssignment.solve(problem);
    }

    @Override
    public void close() {
        network.close();
    }
}
