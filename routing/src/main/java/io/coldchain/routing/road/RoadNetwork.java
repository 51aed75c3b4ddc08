package io.coldchain.routing.road;

import com.graphhopper.GHRequest;
import com.graphhopper.GHResponse;
import com.graphhopper.GraphHopper;
import com.graphhopper.ResponsePath;
import com.graphhopper.config.CHProfile;
import com.graphhopper.config.Profile;
import com.graphhopper.routing.ev.BooleanEncodedValue;
import com.graphhopper.routing.ev.Subnetwork;
import com.graphhopper.routing.querygraph.QueryGraph;
import com.graphhopper.routing.querygraph.QueryRoutingCHGraph;
import com.graphhopper.routing.util.DefaultSnapFilter;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.storage.RoutingCHGraph;
import com.graphhopper.storage.index.Snap;
import com.graphhopper.util.CustomModel;
import com.graphhopper.util.PointList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A road network imported from an OpenStreetMap file ({@code .osm.pbf}, {@code .osm},
 * {@code .osm.gz}) with GraphHopper: a car profile whose weights are travel seconds ({@code car.json}
 * with {@code distance_influence} 0), contraction hierarchies prepared, and the graph cached on
 * disk under a folder named after the file's path, size and modification time, so an unchanged
 * file loads in seconds and a changed one is imported again.
 */
public final class RoadNetwork implements AutoCloseable {

    static final String PROFILE = "car";
    private static final Logger log = LoggerFactory.getLogger(RoadNetwork.class);

    /** Points farther than this from any road are refused rather than snapped. */
    private static final double MAX_SNAP_METRES = 1_000;

    private final GraphHopper hopper;
    private final RoutingCHGraph ch;
    private final Weighting weighting;
    private final BooleanEncodedValue subnetwork;

    private RoadNetwork(GraphHopper hopper) {
        this.hopper = hopper;
        this.ch = hopper.getCHGraphs().get(PROFILE);
        this.weighting = ch.getWeighting();
        this.subnetwork = hopper.getEncodingManager().getBooleanEncodedValue(Subnetwork.key(PROFILE));
    }

    /**
     * Imports {@code osmFile} (or loads its cached graph) with the cache under {@code cacheRoot}.
     * Import logs its progress; a city takes seconds to minutes.
     */
    public static RoadNetwork load(Path osmFile, Path cacheRoot) {
        if (!Files.isRegularFile(osmFile)) {
            throw new IllegalArgumentException("no OpenStreetMap file at " + osmFile.toAbsolutePath());
        }
        Path cache = cacheRoot.resolve(cacheKey(osmFile));
        boolean cached = Files.isDirectory(cache);
        log.info("{} road network {} ({})", cached ? "Loading cached" : "Importing", osmFile, cache);
        long start = System.nanoTime();
        CustomModel model = com.graphhopper.util.GHUtility.loadCustomModelFromJar("car.json");
        model.setDistanceInfluence(0d);
        GraphHopper hopper = new GraphHopper()
                .setOSMFile(osmFile.toString())
                .setGraphHopperLocation(cache.toString())
                .setEncodedValuesString("car_access, car_average_speed, road_access")
                .setProfiles(new Profile(PROFILE).setCustomModel(model));
        hopper.getCHPreparationHandler().setCHProfiles(new CHProfile(PROFILE));
        try {
            hopper.importOrLoad();
        } catch (RuntimeException e) {
            hopper.close();
            throw e;
        }
        log.info(
                "Road network ready: {} nodes, {} edges in {} ms",
                hopper.getBaseGraph().getNodes(),
                hopper.getBaseGraph().getEdges(),
                (System.nanoTime() - start) / 1_000_000);
        return new RoadNetwork(hopper);
    }

    /**
     * The roads inside a box as polylines (one per road segment, with its full geometry), at most
     * {@code limit} of them: what a map draws where no tile server is reachable.
     */
    public List<List<GeoPoint>> roadsWithin(GeoPoint southWest, GeoPoint northEast, int limit) {
        com.graphhopper.util.shapes.BBox box = new com.graphhopper.util.shapes.BBox(
                southWest.lon(), northEast.lon(), southWest.lat(), northEast.lat());
        java.util.Set<Integer> edges = new java.util.LinkedHashSet<>();
        hopper.getLocationIndex().query(box, edge -> {
            if (edges.size() < limit) {
                edges.add(edge);
            }
        });
        List<List<GeoPoint>> roads = new ArrayList<>(edges.size());
        for (int edge : edges) {
            PointList points = hopper.getBaseGraph()
                    .getEdgeIteratorState(edge, Integer.MIN_VALUE)
                    .fetchWayGeometry(com.graphhopper.util.FetchMode.ALL);
            List<GeoPoint> line = new ArrayList<>(points.size());
            for (int i = 0; i < points.size(); i++) {
                line.add(new GeoPoint(points.getLat(i), points.getLon(i)));
            }
            roads.add(line);
        }
        return roads;
    }

    /** The fastest route; {@link UnroutablePointException} when a point is off the network. */
    public RouteResult route(GeoPoint from, GeoPoint to) {
        snap(List.of(from, to)); // names the point that is off the network (GraphHopper would not)
        GHResponse response = hopper.route(new GHRequest(from.lat(), from.lon(), to.lat(), to.lon())
                .setProfile(PROFILE)
                .putHint("instructions", false));
        if (response.hasErrors()) {
            throw new UnroutablePointException(
                    1,
                    to,
                    "no route from " + from + ": " + response.getErrors().get(0).getMessage());
        }
        ResponsePath path = response.getBest();
        List<GeoPoint> geometry = new ArrayList<>();
        PointList points = path.getPoints();
        for (int i = 0; i < points.size(); i++) {
            geometry.add(new GeoPoint(points.getLat(i), points.getLon(i)));
        }
        return new RouteResult(path.getTime() / 1000.0, path.getDistance(), geometry);
    }

