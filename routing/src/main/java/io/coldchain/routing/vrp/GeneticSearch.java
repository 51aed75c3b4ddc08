package io.coldchain.routing.vrp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * The cost phase as a hybrid genetic search (HGS, Vidal et al. 2012 and 2013; PyVRP): a population
 * of solutions, feasible and not, bred by selective route exchange ({@link Srex}) and educated by
 * local search with priced load and time warp ({@link LocalSearch}); the prices adapt to keep both
 * kinds of solution in the population ({@link Penalties}), and the population is cut back on cost
 * and diversity ({@link Population}). It minimises cost on the start plan's fleet ({@link #run}),
 * or looks for a plan on one vehicle fewer ({@link #withOneRouteFewer}): a fleet too small for the
 * windows is then priced time warp, which the search drives out.
 *
 * <p>It applies where the fleet is one vehicle class, each job has one window and none has a ride
 * limit ({@link #applies}); elsewhere the search anneals with SISR.
 */
final class GeneticSearch {

    /** What the genetic search may spend and where it reports a better plan. */
    interface Host {
        boolean stop();

        /** {@code bred} more solutions bred (or seeded) and educated. */
        void spend(long bred);

        void offer(Plan plan);
    }

    /** The search restarts its population after this many children without a new best. */
    static final int RESTART_AFTER = 4_000;

    /**
     * The first price per unit of time warp; the prices then adapt (with 1 the search took 8 s of
     * R2_2_1's budget to price time warp high enough to find feasible solutions, 2026-12-07).
     */
    private static final double INITIAL_WARP_PRICE = 10;

    private static final double REPAIR_PROBABILITY = 0.5;
    private static final double REPAIR_FACTOR = 10;

    private final Model m;
    private final SplittableRandom rnd;
    private final Host host;
    private final int[] jobs;

    GeneticSearch(Model m, SplittableRandom rnd, Host host) {
        this.m = m;
        this.rnd = rnd;
        this.host = host;
        int n = 0;
        for (int j = 0; j < m.jobs; j++) {
            n += m.servable[j] ? 1 : 0;
        }
        jobs = new int[n];
        int k = 0;
        for (int j = 0; j < m.jobs; j++) {
            if (m.servable[j]) {
                jobs[k++] = j;
            }
        }
    }

    /** Whether the segments' model holds: one vehicle class, one window per job, no ride limits. */
    static boolean applies(Model m) {
        if (!m.oneWindowEach || m.rideLimits) {
            return false;
        }
        for (int v = 1; v < m.vehicles; v++) {
            if (m.vehicleClass[v] != m.vehicleClass[0]) {
                return false;
            }
        }
        return m.jobs - m.unservable >= 2;
    }

    /** Searches from {@code start} (its used vehicles are the fleet) until the host says stop. */
    void run(Plan start) {
        evolve(start, start.used, () -> false, false);
    }

    /**
     * Looks for a plan serving {@code start}'s jobs on one vehicle fewer, its smallest route's jobs
     * put back by the local search at a price, until one is found or {@code giveUp} says so.
     *
     * @return the plan found (also offered to the host), or null
     */
    Plan withOneRouteFewer(Plan start, BooleanSupplier giveUp) {
        if (start.used < 2) {
            return null;
        }
        Individual found = evolve(start, start.used - 1, giveUp, true);
        return found == null ? null : found.toPlan(m, slots);
    }

    private int[] slots;

    /**
     * The genetic search on {@code routes} route slots: the start plan's largest routes and, when it
     * has fewer, unused vehicles. Stops when the host says so, when {@code giveUp} does, or (when
     * asked) at the first feasible solution; returns the best feasible solution or null.
     */
    private Individual evolve(Plan start, int routes, BooleanSupplier giveUp, boolean firstFeasible) {
        slots = slotsFor(start, Math.max(1, routes));
        LocalSearch ls = new LocalSearch(m, rnd, jobs, slots.length);
        Srex srex = new Srex(m, rnd, jobs);
        Penalties penalties = initialPenalties();
        Population population = new Population(rnd, jobs);
        Individual startIndividual = new Individual(m, Individual.slotsOf(start, slots));
        Individual best = startIndividual.feasible() ? startIndividual : null;
        long sinceGain = 0;
        seed(population, ls, penalties, start, giveUp);
        while (!host.stop() && !giveUp.getAsBoolean()) {
            if (population.size() < 2) {
                seed(population, ls, penalties, null, giveUp);
                continue;
            }
            Individual a = population.select(penalties);
            Individual b = population.select(penalties);
            Individual child = ls.educate(srex.cross(a, b, penalties, slots.length), penalties);
            host.spend(1);
            population.add(child, penalties);
            penalties.observe(child.excess < 1e-9, child.timeWarp < 1e-9);
            sinceGain++;
            if (!child.feasible() && rnd.nextDouble() < REPAIR_PROBABILITY) {
                Individual repaired = ls.educate(child, penalties.times(REPAIR_FACTOR));
                if (repaired.feasible()) {
                    population.add(repaired, penalties);
                    child = repaired;
                }
            }
            if (better(child, best)) {
                best = child;
                sinceGain = 0;
                host.offer(child.toPlan(m, slots));
                if (firstFeasible) {
                    return best;
                }
            }
            if (sinceGain > RESTART_AFTER) {
                population.clear();
                if (best != null) {
                    population.add(best, penalties);
                }
                sinceGain = 0;
            }
        }
        return best;
    }

    /** The vehicles of {@code start}'s {@code count} largest routes, then unused ones. */
    private int[] slotsFor(Plan start, int count) {
        List<Integer> used = new ArrayList<>();
        for (int v = 0; v < m.vehicles; v++) {
            if (start.routes[v].size() > 0) {
                used.add(v);
            }
        }
        used.sort(Comparator.comparingInt((Integer v) -> -start.routes[v].size()));
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < used.size() && k < count; i++) {
            out[k++] = used.get(i);
        }
        for (int v = 0; k < count; v++) {
            if (start.routes[v].size() == 0) {
                out[k++] = v;
            }
        }
        return out;
    }

    private static boolean better(Individual x, Individual best) {
        if (!x.feasible()) {
            return false;
        }
        if (best == null) {
            return true;
        }
        return x.used < best.used || x.used == best.used && x.cost < best.cost - 1e-9;
    }

    private Penalties initialPenalties() {
        double maxCost = 0;
        double maxDemand = 1e-9;
        for (int j : jobs) {
            maxCost = Math.max(maxCost, 2 * m.depotCost[j]);
            for (int d = 0; d < m.dims; d++) {
                maxDemand = Math.max(maxDemand, m.demand[j][d]);
            }
        }
        return new Penalties(Math.max(0.1, Math.min(1000, maxCost / maxDemand)), INITIAL_WARP_PRICE);
    }

    /** The start plan, educated, and random solutions (jobs on random routes in window order), educated. */
    private void seed(Population population, LocalSearch ls, Penalties penalties, Plan start, BooleanSupplier giveUp) {
        if (start != null) {
            population.add(ls.educate(new Individual(m, Individual.slotsOf(start, slots)), penalties), penalties);
        }
        for (int i = 0; i < 4 * Population.MU && !host.stop() && !giveUp.getAsBoolean(); i++) {
            Individual x = ls.educate(randomIndividual(slots.length), penalties);
            population.add(x, penalties);
            penalties.observe(x.excess < 1e-9, x.timeWarp < 1e-9);
            host.spend(1);
        }
    }

    private Individual randomIndividual(int slots) {
        int[] counts = new int[slots];
        int[] routeOf = new int[jobs.length];
        for (int i = 0; i < jobs.length; i++) {
            routeOf[i] = rnd.nextInt(slots);
            counts[routeOf[i]]++;
        }
        int[][] routes = new int[slots][];
        for (int r = 0; r < slots; r++) {
            routes[r] = new int[counts[r]];
            counts[r] = 0;
        }
        for (int i = 0; i < jobs.length; i++) {
            int r = routeOf[i];
            routes[r][counts[r]++] = jobs[i];
        }
        for (int[] route : routes) {
            sortByWindow(route);
        }
        return new Individual(m, routes);
    }

    private void sortByWindow(int[] route) {
        Integer[] boxed = new Integer[route.length];
        for (int i = 0; i < route.length; i++) {
            boxed[i] = route[i];
        }
        java.util.Arrays.sort(boxed, java.util.Comparator.comparingDouble(j -> m.open[j] + m.close[j]));
        for (int i = 0; i < route.length; i++) {
            route[i] = boxed[i];
        }
    }
}
