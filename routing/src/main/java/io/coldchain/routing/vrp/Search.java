package io.coldchain.routing.vrp;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One worker's search, on its own thread and random stream. The objective is lexicographic:
 * fewest unassigned jobs, then fewest vehicles, then least cost. A first phase removes routes for
 * a share of the budget (less when it stops removing routes): with an ejection pool ({@link
 * RouteMinimiser}) where routes are short, with the SISR paper's absence counters where they are
 * long. Where the fleet is one vehicle class, each job has one window and no ride limit, a hybrid
 * genetic search ({@link GeneticSearch}) then tries for fewer routes still and minimises cost;
 * elsewhere SISR ruin and recreate under simulated annealing minimises cost ({@link Annealing}).
 */
final class Search {

    /** Share of the budget the fleet phase may take (it stops sooner at the fleet's lower bound). */
    private static final double FLEET_SHARE = 0.4;

    /**
     * Where the best plan's routes are already long, the fleet phase gives up sooner when it has not
     * removed a route for this share of the budget: there the windows, not the capacity, bound the
     * fleet (R2, RC2), and it would otherwise spend its whole share on a fleet that does not exist.
     * Short routes keep the whole share (RC106's last route takes long to go).
     */
    private static final double FLEET_STALL_SHARE = 0.1;

    /**
     * Above this many stops per route on average (in the start plan) the fleet phase uses SISR
     * moves, not ejections: ejections suit short routes, long ones (wide windows) need re-sequencing.
     */
    private static final int SISR_FLEET_STOPS = 25;

    /**
     * Above this many stops per route on average (in the best plan so far) the fleet phase may give
     * up when stalled and the cost phase prices jobs left out. Lower than {@link #SISR_FLEET_STOPS}:
     * measured apart (2026-12-03), the two switches pay on different instance classes.
     */
    private static final int PRICED_STOPS = 20;

    /**
     * Where the genetic search takes the cost phase, the ejection pool gets this share: the genetic
     * search then removes routes itself ({@link #GENETIC_FLEET_SHARE}), and is the better at it on
     * the tightest windows (R104 and R112 at their best-known 9 vehicles, 2026-12-07).
     */
    private static final double EJECTION_SHARE_BEFORE_GENETIC = 0.25;

    /** The genetic search's attempts at one route fewer end by this share of the budget. */
    private static final double GENETIC_FLEET_SHARE = 0.6;

    /** One attempt at one route fewer may take this share of the budget. */
    private static final double GENETIC_ATTEMPT_SHARE = 0.2;

    /**
     * A solution bred and educated counts as this many iterations: about as long as that many ruin
     * and recreate steps on 100 to 200 jobs (550 against 63,000 a second on RC202, 270 against
     * 39,000 on R2_2_1, one core, 2026-12-07), so that iteration limits keep their meaning.
     */
    static final long GENETIC_ITERATIONS = 100;

    final int worker;
    final Model m;
    private final SolverOptions options;
    private final SharedBest shared;
    final SplittableRandom rnd;
    final RuinRecreate moves;
    private final RouteMinimiser minimiser;
    private final long startNanos;
    private final long limitNanos;
    private final long maxIterations;
    volatile long iteration;
    Plan best;
    long lastGainNanos;
    long lastGainIteration;
    private long lastBeatNanos;
    private long polls;
    private double fleetShare = FLEET_SHARE;
    String stopReason;

    Search(Model m, SolverOptions options, SharedBest shared, int worker, long startNanos) {
        this.m = m;
        this.options = options;
        this.shared = shared;
        this.worker = worker;
        this.rnd = new SplittableRandom(options.seed() + 0x9E3779B97F4A7C15L * worker);
        this.moves = new RuinRecreate(m, rnd);
        this.minimiser = new RouteMinimiser(m, rnd, moves);
        this.startNanos = startNanos;
        this.lastGainNanos = startNanos;
        this.lastBeatNanos = startNanos;
        this.limitNanos = options.timeLimit().toNanos();
        this.maxIterations = options.maxIterations();
    }

    Plan run() {
        Plan current = new Plan(m);
        List<Integer> all = new ArrayList<>();
        for (int j = 0; j < m.jobs; j++) {
            if (m.servable[j]) {
                all.add(j);
            }
        }
        moves.recreate(current, all, true);
        improve(current);
        boolean genetic = GeneticSearch.applies(m);
        fleetShare = genetic ? EJECTION_SHARE_BEFORE_GENETIC : FLEET_SHARE;
        if (current.unassigned == m.unservable) {
            current = stopsPerRouteAbove(current, SISR_FLEET_STOPS)
                    ? minimiseFleetByAbsence(current)
                    : minimiseFleet(current);
        }
        if (genetic) {
            breed(current);
        } else {
            // a price on jobs left out pays where routes are long; on short ones, where a vehicle
            // more is rarely what a candidate needs, the strict order keeps the annealing on
            // complete plans
            new Annealing(this).minimiseCost(current, stopsPerRouteAbove(current, PRICED_STOPS));
        }
        if (stopReason == null) {
            stopReason = "time limit";
        }
        return best;
    }

    // ---- phases