    /** Seconds and metres from every source to every target (see {@link BucketMatrix}). */
    public TravelMatrix matrix(List<GeoPoint> sources, List<GeoPoint> targets) {
        List<GeoPoint> all = new ArrayList<>(sources);
        all.addAll(targets);
        List<Snap> snaps = snap(all);
        QueryGraph queryGraph = QueryGraph.create(hopper.getBaseGraph(), snaps);
        QueryRoutingCHGraph graph = new QueryRoutingCHGraph(ch, queryGraph);
        int[] sourceNodes = new int[sources.size()];
        int[] targetNodes = new int[targets.size()];
        for (int i = 0; i < sourceNodes.length; i++) {
            sourceNodes[i] = snaps.get(i).getClosestNode();
        }
        for (int i = 0; i < targetNodes.length; i++) {
            targetNodes[i] = snaps.get(sources.size() + i).getClosestNode();
        }
        return new BucketMatrix(graph, queryGraph, queryGraph.wrapWeighting(weighting))
                .compute(sourceNodes, targetNodes);
    }

    /**
     * Like {@link #matrix(List, List)} for many sources (thousands of homes): each source is taken
     * at the nearest junction of the road it lies on, and sources sharing a junction share one
     * search; targets are exact. A source's times are off by at most the drive along its road to
     * that junction. Many exact sources would each split a road in the query graph, which makes
     * every search slow.
     */
    public TravelMatrix matrixFromJunctions(List<GeoPoint> sources, List<GeoPoint> targets) {
        List<Snap> sourceSnaps = snap(sources);
        List<Snap> targetSnaps;
        try {
            targetSnaps = snap(targets);
        } catch (UnroutablePointException e) {
            throw new UnroutablePointException(sources.size() + e.index(), e.point(), e.getMessage());
        }
        QueryGraph queryGraph = QueryGraph.create(hopper.getBaseGraph(), targetSnaps);
        QueryRoutingCHGraph graph = new QueryRoutingCHGraph(ch, queryGraph);
        java.util.Map<Integer, Integer> rowOfNode = new java.util.LinkedHashMap<>();
        int[] row = new int[sources.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = rowOfNode.computeIfAbsent(sourceSnaps.get(i).getClosestNode(), n -> rowOfNode.size());
        }
        int[] sourceNodes =
                rowOfNode.keySet().stream().mapToInt(Integer::intValue).toArray();
        int[] targetNodes = targetSnaps.stream().mapToInt(Snap::getClosestNode).toArray();
        TravelMatrix distinct = new BucketMatrix(graph, queryGraph, queryGraph.wrapWeighting(weighting))
                .compute(sourceNodes, targetNodes);
        double[][] seconds = new double[row.length][];
        double[][] metres = new double[row.length][];
        for (int i = 0; i < row.length; i++) {
            seconds[i] = distinct.seconds()[row[i]].clone();
            metres[i] = distinct.metres()[row[i]].clone();
        }
        return new TravelMatrix(seconds, metres);
    }

    /** A square matrix over {@code points}, usable as the solver's travel costs. */
    public TravelMatrix matrix(List<GeoPoint> points) {
        return matrix(points, points);
    }

    /**
     * {@code count} distinct points on the main road network (junctions), drawn with {@code seed}:
     * for benchmarks and demo data.
     */
    public List<GeoPoint> randomRoadPoints(int count, long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        var nodes = hopper.getBaseGraph().getNodeAccess();
        int total = hopper.getBaseGraph().getNodes();
        java.util.Set<Integer> used = new java.util.HashSet<>();
        List<GeoPoint> points = new ArrayList<>();
        int attempts = 0;
        while (points.size() < count && attempts++ < count * 50) {
            int node = rnd.nextInt(total);
            if (!used.add(node)) {
                continue;
            }
            GeoPoint p = new GeoPoint(nodes.getLat(node), nodes.getLon(node));
            try {
                snap(List.of(p));
                points.add(p);
            } catch (UnroutablePointException e) {
                // a junction of a cut-off fragment: draw another
            }
        }
        if (points.size() < count) {
            throw new IllegalArgumentException("the network has fewer than " + count + " usable junctions");
        }
        return points;
    }

    /** Snaps every point, or fails naming the first one that is off the network. */
    List<Snap> snap(List<GeoPoint> points) {
        DefaultSnapFilter filter = new DefaultSnapFilter(weighting, subnetwork);
        List<Snap> snaps = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            GeoPoint p = points.get(i);
            Snap snap = hopper.getLocationIndex().findClosest(p.lat(), p.lon(), filter);
            if (!snap.isValid()) {
                throw new UnroutablePointException(i, p, "no road of the main network near it");
            }
            if (snap.getQueryDistance() > MAX_SNAP_METRES) {
                throw new UnroutablePointException(
                        i,
                        p,
                        String.format(
                                Locale.ROOT,
                                "nearest road is %.0f m away (more than %.0f m)",
                                snap.getQueryDistance(),
                                MAX_SNAP_METRES));
            }
            snaps.add(snap);
        }
        return snaps;
    }

    @Override
    public void close() {
        hopper.close();
    }

    private static String cacheKey(Path osmFile) {
        try {
            Path real = osmFile.toRealPath();
            String stamp = real + "|" + Files.size(real) + "|"
                    + Files.getLastModifiedTime(real).toMillis();
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(stamp.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String name = real.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
            return name + "-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
