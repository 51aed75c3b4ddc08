package io.coldchain.routing.assign;

import java.util.Arrays;

/**
 * The baseline: all (demand, point) pairs in increasing cost; a pair is taken when the demand is
 * still unplaced and the point has a free compartment of the zone that fits (the smallest that
 * does). Fast and usually decent; kept to measure what the exact assignment gains.
 */
public final class GreedyAssignment {

    private GreedyAssignment() {}

    public static Assignment solve(AssignmentProblem problem) {
        int n = problem.demands().size();
        int m = problem.points().size();
        double[][] cost = problem.cost();
        // (cost as float bits, pair index) packed in a long: a primitive sort orders pairs by cost
        long[] pairs = new long[n * m];
        for (int d = 0; d < n; d++) {
            for (int p = 0; p < m; p++) {
                long bits = Float.floatToIntBits((float) Math.max(0, cost[d][p]));
                pairs[d * m + p] = (bits << 32) | (d * m + p);
            }
        }
        Arrays.sort(pairs);
        FreeSlots free = new FreeSlots(problem);
        int[] point = new int[n];
        int[] size = new int[n];
        Arrays.fill(point, -1);
        Arrays.fill(size, -1);
        int placed = 0;
        double total = 0;
        for (long packed : pairs) {
            int pair = (int) packed;
            int d = pair / m;
            int p = pair % m;
            if (point[d] >= 0) {
                continue;
            }
            AssignmentProblem.Demand demand = problem.demands().get(d);
            int s = free.take(demand.zone(), p, demand.size());
            if (s >= 0) {
                point[d] = p;
                size[d] = s;
                total += cost[d][p];
                if (++placed == n) {
                    break;
                }
            }
        }
        return new Assignment(point, size, n - placed, total);
    }
}
