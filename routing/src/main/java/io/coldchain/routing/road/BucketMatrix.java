package io.coldchain.routing.road;

import com.graphhopper.routing.ch.ShortcutUnpacker;
import com.graphhopper.routing.querygraph.QueryGraph;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.storage.RoutingCHEdgeExplorer;
import com.graphhopper.storage.RoutingCHEdgeIterator;
import com.graphhopper.storage.RoutingCHGraph;
import com.graphhopper.util.EdgeIterator;
import com.graphhopper.util.EdgeIteratorState;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Many-to-many shortest paths on a contraction hierarchy (Knopp et al., "Computing many-to-many
 * shortest paths using highway hierarchies", 2007, applied to CH): one backward upward search per
 * target leaves (target, weight) entries in buckets at the nodes it settles; one forward upward
 * search per source scans the buckets of the nodes it settles. Time and distance are accumulated
 * alongside the weight (shortcuts unpacked once and cached), so they belong to the chosen path.
 */
final class BucketMatrix {

    private final RoutingCHGraph graph;
    private final QueryGraph queryGraph;
    private final Weighting weighting;
    private final ShortcutUnpacker unpacker;
    private final Map<Long, double[]> shortcutCosts = new HashMap<>();
    private double unpackMillis;
    private double unpackMetres;

    // search state, reused between searches
    private final double[] weight;
    private final double[] millis;
    private final double[] metres;
    private final int[] touched;
    private final boolean[] stalled;
    private int touchedCount;
    private final Heap heap;

    // buckets: per node a linked list of entries
    private final int[] head;
    private int[] next = new int[1024];
    private int[] entryTarget = new int[1024];
    private double[] entryWeight = new double[1024];
    private double[] entryMillis = new double[1024];
    private double[] entryMetres = new double[1024];
    private int entries;

    BucketMatrix(RoutingCHGraph graph, QueryGraph queryGraph, Weighting weighting) {
        this.graph = graph;
        this.queryGraph = queryGraph;
        this.weighting = weighting;
        this.unpacker = new ShortcutUnpacker(graph, this::visitOriginal, false);
        int nodes = graph.getNodes();
        weight = new double[nodes];
        millis = new double[nodes];
        metres = new double[nodes];
        Arrays.fill(weight, Double.POSITIVE_INFINITY);
        touched = new int[nodes];
        stalled = new boolean[nodes];
        heap = new Heap(nodes);
        head = new int[nodes];
        Arrays.fill(head, -1);
    }

    TravelMatrix compute(int[] sources, int[] targets) {
        RoutingCHEdgeExplorer in = graph.createInEdgeExplorer();
        for (int t = 0; t < targets.length; t++) {
            search(targets[t], in, true, null);
            for (int i = 0; i < touchedCount; i++) {
                int node = touched[i];
                addEntry(node, t, weight[node], millis[node], metres[node]);
            }
            reset();
        }
        // lay the buckets out contiguously per node: the forward scans below read them in order
        int nodes = head.length;
        int[] start = new int[nodes + 1];
        for (int node = 0; node < nodes; node++) {
            int count = 0;
            for (int e = head[node]; e >= 0; e = next[e]) {
                count++;
            }
            start[node + 1] = start[node] + count;
        }
        int[] bucketTarget = new int[entries];
        double[] bucketWeight = new double[entries];
        double[] bucketMillis = new double[entries];
        double[] bucketMetres = new double[entries];
        for (int node = 0; node < nodes; node++) {
            int at = start[node];
            for (int e = head[node]; e >= 0; e = next[e]) {
                bucketTarget[at] = entryTarget[e];
                bucketWeight[at] = entryWeight[e];
                bucketMillis[at] = entryMillis[e];
                bucketMetres[at] = entryMetres[e];
                at++;
            }
        }
        double[][] seconds = new double[sources.length][targets.length];
        double[][] distance = new double[sources.length][targets.length];
        double[] best = new double[targets.length];
        int[] via = new int[targets.length];
        RoutingCHEdgeExplorer out = graph.createOutEdgeExplorer();
        for (int s = 0; s < sources.length; s++) {
            Arrays.fill(best, Double.POSITIVE_INFINITY);
            Arrays.fill(via, -1);
            search(sources[s], out, false, in);
            for (int i = 0; i < touchedCount; i++) {
                int node = touched[i];
                if (stalled[node]) {
                    continue;
                }
                double w0 = weight[node];
                for (int e = start[node], end = start[node + 1]; e < end; e++) {
                    int t = bucketTarget[e];
                    double w = w0 + bucketWeight[e];
                    if (w < best[t]) {
                        best[t] = w;
                        via[t] = e;
                        seconds[s][t] = (millis[node] + bucketMillis[e]) / 1000.0;
                        distance[s][t] = metres[node] + bucketMetres[e];
                    }
                }
            }
            for (int t = 0; t < targets.length; t++) {
                if (via[t] < 0) {
                    seconds[s][t] = Double.POSITIVE_INFINITY;
                    distance[s][t] = Double.POSITIVE_INFINITY;
                }
            }
            reset();
        }
        return new TravelMatrix(seconds, distance);
    }

    /**
     * Upward Dijkstra from {@code start}. With a {@code stallExplorer} (edges into a node, opposite
     * to the search) a node reached more cheaply through a higher neighbour is stalled: not expanded
     * and marked in {@link #stalled}, since its distance here is not the shortest (stall-on-demand).
     */
    private void search(
            int start, RoutingCHEdgeExplorer explorer, boolean backward, RoutingCHEdgeExplorer stallExplorer) {
        weight[start] = 0;
        millis[start] = 0;
        metres[start] = 0;
        touched[touchedCount++] = start;
        heap.push(start, 0);
        while (!heap.isEmpty()) {
            int node = heap.pop();
            double w = weight[node];
            int level = graph.getLevel(node);
            boolean virtual = level == Integer.MAX_VALUE;
            if (stallExplorer != null && !virtual && stalls(node, w, level, stallExplorer, !backward)) {
                stalled[node] = true;
                continue;
            }
            RoutingCHEdgeIterator it = explorer.setBaseNode(node);
            while (it.next()) {
                int adj = it.getAdjNode();
                if (!virtual && graph.getLevel(adj) < level) {
                    continue; // only upward, except out of a snapped (virtual) node
                }
                double edgeWeight = it.getWeight(backward);
                if (Double.isInfinite(edgeWeight)) {
                    continue;
                }
                double candidate = w + edgeWeight;
                if (candidate < weight[adj]) {
                    // travel direction: node -> adj forward, adj -> node backward
                    int end = backward ? node : adj;
                    double[] cost = edgeCost(it, end);
                    if (Double.isInfinite(weight[adj])) {
                        touched[touchedCount++] = adj;
                    }
                    weight[adj] = candidate;
                    millis[adj] = millis[node] + cost[0];
                    metres[adj] = metres[node] + cost[1];
                    heap.pushOrDecrease(adj, candidate);
                }
            }
        }
    }

    /** Whether a higher neighbour already reached reaches {@code node} for less than {@code w}. */
    private boolean stalls(int node, double w, int level, RoutingCHEdgeExplorer opposite, boolean reverse) {
        RoutingCHEdgeIterator it = opposite.setBaseNode(node);
        while (it.next()) {
            int adj = it.getAdjNode();
            double adjWeight = weight[adj];
            if (Double.isInfinite(adjWeight) || graph.getLevel(adj) <= level) {
                continue;
            }
            double edgeWeight = it.getWeight(reverse);
            if (adjWeight + edgeWeight < w) {
                return true;
            }
        }
        return false;
    }

    /** Milliseconds and metres of a (possibly shortcut) edge travelled towards {@code end}. */
    private double[] edgeCost(RoutingCHEdgeIterator it, int end) {
        if (!it.isShortcut()) {
            EdgeIteratorState state = queryGraph.getEdgeIteratorState(it.getOrigEdge(), end);
            return new double[] {weighting.calcEdgeMillis(state, false), state.getDistance()};
        }
        long key = ((long) it.getEdge() << 32) | (end & 0xffffffffL);
        double[] cached = shortcutCosts.get(key);
        if (cached == null) {
            unpackMillis = 0;
            unpackMetres = 0;
            unpacker.visitOriginalEdgesFwd(it.getEdge(), end, false, EdgeIterator.NO_EDGE);
            cached = new double[] {unpackMillis, unpackMetres};
            shortcutCosts.put(key, cached);
        }
        return cached;
    }

    private void visitOriginal(EdgeIteratorState edge, boolean reverse, int prevOrNextEdgeId) {
        unpackMillis += weighting.calcEdgeMillis(edge, reverse);
        unpackMetres += edge.getDistance();
    }

    private void addEntry(int node, int target, double w, double ms, double m) {
        if (entries == next.length) {
            int size = entries * 2;
            next = Arrays.copyOf(next, size);
            entryTarget = Arrays.copyOf(entryTarget, size);
            entryWeight = Arrays.copyOf(entryWeight, size);
            entryMillis = Arrays.copyOf(entryMillis, size);
            entryMetres = Arrays.copyOf(entryMetres, size);
        }
        entryTarget[entries] = target;
        entryWeight[entries] = w;
        entryMillis[entries] = ms;
        entryMetres[entries] = m;
        next[entries] = head[node];
        head[node] = entries++;
    }

    private void reset() {
        for (int i = 0; i < touchedCount; i++) {
            weight[touched[i]] = Double.POSITIVE_INFINITY;
            stalled[touched[i]] = false;
        }
        touchedCount = 0;
        heap.clear();
    }

    /** A binary min-heap of node ids keyed by weight, with decrease-key. */
    private static final class Heap {
        private final int[] nodes;
        private final double[] keys;
        private final int[] position;
        private int size;

        Heap(int capacity) {
            nodes = new int[capacity];
            keys = new double[capacity];
            position = new int[capacity];
            Arrays.fill(position, -1);
        }

        boolean isEmpty() {
            return size == 0;
        }

        void push(int node, double key) {
            pushOrDecrease(node, key);
        }

        void pushOrDecrease(int node, double key) {
            int i = position[node];
            if (i < 0) {
                i = size++;
                nodes[i] = node;
                position[node] = i;
            }
            keys[i] = key;
            up(i);
        }

        int pop() {
            int top = nodes[0];
            position[top] = -1;
            size--;
            if (size > 0) {
                nodes[0] = nodes[size];
                keys[0] = keys[size];
                position[nodes[0]] = 0;
                down(0);
            }
            return top;
        }

        void clear() {
            for (int i = 0; i < size; i++) {
                position[nodes[i]] = -1;
            }
            size = 0;
        }

        private void up(int i) {
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (keys[parent] <= keys[i]) {
                    break;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void down(int i) {
            while (true) {
                int left = 2 * i + 1;
                int smallest = i;
                if (left < size && keys[left] < keys[smallest]) {
                    smallest = left;
                }
                if (left + 1 < size && keys[left + 1] < keys[smallest]) {
                    smallest = left + 1;
                }
                if (smallest == i) {
                    return;
                }
                swap(i, smallest);
                i = smallest;
            }
        }

        private void swap(int a, int b) {
            int na = nodes[a];
            int nb = nodes[b];
            double ka = keys[a];
            nodes[a] = nb;
            keys[a] = keys[b];
            nodes[b] = na;
            keys[b] = ka;
            position[nb] = a;
            position[na] = b;
        }
    }
}
