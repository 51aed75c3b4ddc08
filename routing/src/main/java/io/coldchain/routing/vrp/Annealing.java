package io.coldchain.routing.vrp;

import java.util.ArrayList;
import java.util.List;

/**
 * The cost phase where the genetic search does not apply (several vehicle classes, several windows
 * per job, ride limits): SISR ruin and recreate under simulated annealing (Christiaens and Vanden
 * Berghe 2020). Recreate may leave jobs out rather than open a vehicle beyond the best plan's fleet;
 * where routes are long such a plan pays {@link Penalty} per job left out, so the search can cross
 * states the strict order would refuse (on long routes, most candidates need one more vehicle).
 * Jobs left out go back in first with the next step's removed ones, and half of the steps ruin
 * around one of them, where it needs room: without that, a search that had lost a job near the
 * depot kept it out for the rest of the budget (R2_2_1, 2026-12-07). Only plans that serve every
 * job can become the best.
 */
final class Annealing {

    private final Search search;
    private final Model m;

    Annealing(Search search) {
        this.search = search;
        this.m = search.m;
    }

    void minimiseCost(Plan start, boolean priced) {
        Plan current = start.copy();
        double avgArc = Math.max(1e-6, current.cost / Math.max(1, m.jobs - current.unassigned + current.used));
        double t0 = 10 * avgArc;
        double tf = 0.1 * avgArc;
        double from = search.progress();
        Penalty penalty = new Penalty(m);
        double currentLeftOut = penalty.leftOut(current);
        while (!search.stop()) {
            double p = Math.min(1, (search.progress() - from) / Math.max(1e-9, 1 - from));
            double temperature = t0 * Math.pow(tf / t0, p);
            Plan candidate = current.copy();
            List<Integer> leftOut = servableLeftOut(candidate);
            int near = !leftOut.isEmpty() && search.rnd.nextBoolean()
                    ? leftOut.get(search.rnd.nextInt(leftOut.size()))
                    : -1;
            List<Integer> removed = search.moves.ruin(candidate, near);
            int maxRoutes = !priced || search.best.unassigned > m.unservable ? m.vehicles : search.best.used;
            search.moves.recreate(candidate, leftOut, removed, maxRoutes);
            search.iteration++;
            if (!priced) {
                if (accept(candidate, current, temperature)) {
                    current = candidate;
                    search.improve(current);
                }
                continue;
            }
            double candidateLeftOut = penalty.leftOut(candidate);
            if (accept(candidate, current, temperature, penalty, candidateLeftOut, currentLeftOut)) {
                current = candidate;
                currentLeftOut = candidateLeftOut;
                search.improve(current);
            }
            penalty.observe(current.unassigned == m.unservable);
        }
    }

    private List<Integer> servableLeftOut(Plan plan) {
        List<Integer> out = new ArrayList<>();
        if (plan.unassigned > m.unservable) {
            for (int j = 0; j < m.jobs; j++) {
                if (plan.routeOf[j] < 0 && m.servable[j]) {
                    out.add(j);
                }
            }
        }
        return out;
    }

    private boolean accept(Plan candidate, Plan current, double temperature) {
        if (candidate.unassigned != current.unassigned) {
            return candidate.unassigned < current.unassigned;
        }
        if (candidate.used != current.used) {
            return candidate.used < current.used;
        }
        return candidate.cost < current.cost - temperature * Math.log(search.rnd.nextDouble());
    }

    private boolean accept(
            Plan candidate,
            Plan current,
            double temperature,
            Penalty penalty,
            double candidateLeftOut,
            double currentLeftOut) {
        boolean bothComplete = candidate.unassigned == m.unservable && current.unassigned == m.unservable;
        if (bothComplete && candidate.used != current.used) {
            return candidate.used < current.used;
        }
        if (candidate.used > current.used && candidate.unassigned >= current.unassigned) {
            return false;
        }
        return penalty.of(candidate, candidateLeftOut)
                < penalty.of(current, currentLeftOut) - temperature * Math.log(search.rnd.nextDouble());
    }
}
