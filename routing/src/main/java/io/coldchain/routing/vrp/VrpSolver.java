package io.coldchain.routing.vrp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A vehicle routing solver after SISR, "Slack Induction by String Removals" (Christiaens and Vanden
 * Berghe, Transportation Science 2020): ruin by removing strings of consecutive stops from routes
 * near a random seed stop, recreate by greedy insertion with blinks, accept by simulated annealing.
 *
 * <p>The objective is lexicographic: fewest unassigned jobs, then fewest vehicles, then least cost
 * (travel time or distance). A first phase removes vehicles (a route is dissolved whenever every
 * job is served, and jobs that keep failing to fit gain priority); the second minimises cost.
 */
public final class VrpSolver {

    private static final double AVG_REMOVED = 10;
    private static final double MAX_STRING = 10;
    private static final double BLINK = 0.01;
    private static final double FLEET_SHARE = 0.5;

    /** Solves {@code problem}; the returned solution is the best found (never null). */
    public VrpSolution solve(VrpProblem problem, SolverOptions options, SolverMonitor monitor) {
        return new Search(new Model(problem), options, monitor).run().toSolution();
    }

    private static final class Search {
        final Model m;
        final SolverOptions options;
        final SolverMonitor monitor;
        final SplittableRandom rnd;
        final long startNanos = System.nanoTime();
        final long limitNanos;
        final boolean[] servable;
        final boolean trivial;
        long iteration;
        Plan best;
        long lastGainNanos = startNanos;
        long lastGainIteration;
        long lastBeatNanos = startNanos;
        String stopReason;

        Search(Model m, SolverOptions options, SolverMonitor monitor) {
            this.m = m;
            this.options = options;
            this.monitor = monitor;
            this.rnd = new SplittableRandom(options.seed());
            this.limitNanos = options.timeLimit().toNanos();
            this.servable = new boolean[m.jobs];
            for (int j = 0; j < m.jobs; j++) {
                for (int v = 0; v < m.vehicles && !servable[j]; v++) {
                    servable[j] = RouteState.of(m, v, new int[] {j}).feasible;
                }
            }
            int count = 0;
            for (boolean b : servable) {
                count += b ? 1 : 0;
            }
            // nothing to choose beyond the cheapest insertion of a single job (or none)
            this.trivial = count <= 1;
        }

        Plan run() {
            Plan current = new Plan(m);
            recreate(current, servableJobs(current), true);
            improve(current);
            if (current.unassigned == unservableCount()) {
                current = minimiseFleet(current);
            }
            minimiseCost(current);
            if (stopReason == null) {
                stopReason = "time limit";
            }
            monitor.progress(progressNow());
            return best;
        }

        SolverMonitor.Progress progressNow() {
            long now = System.nanoTime();
            return new SolverMonitor.Progress(
                    iteration,
                    best.used,
                    best.cost,
                    best.unassigned,
                    java.time.Duration.ofNanos(now - startNanos),
                    java.time.Duration.ofNanos(now - lastGainNanos),
                    stopReason);
        }

        // ---- phases

        Plan minimiseFleet(Plan start) {
            long[] absence = new long[m.jobs];
            Plan current = start;
            int lowerBound = fleetLowerBound();
            int floor = unservableCount();
            while (!stop() && progress() < FLEET_SHARE && best.used > lowerBound) {
                if (current.unassigned == floor) {
                    improve(current);
                    current = current.copy();
                    dissolveSmallestRoute(current);
                }
                Plan candidate = current.copy();
                List<Integer> removed = ruin(candidate);
                for (int j : candidate.unassignedJobs()) {
                    if (servable[j] && !removed.contains(j)) {
                        removed.add(j);
                    }
                }
                recreate(candidate, removed, false);
                iteration++;
                if (candidate.unassigned < current.unassigned
                        || absenceSum(candidate, absence) < absenceSum(current, absence)) {
                    current = candidate;
                }
                for (int j : candidate.unassignedJobs()) {
                    absence[j]++;
                }
            }
            return best.copy();
        }

