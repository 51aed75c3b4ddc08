package io.coldchain.routing.assign;

/**
 * The result: for each demand (by index) the point index and the compartment size rank it takes,
 * or -1 when it stays unplaced.
 *
 * @param cost total travel cost of the placed demands (penalties not included)
 */
public record Assignment(int[] point, int[] size, int unassigned, double cost) {

    /** Checks capacities and sizes against the problem; returns the first problem found, or null. */
    public String violation(AssignmentProblem problem) {
        int points = problem.points().size();
        java.util.Map<String, int[][]> used = new java.util.HashMap<>();
        double total = 0;
        int missing = 0;
        for (int d = 0; d < point.length; d++) {
            if (point[d] < 0) {
                missing++;
                continue;
            }
            AssignmentProblem.Demand demand = problem.demands().get(d);
            if (size[d] < demand.size()) {
                return "demand " + demand.id() + " placed in a smaller compartment";
            }
            used.computeIfAbsent(demand.zone(), z -> new int[points][AssignmentProblem.SIZES])[point[d]][size[d]]++;
            total += problem.cost()[d][point[d]];
        }
        for (var entry : used.entrySet()) {
            for (int p = 0; p < points; p++) {
                for (int s = 0; s < AssignmentProblem.SIZES; s++) {
                    if (entry.getValue()[p][s] > problem.points().get(p).free(entry.getKey(), s)) {
                        return "point " + problem.points().get(p).id() + " over capacity in " + entry.getKey();
                    }
                }
            }
        }
        if (missing != unassigned) {
            return "reports " + unassigned + " unplaced, counts " + missing;
        }
        if (Math.abs(total - cost) > 1e-6 * Math.max(1, total)) {
            return "reports cost " + cost + ", recomputed " + total;
        }
        return null;
    }
}
