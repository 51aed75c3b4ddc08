package io.coldchain.routing.vrp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The SISR moves (Christiaens and Vanden Berghe, Transportation Science 2020): ruin by removing
 * strings of consecutive stops from routes near a random seed stop; recreate by greedy best
 * insertion with blinks, in one of four job orders.
 */
final class RuinRecreate {

    private static final double AVG_REMOVED = 10;
    private static final double MAX_STRING = 10;
    private static final double BLINK = 0.01;

    private final Model m;
    private final SplittableRandom rnd;

    RuinRecreate(Model m, SplittableRandom rnd) {
        this.m = m;
        this.rnd = rnd;
    }

    /** Removes strings of stops from routes near a random stop; returns the jobs removed. */
    List<Integer> ruin(Plan plan) {
        return ruin(plan, -1);
    }

    /**
     * The same, around {@code near} when it is a job (assigned or not): the strings go where that
     * job would need room. A job left out is best helped this way.
     */
    List<Integer> ruin(Plan plan, int near) {
        List<Integer> removed = new ArrayList<>();
        int assigned = m.jobs - plan.unassigned;
        if (assigned == 0) {
            return removed;
        }
        double avgLen = (double) assigned / plan.used;
        double lsMax = Math.min(MAX_STRING, avgLen);
        double ksMax = 4 * AVG_REMOVED / (1 + lsMax) - 1;
        int ks = (int) (1 + rnd.nextDouble() * ksMax);
        int seed = near >= 0 ? near : randomAssignedJob(plan);
        boolean[] marked = new boolean[m.jobs];
        List<Integer> ruinedRoutes = new ArrayList<>();
        for (int c : m.neighbours[seed]) {
            if (ruinedRoutes.size() >= ks) {
                break;
            }
            int v = plan.routeOf[c];
            if (v < 0 || ruinedRoutes.contains(v)) {
                continue;
            }
            removeString(plan.routes[v], c, lsMax, marked, removed);
            ruinedRoutes.add(v);
        }
        for (int v : ruinedRoutes) {
            RouteState shorter = plan.routes[v].without(marked);
            if (!shorter.feasible) {
                // removing a stop can lengthen cold rides (an earlier departure): dissolve the route
                for (int j : shorter.seq) {
                    mark(j, marked, removed);
                }
                shorter = RouteState.empty(m, v);
            }
            plan.set(v, shorter);
        }
        return removed;
    }

    private void removeString(RouteState route, int around, double lsMax, boolean[] marked, List<Integer> removed) {
        int size = route.size();
        int lt = Math.min(size, (int) (1 + rnd.nextDouble() * Math.min(size, lsMax)));
        int pos = indexOf(route.seq, around);
        if (lt == size || rnd.nextBoolean()) {
            int first = clamp(pos - rnd.nextInt(lt), 0, size - lt);
            for (int i = first; i < first + lt; i++) {
                mark(route.seq[i], marked, removed);
            }
            return;
        }
        // split string: a run of stops stays in the middle of the removed string
        int kept = 1;
        while (kept < size - lt && rnd.nextDouble() > 0.5) {
            kept++;
        }
        int total = lt + kept;
        int first = clamp(pos - rnd.nextInt(total), 0, size - total);
        int keepFrom = first + rnd.nextInt(lt + 1);
        for (int i = first; i < first + total; i++) {
            if (i < keepFrom || i >= keepFrom + kept) {
                mark(route.seq[i], marked, removed);
            }
        }
    }

    /** Inserts each job where it costs least (skipping a position now and then); may open unused vehicles. */
    void recreate(Plan plan, List<Integer> jobs, boolean mayOpenRoutes) {
        recreate(plan, jobs, mayOpenRoutes ? m.vehicles : 0);
    }

    /** The same, opening unused vehicles only while the plan uses fewer than {@code maxRoutes}. */
    void recreate(Plan plan, List<Integer> jobs, int maxRoutes) {
        recreate(plan, List.of(), jobs, maxRoutes);
    }