        void minimiseCost(Plan start) {
            Plan current = start.copy();
            double avgArc = Math.max(1e-6, current.cost / Math.max(1, m.jobs - current.unassigned + current.used));
            double t0 = 10 * avgArc;
            double tf = 0.1 * avgArc;
            double from = progress();
            while (!stop()) {
                double p = Math.min(1, (progress() - from) / Math.max(1e-9, 1 - from));
                double temperature = t0 * Math.pow(tf / t0, p);
                Plan candidate = current.copy();
                List<Integer> removed = ruin(candidate);
                recreate(candidate, removed, true);
                iteration++;
                if (accept(candidate, current, temperature)) {
                    current = candidate;
                    improve(current);
                }
            }
        }

        boolean accept(Plan candidate, Plan current, double temperature) {
            if (candidate.unassigned != current.unassigned) {
                return candidate.unassigned < current.unassigned;
            }
            if (candidate.used != current.used) {
                return candidate.used < current.used;
            }
            return candidate.cost < current.cost - temperature * Math.log(rnd.nextDouble());
        }

        void improve(Plan plan) {
            if (best == null
                    || plan.unassigned < best.unassigned
                    || plan.unassigned == best.unassigned
                            && (plan.used < best.used || plan.used == best.used && plan.cost < best.cost - 1e-9)) {
                best = plan.copy();
                lastGainNanos = System.nanoTime();
                lastGainIteration = iteration;
                monitor.improved(best.used, best.cost, best.unassigned, iteration);
            }
        }

        // ---- ruin: remove strings of consecutive stops from routes near a random seed stop

