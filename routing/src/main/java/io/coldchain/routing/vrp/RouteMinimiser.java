package io.coldchain.routing.vrp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Route minimisation with an ejection pool, after Nagata and Bräysy ("A powerful route
 * minimization heuristic for the vehicle routing problem with time windows", Operations Research
 * Letters 37, 2009). A route is dissolved and its jobs go to a pool; they go back one at a time into
 * the remaining routes. A job that fits nowhere is put in anyway, ejecting at most {@code kMax} jobs
 * of one route whose failure counters sum least (a job's counter rises each time it fits nowhere, so
 * hard jobs get placed first and easy ones make room); random feasible moves (relocate, swap,
 * 2-opt*) then shake the routes.
 * The route is gone when the pool is empty.
 */
final class RouteMinimiser {

    /** Random feasible relocations and swaps between two pool steps. */
    private static final int SHAKE_MOVES = 60;

    /** The ejection search stops looking once it has visited this many partial routes. */
    private static final int NODE_BUDGET = 200_000;

    /** Relocations and swaps go next to one of this many nearest jobs. */
    private static final int NEAR = 12;

    /** What the minimiser may spend: the search's clock and iteration count. */
    interface Budget {
        boolean exhausted();

        void spend();
    }

    private final Model m;
    private final SplittableRandom rnd;
    private final RuinRecreate moves;

    RouteMinimiser(Model m, SplittableRandom rnd, RuinRecreate moves) {
        this.m = m;
        this.rnd = rnd;
        this.moves = moves;
    }

    /** {@code start} with one route fewer and the same jobs served, or null when the budget ran out first. */
    Plan removeOneRoute(Plan start, Budget budget) {
        Plan plan = start.copy();
        int victim = pickRoute(plan);
        if (victim < 0) {
            return null;
        }
        Deque<Integer> pool = new ArrayDeque<>();
        List<Integer> jobs = new ArrayList<>();
        for (int j : plan.routes[victim].seq) {
            jobs.add(j);
        }
        RuinRecreate.shuffle(jobs, rnd);
        pool.addAll(jobs);
        plan.set(victim, RouteState.empty(m, victim));
        long[] failures = new long[m.jobs];
        Arrays.fill(failures, 1);
        while (!pool.isEmpty()) {
            if (budget.exhausted()) {
                return null;
            }
            budget.spend();
            int job = pool.pollLast();
            if (moves.insert(plan, job, false, 0)) {
                continue;
            }
            failures[job]++;
            Ejection ejection = bestEjection(plan, job, failures);
            if (ejection == null) {
                pool.addFirst(job);
            } else {
                plan.set(ejection.vehicle, ejection.route);
                for (int e : ejection.ejected) {
                    pool.addLast(e);
                }
            }
            shake(plan);
        }
        return plan;
    }

    /** A random used route, the smaller of two draws (small routes are the easier ones to empty). */
    private int pickRoute(Plan plan) {
        List<Integer> used = new ArrayList<>();
        for (int v = 0; v < m.vehicles; v++) {
            if (plan.routes[v].size() > 0) {
                used.add(v);
            }
        }
        if (used.size() < 2) {
            return -1;
        }
        int a = used.get(rnd.nextInt(used.size()));
        int b = used.get(rnd.nextInt(used.size()));
        return plan.routes[a].size() <= plan.routes[b].size() ? a : b;
    }

    // ---- ejection: insert the job anyway, ejecting the jobs whose failure counters sum least

    private record Ejection(int vehicle, RouteState route, int[] ejected) {}

    private final class EjectionSearch {
        final long[] failures;
        final int job;
        int[] seq;
        int kMax;
        long bestSum = Long.MAX_VALUE;
        Ejection best;
        int vehicle;
        int nodes;
        final int[] stack = new int[8];

        EjectionSearch(int job, long[] failures) {
            this.job = job;
            this.failures = failures;
        }

        void route(int v, RouteState route) {
            vehicle = v;
            int size = route.size();
            kMax = size <= 15 ? 4 : 2;
            double[] excess = new double[m.dims];
            for (int d = 0; d < m.dims; d++) {
                excess[d] = route.load[d] + m.demand[job][d] - m.capacity[v][d];
            }
            for (int pos = 0; pos <= size && nodes < NODE_BUDGET; pos++) {
                seq = new int[size + 1];
                System.arraycopy(route.seq, 0, seq, 0, pos);
                seq[pos] = job;
                System.arraycopy(route.seq, pos, seq, pos + 1, size - pos);
                descend(0, m.vehLoc[v], m.shiftStart[v], 0, 0, excess);
            }
        }

        /** Walks the sequence keeping or ejecting each job, in time order; keeping comes first. */
        void descend(int idx, int prevLoc, double time, int ejected, long sum, double[] excess) {
            if (++nodes > NODE_BUDGET) {
                return;
            }
            if (idx == seq.length) {
                finish(prevLoc, time, ejected, sum, excess);
                return;
            }
            int x = seq[idx];
            int loc = m.jobLoc[x];
            double start = m.serviceStart(x, time + m.time[prevLoc][loc]);
            if (!Double.isNaN(start)) {
                descend(idx + 1, loc, start + m.service[x], ejected, sum, excess);
            }
            if (x != job && ejected < kMax && sum + failures[x] < bestSum) {
                stack[ejected] = x;
                descend(idx + 1, prevLoc, time, ejected + 1, sum + failures[x], excess);
            }
        }