    /**
     * Inserts {@code first} (jobs that found no place before: the hardest) in a random order, then
     * {@code jobs} in one of the four orders.
     */
    void recreate(Plan plan, List<Integer> first, List<Integer> jobs, int maxRoutes) {
        List<Integer> hard = new ArrayList<>(first);
        shuffle(hard, rnd);
        for (int job : hard) {
            if (m.servable[job]) {
                insert(plan, job, plan.used < maxRoutes, BLINK);
            }
        }
        sort(jobs);
        for (int job : jobs) {
            if (m.servable[job]) {
                insert(plan, job, plan.used < maxRoutes, BLINK);
            }
        }
    }

    /** Puts {@code job} at its cheapest feasible place; false when there is none. */
    boolean insert(Plan plan, int job, boolean mayOpenRoutes, double blink) {
        int bestVehicle = -1;
        int bestPos = -1;
        double bestDelta = Double.MAX_VALUE;
        for (int v = 0; v < m.vehicles; v++) {
            RouteState route = plan.routes[v];
            if (route.size() == 0 || !route.accepts(job)) {
                continue;
            }
            for (int pos = 0; pos <= route.size(); pos++) {
                // the cheap cost first; the blink (a position skipped now and then) and the time
                // checks only matter for a position that would win
                double delta = route.costDelta(job, pos);
                if (delta < bestDelta && (blink <= 0 || rnd.nextDouble() >= blink) && route.fits(job, pos)) {
                    bestDelta = delta;
                    bestVehicle = v;
                    bestPos = pos;
                }
            }
        }
        if (bestVehicle < 0 && mayOpenRoutes) {
            boolean[] triedClass = new boolean[m.vehicles];
            for (int v = 0; v < m.vehicles; v++) {
                RouteState route = plan.routes[v];
                if (route.size() > 0 || triedClass[m.vehicleClass[v]] || !route.accepts(job)) {
                    continue;
                }
                triedClass[m.vehicleClass[v]] = true;
                double delta = route.insertionDelta(job, 0);
                if (delta < bestDelta) {
                    bestDelta = delta;
                    bestVehicle = v;
                    bestPos = 0;
                }
            }
        }
        if (bestVehicle < 0) {
            return false;
        }
        plan.set(bestVehicle, plan.routes[bestVehicle].with(job, bestPos));
        return true;
    }

    private void sort(List<Integer> jobs) {
        int order = rnd.nextInt(11);
        if (order < 4) {
            shuffle(jobs, rnd);
        } else if (order < 8) {
            jobs.sort(Comparator.comparingDouble((Integer j) -> -demandSize(j)));
        } else if (order < 10) {
            jobs.sort(Comparator.comparingDouble((Integer j) -> -m.depotCost[j]));
        } else {
            jobs.sort(Comparator.comparingDouble((Integer j) -> m.depotCost[j]));
        }
    }

    static void shuffle(List<Integer> jobs, SplittableRandom rnd) {
        for (int i = jobs.size() - 1; i > 0; i--) {
            int k = rnd.nextInt(i + 1);
            Integer tmp = jobs.get(i);
            jobs.set(i, jobs.get(k));
            jobs.set(k, tmp);
        }
    }

    private double demandSize(int job) {
        double size = 0;
        for (int d = 0; d < m.dims; d++) {
            size += m.demand[job][d] / Math.max(1e-9, m.capacity[0][d]);
        }
        return size;
    }

    int randomAssignedJob(Plan plan) {
        while (true) {
            int j = rnd.nextInt(m.jobs);
            if (plan.routeOf[j] >= 0) {
                return j;
            }
        }
    }

    private static void mark(int job, boolean[] marked, List<Integer> removed) {
        if (!marked[job]) {
            marked[job] = true;
            removed.add(job);
        }
    }

    static int indexOf(int[] seq, int job) {
        for (int i = 0; i < seq.length; i++) {
            if (seq[i] == job) {
                return i;
            }
        }
        throw new IllegalStateException("job " + job + " not on its route");
    }

    private static int clamp(int value, int low, int high) {
        return Math.max(low, Math.min(high, value));
    }
}