        List<Integer> ruin(Plan plan) {
            List<Integer> removed = new ArrayList<>();
            int assigned = m.jobs - plan.unassigned;
            if (assigned == 0) {
                return removed;
            }
            double avgLen = (double) assigned / plan.used;
            double lsMax = Math.min(MAX_STRING, avgLen);
            double ksMax = 4 * AVG_REMOVED / (1 + lsMax) - 1;
            int ks = (int) (1 + rnd.nextDouble() * ksMax);
            int seed = randomAssignedJob(plan);
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
                RouteState route = plan.routes[v];
                int size = route.size();
                int lt = (int) (1 + rnd.nextDouble() * Math.min(size, lsMax));
                lt = Math.min(lt, size);
                int pos = indexOf(route.seq, c);
                if (lt == size || rnd.nextBoolean()) {
                    int first = clamp(pos - rnd.nextInt(lt), 0, size - lt);
                    for (int i = first; i < first + lt; i++) {
                        mark(route.seq[i], marked, removed);
                    }
                } else {
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

        // ---- recreate: greedy best insertion with blinks, in one of four orders

        void recreate(Plan plan, List<Integer> jobs, boolean mayOpenRoutes) {
            sort(jobs);
            for (int job : jobs) {
                if (!servable[job]) {
                    continue;
                }
                int bestVehicle = -1;
                int bestPos = -1;
                double bestDelta = Double.MAX_VALUE;
                for (int v = 0; v < m.vehicles; v++) {
                    RouteState route = plan.routes[v];
                    if (route.size() == 0 || !route.accepts(job)) {
                        continue;
                    }
                    for (int pos = 0; pos <= route.size(); pos++) {
                        if (rnd.nextDouble() < BLINK) {
                            continue;
                        }
                        double delta = route.insertionDelta(job, pos);
                        if (delta < bestDelta) {
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
                if (bestVehicle >= 0) {
                    plan.set(bestVehicle, plan.routes[bestVehicle].with(job, bestPos));
                }
            }
        }

        void sort(List<Integer> jobs) {
            int order = rnd.nextInt(11);
            if (order < 4) {
                for (int i = jobs.size() - 1; i > 0; i--) {
                    int k = rnd.nextInt(i + 1);
                    Integer tmp = jobs.get(i);
                    jobs.set(i, jobs.get(k));
                    jobs.set(k, tmp);
                }
            } else if (order < 8) {
                jobs.sort(Comparator.comparingDouble((Integer j) -> -demandSize(j)));
            } else if (order < 10) {
                jobs.sort(Comparator.comparingDouble((Integer j) -> -m.depotCost[j]));
            } else {
                jobs.sort(Comparator.comparingDouble((Integer j) -> m.depotCost[j]));
            }
        }

        // ---- helpers

        double demandSize(int job) {
            double size = 0;
            for (int d = 0; d < m.dims; d++) {
                size += m.demand[job][d] / Math.max(1e-9, m.capacity[0][d]);
            }
            return size;
        }

        void dissolveSmallestRoute(Plan plan) {
            int smallest = -1;
            for (int v = 0; v < m.vehicles; v++) {
                int size = plan.routes[v].size();
                if (size > 0
                        && (smallest < 0
                                || size < plan.routes[smallest].size()
                                || size == plan.routes[smallest].size() && rnd.nextBoolean())) {
                    smallest = v;
                }
            }
            if (smallest >= 0) {
                plan.set(smallest, RouteState.empty(m, smallest));
            }
        }

        int fleetLowerBound() {
            boolean homogeneous = true;
            for (int v = 1; v < m.vehicles; v++) {
                homogeneous &= m.vehicleClass[v] == m.vehicleClass[0];
            }
            if (!homogeneous) {
                return 1;
            }
            int bound = 1;
            for (int d = 0; d < m.dims; d++) {
                double total = 0;
                for (int j = 0; j < m.jobs; j++) {
                    total += servable[j] ? m.demand[j][d] : 0;
                }
                bound = Math.max(bound, (int) Math.ceil(total / m.capacity[0][d] - 1e-9));
            }
            return bound;
        }

        long absenceSum(Plan plan, long[] absence) {
            long sum = 0;
            for (int j = 0; j < m.jobs; j++) {
                if (plan.routeOf[j] < 0 && servable[j]) {
                    sum += absence[j];
                }
            }
            return sum;
        }

        int unservableCount() {
            int count = 0;
            for (boolean s : servable) {
                count += s ? 0 : 1;
            }
            return count;
        }

        List<Integer> servableJobs(Plan plan) {
            List<Integer> jobs = new ArrayList<>();
            for (int j = 0; j < m.jobs; j++) {
                if (servable[j]) {
                    jobs.add(j);
                }
            }
            return jobs;
        }

        int randomAssignedJob(Plan plan) {
            while (true) {
                int j = rnd.nextInt(m.jobs);
                if (plan.routeOf[j] >= 0) {
                    return j;
                }
            }
        }

        double progress() {
            double byTime = (double) (System.nanoTime() - startNanos) / limitNanos;
            double byIterations = (double) iteration / options.maxIterations();
            return Math.max(byTime, byIterations);
        }

        boolean stop() {
            if (stopReason != null) {
                return true;
            }
            long now = System.nanoTime();
            if (trivial) {
                stopReason = "trivial";
            } else if (now - startNanos >= limitNanos) {
                stopReason = "time limit";
            } else if (iteration >= options.maxIterations()) {
                stopReason = "iteration limit";
            } else if (options.stallShare() > 0
                    && now - lastGainNanos >= options.stallShare() * limitNanos
                    && iteration - lastGainIteration >= SolverOptions.MIN_STALL_ITERATIONS) {
                stopReason = "converged";
            } else if ((iteration & 63) == 0 && monitor.cancelled()) {
                stopReason = "cancelled";
            }
            if (stopReason == null && now - lastBeatNanos >= 250_000_000L && best != null) {
                lastBeatNanos = now;
                monitor.progress(progressNow());
            }
            return stopReason != null;
        }

        static void mark(int job, boolean[] marked, List<Integer> removed) {
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

        static int clamp(int value, int low, int high) {
            return Math.max(low, Math.min(high, value));
        }
    }
}
