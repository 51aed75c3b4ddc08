package io.coldchain.routing.assign;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The exact assignment: a min-cost flow from demands through compartment classes (point, size)
 * solved by successive shortest paths, one demand at a time, with the residual graph compressed to
 * the classes. An edge from class k at point p to class k' at point q stands for moving one demand
 * d' out of k into k': its cost {@code c(d',q) - c(d',p)} is the top of a heap kept per (k, q,
 * size of d'), so a Dijkstra over the classes never scans the demands. Potentials keep the reduced
 * costs non-negative. Zones are independent problems.
 *
 * <p>An unplaced demand costs the penalty (or, without one, a penalty larger than any path, which
 * makes the result a maximum placement of least cost).
 */
public final class MinCostAssignment {

    private MinCostAssignment() {}

    public static Assignment solve(AssignmentProblem problem) {
        int n = problem.demands().size();
        int[] point = new int[n];
        int[] size = new int[n];
        Arrays.fill(point, -1);
        Arrays.fill(size, -1);
        double penalty = problem.unassignedPenalty() != null ? problem.unassignedPenalty() : bigPenalty(problem);
        Map<String, List<Integer>> byZone = new HashMap<>();
        for (int d = 0; d < n; d++) {
            byZone.computeIfAbsent(problem.demands().get(d).zone(), z -> new ArrayList<>())
                    .add(d);
        }
        for (var entry : byZone.entrySet()) {
            new Zone(problem, entry.getKey(), entry.getValue(), penalty).solve(point, size);
        }
        int unassigned = 0;
        double total = 0;
        for (int d = 0; d < n; d++) {
            if (point[d] < 0) {
                unassigned++;
            } else {
                total += problem.cost()[d][point[d]];
            }
        }
        return new Assignment(point, size, unassigned, total);
    }

    private static double bigPenalty(AssignmentProblem problem) {
        double max = 0;
        for (double[] row : problem.cost()) {
            for (double c : row) {
                max = Math.max(max, c);
            }
        }
        return (max + 1) * (problem.points().size() * AssignmentProblem.SIZES + 2);
    }

    /** One zone's flow problem. Class k = point * SIZES + size; node K is "unplaced". */
    private static final class Zone {
        static final int S = AssignmentProblem.SIZES;

        final double[][] cost;
        final int[] demands; // global demand index by local index
        final int[] demandSize;
        final int m;
        final int classes;
        final int unplacedNode;
        final int[] free;
        final double penalty;
        final double[] potential;

        // where each local demand sits: class index, or unplacedNode, or -1 before it is routed
        final int[] at;
        final int[] version;
        // heaps of demands at class k by (c(d,q) - c(d,p)), per (k, q, size of d); lazily created
        final EntryHeap[] moves;
        // heaps of demands at class k by -c(d,p): the one that gains most from being unplaced
        final EntryHeap[] leaves;

        // Dijkstra state
        final double[] dist;
        final int[] predClass;
        final int[] predDemand;
        final boolean[] settled;

        Zone(AssignmentProblem problem, String zone, List<Integer> members, double penalty) {
            this.cost = problem.cost();
            this.m = problem.points().size();
            this.classes = m * S;
            this.unplacedNode = classes;
            this.penalty = penalty;
            this.demands = members.stream().mapToInt(Integer::intValue).toArray();
            this.demandSize = new int[demands.length];
            for (int i = 0; i < demands.length; i++) {
                demandSize[i] = problem.demands().get(demands[i]).size();
            }
            free = new int[classes];
            for (int p = 0; p < m; p++) {
                for (int s = 0; s < S; s++) {
                    free[p * S + s] = problem.points().get(p).free(zone, s);
                }
            }
            potential = new double[classes + 1];
            at = new int[demands.length];
            Arrays.fill(at, -1);
            version = new int[demands.length];
            moves = new EntryHeap[classes * m * S];
            leaves = new EntryHeap[classes];
            dist = new double[classes + 1];
            predClass = new int[classes + 1];
            predDemand = new int[classes + 1];
            settled = new boolean[classes + 1];
        }

        void solve(int[] point, int[] size) {
            for (int i = 0; i < demands.length; i++) {
                route(i);
            }
            for (int i = 0; i < demands.length; i++) {
                if (at[i] >= 0 && at[i] < classes) {
                    point[demands[i]] = at[i] / S;
                    size[demands[i]] = at[i] % S;
                }
            }
        }

        double c(int local, int p) {
            return cost[demands[local]][p];
        }

        /** Routes demand {@code i} along a shortest path to a free class or to "unplaced". */
        void route(int i) {
            Arrays.fill(dist, Double.POSITIVE_INFINITY);
            Arrays.fill(settled, false);
            // the source's potential: makes every reduced source edge non-negative
            double sourcePotential = potential[unplacedNode] - penalty;
            for (int p = 0; p < m; p++) {
                for (int s = demandSize[i]; s < S; s++) {
                    sourcePotential = Math.max(sourcePotential, potential[p * S + s] - c(i, p));
                }
            }
            for (int p = 0; p < m; p++) {
                for (int s = demandSize[i]; s < S; s++) {
                    int k = p * S + s;
                    relax(k, c(i, p) + sourcePotential - potential[k], -1, i);
                }
            }
            relax(unplacedNode, penalty + sourcePotential - potential[unplacedNode], -1, i);

            int end = -1;
            double[] best = new double[S];
            while (true) {
                int k = -1;
                double dk = Double.POSITIVE_INFINITY;
                for (int v = 0; v <= classes; v++) {
                    if (!settled[v] && dist[v] < dk) {
                        dk = dist[v];
                        k = v;
                    }
                }
                if (k < 0) {
                    break;
                }
                settled[k] = true;
                if (k == unplacedNode || free[k] > 0) {
                    end = k;
                    break;
                }
                int p = k / S;
                for (int q = 0; q < m; q++) {
                    // cheapest demand at k able to move to each size at q: prefix minimum over sizes
                    double running = Double.POSITIVE_INFINITY;
                    int runningDemand = -1;
                    for (int s = 0; s < S; s++) {
                        EntryHeap heap = moves[(k * m + q) * S + s];
                        int top = heap == null ? -1 : heap.top(this, k);
                        if (top >= 0 && heap.topKey() < running) {
                            running = heap.topKey();
                            runningDemand = top;
                        }
                        int target = q * S + s;
                        if (runningDemand >= 0 && target != k && !settled[target]) {
                            double reduced = running + potential[k] - potential[target];
                            relax(target, dk + Math.max(0, reduced), k, runningDemand);
                        }
                        best[s] = running;
                    }
                }
                EntryHeap leave = leaves[k];
                int leaving = leave == null ? -1 : leave.top(this, k);
                if (leaving >= 0 && !settled[unplacedNode]) {
                    double reduced = penalty + leave.topKey() + potential[k] - potential[unplacedNode];
                    relax(unplacedNode, dk + Math.max(0, reduced), k, leaving);
                }
            }
            if (end < 0) {
                return; // cannot happen: "unplaced" is always reachable from the source
            }
            double dEnd = dist[end];
            for (int v = 0; v <= classes; v++) {
                potential[v] += Math.min(settled[v] ? dist[v] : dEnd, dEnd);
            }
            // walk back: each step moves one demand into the class ahead of it
            int v = end;
            while (true) {
                int demand = predDemand[v];
                int from = predClass[v];
                place(demand, v);
                if (from < 0) {
                    break;
                }
                v = from;
            }
            if (end != unplacedNode) {
                free[end]--;
            }
        }

        void relax(int v, double d, int fromClass, int demand) {
            if (d < dist[v]) {
                dist[v] = d;
                predClass[v] = fromClass;
                predDemand[v] = demand;
            }
        }

        void place(int i, int k) {
            at[i] = k;
            version[i]++;
            if (k == unplacedNode) {
                return;
            }
            int p = k / S;
            double here = c(i, p);
            for (int q = 0; q < m; q++) {
                int idx = (k * m + q) * S + demandSize[i];
                if (moves[idx] == null) {
                    moves[idx] = new EntryHeap();
                }
                moves[idx].push(c(i, q) - here, i, version[i]);
            }
            if (leaves[k] == null) {
                leaves[k] = new EntryHeap();
            }
            leaves[k].push(-here, i, version[i]);
        }

        boolean current(int i, int k, int v) {
            return at[i] == k && version[i] == v;
        }
    }

    /** A min-heap of (key, demand, version) with lazy deletion of stale entries. */
    private static final class EntryHeap {
        private double[] keys = new double[4];
        private int[] ids = new int[4];
        private int[] versions = new int[4];
        private int size;

        void push(double key, int id, int version) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                ids = Arrays.copyOf(ids, size * 2);
                versions = Arrays.copyOf(versions, size * 2);
            }
            int i = size++;
            keys[i] = key;
            ids[i] = id;
            versions[i] = version;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (keys[parent] <= keys[i]) {
                    break;
                }
                swap(i, parent);
                i = parent;
            }
        }

        /** The demand on top after dropping stale entries, or -1 when empty. */
        int top(Zone zone, int k) {
            while (size > 0 && !zone.current(ids[0], k, versions[0])) {
                pop();
            }
            return size == 0 ? -1 : ids[0];
        }

        double topKey() {
            return keys[0];
        }

        private void pop() {
            size--;
            if (size == 0) {
                return;
            }
            keys[0] = keys[size];
            ids[0] = ids[size];
            versions[0] = versions[size];
            int i = 0;
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
            double k = keys[a];
            keys[a] = keys[b];
            keys[b] = k;
            int id = ids[a];
            ids[a] = ids[b];
            ids[b] = id;
            int v = versions[a];
            versions[a] = versions[b];
            versions[b] = v;
        }
    }
}
