package io.coldchain.routing.assign;

/**
 * Every way to place or leave each demand, checked by Hall's condition for nested sizes (at every
 * size rank, no more demands of that rank or larger than compartments of that rank or larger).
 * Returns {unplaced, cost} of the best: least unplaced-penalised cost with a penalty, else most
 * placed then least cost.
 */
final class BruteForce {

    private BruteForce() {}

    static double[] best(AssignmentProblem problem) {
        int n = problem.demands().size();
        int m = problem.points().size();
        int[] choice = new int[n];
        double[] best = {Double.NaN, Double.NaN};
        search(problem, choice, 0, m, best);
        return best;
    }

    private static void search(AssignmentProblem problem, int[] choice, int d, int m, double[] best) {
        if (d == choice.length) {
            if (!feasible(problem, choice)) {
                return;
            }
            int unplaced = 0;
            double cost = 0;
            for (int i = 0; i < choice.length; i++) {
                if (choice[i] < 0) {
                    unplaced++;
                } else {
                    cost += problem.cost()[i][choice[i]];
                }
            }
            if (better(problem, unplaced, cost, best)) {
                best[0] = unplaced;
                best[1] = cost;
            }
            return;
        }
        for (int p = -1; p < m; p++) {
            choice[d] = p;
            search(problem, choice, d + 1, m, best);
        }
    }

    private static boolean better(AssignmentProblem problem, int unplaced, double cost, double[] best) {
        if (Double.isNaN(best[0])) {
            return true;
        }
        Double penalty = problem.unassignedPenalty();
        if (penalty != null) {
            double mine = cost + penalty * unplaced;
            double theirs = best[1] + penalty * best[0];
            return mine < theirs - 1e-9 || Math.abs(mine - theirs) <= 1e-9 && unplaced < best[0];
        }
        return unplaced < best[0] || unplaced == best[0] && cost < best[1] - 1e-9;
    }

    private static boolean feasible(AssignmentProblem problem, int[] choice) {
        for (int p = 0; p < problem.points().size(); p++) {
            for (String zone : new String[] {"CHILLED", "FROZEN", "AMBIENT", "COOL"}) {
                for (int t = 0; t < AssignmentProblem.SIZES; t++) {
                    int demands = 0;
                    int slots = 0;
                    for (int i = 0; i < choice.length; i++) {
                        var demand = problem.demands().get(i);
                        if (choice[i] == p && demand.zone().equals(zone) && demand.size() >= t) {
                            demands++;
                        }
                    }
                    for (int s = t; s < AssignmentProblem.SIZES; s++) {
                        slots += problem.points().get(p).free(zone, s);
                    }
                    if (demands > slots) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
