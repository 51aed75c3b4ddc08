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
        heap = new Heap(nodes);
        head = new int[nodes];
        Arrays.fill(head, -1);
    }

    TravelMatrix compute(int[] sources, int[] targets) {
        RoutingCHEdgeExplorer in = graph.createInEdgeExplorer();
        for (int t = 0; t < targets.length; t++) {
            search(targets[t], in, true);
            for (int i = 0; i < touchedCount; i++) {
                int node = touched[i];
                addEntry(node, t, weight[node], millis[node], metres[node]);
            }
            reset();
        }
        double[][] bestWeight = new double[sources.length][targets.length];
        double[][] seconds = new double[sources.length][targets.length];
        double[][] distance = new double[sources.length][targets.length];
        RoutingCHEdgeExplorer out = graph.createOutEdgeExplorer();
        for (int s = 0; s < sources.length; s++) {
            Arrays.fill(bestWeight[s], Double.POSITIVE_INFINITY);
            Arrays.fill(seconds[s], Double.POSITIVE_INFINITY);
            Arrays.fill(distance[s], Double.POSITIVE_INFINITY);
            search(sources[s], out, false);
            for (int i = 0; i < touchedCount; i++) {
                int node = touched[i];
                for (int e = head[node]; e >= 0; e = next[e]) {
                    int t = entryTarget[e];
                    double w = weight[node] + entryWeight[e];
                    if (w < bestWeight[s][t]) {
                        bestWeight[s][t] = w;
                        seconds[s][t] = (millis[node] + entryMillis[e]) / 1000.0;
                        distance[s][t] = metres[node] + entryMetres[e];
                    }
                }
            }
            reset();
        }
        return new TravelMatrix(seconds, distance);
    }

    /** Upward Dijkstra from {@code start}; settles every node it reaches (no stall-on-demand). */
    private void search(int start, RoutingCHEdgeExplorer explorer, boolean backward) {
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