    private Plan minimiseFleet(Plan start) {
        Plan current = start;
        int lowerBound = fleetLowerBound();
        double[] lastRemoval = {progress()};
        RouteMinimiser.Budget phase = new RouteMinimiser.Budget() {
            @Override
            public boolean exhausted() {
                return stop() || fleetPhaseOver(lastRemoval[0]);
            }

            @Override
            public void spend() {
                iteration++;
            }
        };
        while (!phase.exhausted() && current.used > lowerBound) {
            Plan fewer = minimiser.removeOneRoute(current, phase);
            if (fewer == null) {
                break;
            }
            current = fewer;
            improve(current);
            lastRemoval[0] = progress();
        }
        return best.copy();
    }

    /**
     * The SISR paper's own fleet phase: dissolve the smallest route whenever every job is served,
     * and accept ruin and recreate moves that leave fewer jobs out or jobs that were out less often.
     */
    private Plan minimiseFleetByAbsence(Plan start) {
        long[] absence = new long[m.jobs];
        Plan current = start;
        int lowerBound = fleetLowerBound();
        int fleet = best.used;
        double lastRemoval = progress();
        while (!stop() && !fleetPhaseOver(lastRemoval) && best.used > lowerBound) {
            if (best.used < fleet) {
                fleet = best.used;
                lastRemoval = progress();
            }
            if (current.unassigned == m.unservable) {
                improve(current);
                current = current.copy();
                dissolveSmallestRoute(current);
            }
            Plan candidate = current.copy();
            List<Integer> removed = moves.ruin(candidate);
            for (int j : candidate.unassignedJobs()) {
                if (m.servable[j] && !removed.contains(j)) {
                    removed.add(j);
                }
            }
            moves.recreate(candidate, removed, false);
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

    private boolean fleetPhaseOver(double lastRemoval) {
        double now = progress();
        return now >= fleetShare || stopsPerRouteAbove(best, PRICED_STOPS) && now - lastRemoval >= FLEET_STALL_SHARE;
    }

    private boolean stopsPerRouteAbove(Plan plan, int stops) {
        return m.jobs - plan.unassigned > stops * Math.max(1, plan.used);
    }

    private void dissolveSmallestRoute(Plan plan) {
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

    private long absenceSum(Plan plan, long[] absence) {
        long sum = 0;
        for (int j = 0; j < m.jobs; j++) {
            if (plan.routeOf[j] < 0 && m.servable[j]) {
                sum += absence[j];
            }
        }
        return sum;
    }

    /** Fewer routes by the genetic search while it finds them in its share, then the cost phase. */
    private void breed(Plan start) {
        GeneticSearch genetic = new GeneticSearch(m, rnd, new GeneticSearch.Host() {
            @Override
            public boolean stop() {
                return Search.this.stop();
            }

            @Override
            public void spend(long bred) {
                iteration += bred * GENETIC_ITERATIONS;
            }

            @Override
            public void offer(Plan plan) {
                improve(plan);
            }
        });
        Plan current = start;
        int lowerBound = fleetLowerBound();
        while (current.used > lowerBound && !stop() && progress() < GENETIC_FLEET_SHARE) {
            double until = Math.min(GENETIC_FLEET_SHARE, progress() + GENETIC_ATTEMPT_SHARE);
            Plan fewer = genetic.withOneRouteFewer(current, () -> progress() >= until);
            if (fewer == null) {
                break;
            }
            current = fewer;
        }
        genetic.run(current);
    }

    void improve(Plan plan) {
        if (best == null || better(plan, best)) {
            best = plan.copy();
            lastGainNanos = System.nanoTime();
            lastGainIteration = iteration;
            shared.offer(best);
        }
    }

    static boolean better(Plan a, Plan b) {
        if (a.unassigned != b.unassigned) {
            return a.unassigned < b.unassigned;
        }
        if (a.used != b.used) {
            return a.used < b.used;
        }
        return a.cost < b.cost - 1e-9;
    }

    // ---- bounds and budget

    private int fleetLowerBound() {
        for (int v = 1; v < m.vehicles; v++) {
            if (m.vehicleClass[v] != m.vehicleClass[0]) {
                return 1;
            }
        }
        int bound = 1;
        for (int d = 0; d < m.dims; d++) {
            double total = 0;
            for (int j = 0; j < m.jobs; j++) {
                total += m.servable[j] ? m.demand[j][d] : 0;
            }
            bound = Math.max(bound, (int) Math.ceil(total / m.capacity[0][d] - 1e-9));
        }
        return bound;
    }

    double progress() {
        double byTime = (double) (System.nanoTime() - startNanos) / limitNanos;
        double byIterations = (double) iteration / maxIterations;
        return Math.max(byTime, byIterations);
    }

    boolean stop() {
        if (stopReason != null) {
            return true;
        }
        long now = System.nanoTime();
        if (m.jobs - m.unservable <= 1) {
            // nothing to choose beyond the cheapest insertion of a single job (or none)
            stopReason = "trivial";
        } else if (now - startNanos >= limitNanos) {
            stopReason = "time limit";
        } else if (iteration >= maxIterations) {
            stopReason = "iteration limit";
        } else if (options.stallShare() > 0
                && now - lastGainNanos >= options.stallShare() * limitNanos
                && iteration - lastGainIteration >= SolverOptions.MIN_STALL_ITERATIONS) {
            stopReason = "converged";
        } else if ((++polls & 63) == 0 && shared.cancelled()) {
            stopReason = "cancelled";
        }
        if (stopReason == null && worker == 0 && now - lastBeatNanos >= 250_000_000L && best != null) {
            lastBeatNanos = now;
            shared.heartbeat();
        }
        return stopReason != null;
    }
}