        void finish(int prevLoc, double time, int ejected, long sum, double[] excess) {
            if (ejected == 0 || time + m.time[prevLoc][m.vehLoc[vehicle]] > m.shiftEnd[vehicle] + 1e-9) {
                return;
            }
            for (int d = 0; d < m.dims; d++) {
                double freed = 0;
                for (int e = 0; e < ejected; e++) {
                    freed += m.demand[stack[e]][d];
                }
                if (freed + 1e-9 < excess[d]) {
                    return;
                }
            }
            int[] out = Arrays.copyOf(stack, ejected);
            int[] kept = new int[seq.length - ejected];
            int k = 0;
            for (int x : seq) {
                if (!contains(out, x)) {
                    kept[k++] = x;
                }
            }
            RouteState state = RouteState.of(m, vehicle, kept);
            if (state.feasible) {
                bestSum = sum;
                best = new Ejection(vehicle, state, out);
            }
        }
    }

    private Ejection bestEjection(Plan plan, int job, long[] failures) {
        EjectionSearch search = new EjectionSearch(job, failures);
        int offset = rnd.nextInt(m.vehicles);
        for (int i = 0; i < m.vehicles && search.nodes < NODE_BUDGET; i++) {
            int v = (offset + i) % m.vehicles;
            RouteState route = plan.routes[v];
            if (route.size() > 0 && m.compatible(job, v)) {
                search.route(v, route);
            }
        }
        return search.best;
    }

    // ---- shake: random feasible relocations and swaps between near jobs, whatever they cost

    private void shake(Plan plan) {
        if (m.jobs - plan.unassigned < 2) {
            return;
        }
        for (int i = 0; i < SHAKE_MOVES; i++) {
            int u = moves.randomAssignedJob(plan);
            int[] near = m.neighbours[u];
            int w = near[1 + rnd.nextInt(Math.min(NEAR, near.length - 1))];
            int ru = plan.routeOf[u];
            int rw = plan.routeOf[w];
            if (w == u || rw < 0) {
                continue;
            }
            int move = ru == rw ? 0 : rnd.nextInt(3);
            if (move == 0) {
                relocate(plan, u, ru, w, rw);
            } else if (move == 1) {
                swap(plan, u, ru, w, rw);
            } else {
                exchangeTails(plan, u, ru, w, rw);
            }
        }
    }

    private void relocate(Plan plan, int u, int ru, int w, int rw) {
        if (ru == rw) {
            int[] seq = plan.routes[ru].seq;
            int[] without = RouteState.removed(seq, u);
            int at = RuinRecreate.indexOf(without, w) + (rnd.nextBoolean() ? 1 : 0);
            RouteState moved = RouteState.of(m, ru, RouteState.inserted(without, at, u));
            if (moved.feasible) {
                plan.set(ru, moved);
            }
            return;
        }
        RouteState target = plan.routes[rw];
        int at = RuinRecreate.indexOf(target.seq, w) + (rnd.nextBoolean() ? 1 : 0);
        if (!target.accepts(u) || Double.isNaN(target.insertionDelta(u, at))) {
            return;
        }
        RouteState source = RouteState.of(m, ru, RouteState.removed(plan.routes[ru].seq, u));
        if (source.feasible) {
            plan.set(ru, source);
            plan.set(rw, target.with(u, at));
        }
    }

    private void swap(Plan plan, int u, int ru, int w, int rw) {
        int[] a = plan.routes[ru].seq.clone();
        int[] b = plan.routes[rw].seq.clone();
        a[RuinRecreate.indexOf(a, u)] = w;
        b[RuinRecreate.indexOf(b, w)] = u;
        setBothIfFeasible(plan, ru, a, rw, b);
    }

    /** 2-opt*: u's route keeps its stops up to u and takes w's route from w on (or from after w), and the other way round. */
    private void exchangeTails(Plan plan, int u, int ru, int w, int rw) {
        int[] a = plan.routes[ru].seq;
        int[] b = plan.routes[rw].seq;
        int i = RuinRecreate.indexOf(a, u) + 1;
        int j = RuinRecreate.indexOf(b, w) + (rnd.nextBoolean() ? 1 : 0);
        int[] first = new int[i + b.length - j];
        System.arraycopy(a, 0, first, 0, i);
        System.arraycopy(b, j, first, i, b.length - j);
        int[] second = new int[j + a.length - i];
        System.arraycopy(b, 0, second, 0, j);
        System.arraycopy(a, i, second, j, a.length - i);
        setBothIfFeasible(plan, ru, first, rw, second);
    }

    private void setBothIfFeasible(Plan plan, int ru, int[] a, int rw, int[] b) {
        RouteState first = RouteState.of(m, ru, a);
        if (!first.feasible) {
            return;
        }
        RouteState second = RouteState.of(m, rw, b);
        if (second.feasible) {
            plan.set(ru, first);
            plan.set(rw, second);
        }
    }

    private static boolean contains(int[] values, int x) {
        for (int v : values) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }
}
