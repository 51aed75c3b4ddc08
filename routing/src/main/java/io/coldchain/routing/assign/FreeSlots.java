package io.coldchain.routing.assign;

import java.util.HashMap;
import java.util.Map;

/** Free compartments per zone, point and size rank, as a mutable count. */
final class FreeSlots {

    private final Map<String, int[][]> free = new HashMap<>();

    FreeSlots(AssignmentProblem problem) {
        int m = problem.points().size();
        for (int p = 0; p < m; p++) {
            for (var entry : problem.points().get(p).free().entrySet()) {
                free.computeIfAbsent(entry.getKey(), z -> new int[m][AssignmentProblem.SIZES])[p] =
                        entry.getValue().clone();
            }
        }
    }

    /** Takes the smallest free compartment of at least {@code size} at {@code point}; its rank, or -1. */
    int take(String zone, int point, int size) {
        int[][] counts = free.get(zone);
        if (counts == null) {
            return -1;
        }
        for (int s = size; s < AssignmentProblem.SIZES; s++) {
            if (counts[point][s] > 0) {
                counts[point][s]--;
                return s;
            }
        }
        return -1;
    }
}
