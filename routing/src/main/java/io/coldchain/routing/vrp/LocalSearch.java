package io.coldchain.routing.vrp;

import java.util.SplittableRandom;

/**
 * The genetic search's education: first-improvement local search over a granular neighbourhood
 * (each job's nearest jobs), with the moves of HGS-CVRP (Vidal, "Hybrid genetic search for the CVRP:
 * open-source implementation and SWAP* neighborhood", Computers and Operations Research 140, 2022):
 * relocate one or two stops (also reversed), swap one or two with one or two, 2-opt within a route
 * and 2-opt* between two. Load above capacity and time warp are priced ({@link Penalties}); a move
 * between two routes is priced in constant time from {@link SegmentRoute}'s segments, one within a
 * route ({@link WithinRouteMoves}) along the stretch it moves.
 */
final class LocalSearch {

    /** Neighbours considered per job. */
    static final int GRANULAR = 40;

    private static final double EPS = 1e-7;

    private final Model m;
    private final SplittableRandom rnd;
    private final int[] jobs;
    private final int[][] near;
    private final SegmentRoute[] routes;
    private final int[] routeOf;
    private final int[] posOf;
    private final long[] lastTested;
    final boolean symmetric;
    Penalties pen;
    private long moveCount;

    /** Tests set this: every move applied is then priced again from scratch and checked. */
    boolean audit;
    /** Moves whose price from scratch differed from the constant-time one (with {@link #audit}). */
    int auditFailures;

    private final WithinRouteMoves within;
    private final double[] acc = new double[SegmentRoute.SEG];
    private final double[] node = new double[SegmentRoute.SEG];
    private final int[] pieceA = new int[2];
    private final int[] pieceB = new int[2];
    int[] buffer;

    LocalSearch(Model m, SplittableRandom rnd, int[] jobs, int slots) {
        this.m = m;
        this.rnd = rnd;
        this.jobs = jobs;
        near = nearest(m, jobs);
        routes = new SegmentRoute[slots];
        for (int r = 0; r < slots; r++) {
            routes[r] = new SegmentRoute(m, r, jobs.length / Math.max(1, slots) + 8);
        }
        routeOf = new int[m.jobs];
        posOf = new int[m.jobs];
        lastTested = new long[m.jobs];
        buffer = new int[jobs.length + 4];
        boolean sym = true;
        for (int a = 0; a < m.cost.length && sym; a++) {
            for (int b = 0; b < a; b++) {
                if (Math.abs(m.cost[a][b] - m.cost[b][a]) > 1e-9) {
                    sym = false;
                    break;
                }
            }
        }
        symmetric = sym;
        within = new WithinRouteMoves(m, this);
    }

    /**
     * Each job's {@link #GRANULAR} nearest, nearness as in HGS for time windows (Vidal et al. 2013;
     * PyVRP's defaults): the distance, plus a fifth of the wait and all of the time warp that
     * serving one right after the other would cost, the better of the two orders. Where windows are
     * tight, the plain nearest jobs are often ones no route could serve one after the other.
     */
    private static int[][] nearest(Model m, int[] jobs) {
        int[][] near = new int[m.jobs][];
        Integer[] others = new Integer[jobs.length];
        double[] proximity = new double[m.jobs];
        for (int j : jobs) {
            int k = 0;
            for (int c : jobs) {
                if (c != j) {
                    others[k++] = c;
                    proximity[c] = Math.min(proximity(m, j, c), proximity(m, c, j));
                }
            }
            java.util.Arrays.sort(others, 0, k, java.util.Comparator.comparingDouble(c -> proximity[c]));
            int[] list = new int[Math.min(GRANULAR, k)];
            for (int i = 0; i < list.length; i++) {
                list[i] = others[i];
            }
            near[j] = list;
        }
        return near;
    }

    /** The jobs {@code job}'s moves consider, nearest first. */
    int[] granular(int job) {
        return near[job].clone();
    }

    private static final double WAIT_WEIGHT = 0.2;
    private static final double WARP_WEIGHT = 1.0;

    /** How near {@code b} is as the stop right after {@code a}. */
    private static double proximity(Model m, int a, int b) {
        int la = m.jobLoc[a];
        int lb = m.jobLoc[b];
        double closeA = m.twEnd[a].length > 0 ? m.close[a] : Double.POSITIVE_INFINITY;
        double closeB = m.twEnd[b].length > 0 ? m.close[b] : Double.POSITIVE_INFINITY;
        double wait = Math.max(m.open[b] - m.time[la][lb] - m.service[a] - closeA, 0);
        double warp = Math.max(m.open[a] + m.service[a] + m.time[la][lb] - closeB, 0);
        return m.cost[la][lb] + WAIT_WEIGHT * wait + WARP_WEIGHT * warp;
    }

    /** Inserts what {@code start} leaves out, then improves it until no move pays. */
    Individual educate(Individual start, Penalties penalties) {
        pen = penalties;
        load(start);
        insertMissing();
        improve();
        int[][] out = new int[routes.length][];
        for (int r = 0; r < routes.length; r++) {
            SegmentRoute route = routes[r];
            out[r] = new int[route.size];
            System.arraycopy(route.jobs, 1, out[r], 0, route.size);
        }
        return new Individual(m, out);
    }

    private void load(Individual start) {
        moveCount = 1;
        java.util.Arrays.fill(routeOf, -1);
        for (int r = 0; r < routes.length; r++) {
            int[] seq = r < start.routes.length ? start.routes[r] : new int[0];
            routes[r].set(seq, seq.length, pen);
            routes[r].changed = moveCount;
            index(routes[r]);
        }
        for (int j : jobs) {
            lastTested[j] = 0;
        }
    }

    private void index(SegmentRoute route) {
        for (int p = 1; p <= route.size; p++) {
            routeOf[route.jobs[p]] = route.index;
            posOf[route.jobs[p]] = p;
        }
    }

    private void insertMissing() {
        int[] missing = new int[jobs.length];
        int count = 0;
        for (int j : jobs) {
            if (routeOf[j] < 0) {
                missing[count++] = j;
            }
        }
        for (int i = count - 1; i > 0; i--) {
            int k = rnd.nextInt(i + 1);
            int tmp = missing[i];
            missing[i] = missing[k];
            missing[k] = tmp;
        }
        for (int i = 0; i < count; i++) {
            int job = missing[i];
            int bestRoute = -1;
            int bestPos = -1;
            double bestDelta = Double.MAX_VALUE;
            pieceA[0] = job;
            for (SegmentRoute route : routes) {
                for (int p = 0; p <= route.size; p++) {
                    double delta = replaced(route, p + 1, p, pieceA, 1) - route.penalised;
                    if (delta < bestDelta) {
                        bestDelta = delta;
                        bestRoute = route.index;
                        bestPos = p;
                    }
                }
            }
            SegmentRoute route = routes[bestRoute];
            int len = 0;
            for (int p = 1; p <= route.size; p++) {
                if (p - 1 == bestPos) {
                    buffer[len++] = job;
                }
                buffer[len++] = route.jobs[p];
            }
            if (bestPos == route.size) {
                buffer[len++] = job;
            }
            commit(route, buffer, len);
        }
    }

    private void improve() {
        int[] order = jobs.clone();
        for (int i = order.length - 1; i > 0; i--) {
            int k = rnd.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[k];
            order[k] = tmp;
        }
        boolean improved = true;
        while (improved) {
            improved = false;
            for (int u : order) {
                long since = lastTested[u];
                lastTested[u] = moveCount;
                for (int v : near[u]) {
                    if (routes[routeOf[u]].changed <= since && routes[routeOf[v]].changed <= since) {
                        continue;
                    }
                    if (tryMoves(u, v)) {
                        improved = true;
                    }
                }
                if (toEmptyRoute(u)) {
                    improved = true;
                }
            }
        }
    }

    private boolean tryMoves(int u, int v) {
        if (routeOf[u] == routeOf[v]) {
            return within.improve(routes[routeOf[u]], posOf[u], posOf[v]);
        }
        SegmentRoute ru = routes[routeOf[u]];
        SegmentRoute rv = routes[routeOf[v]];
        int pu = posOf[u];
        int pv = posOf[v];
        if (relocate(ru, pu, 1, false, rv, pv)
                || relocate(ru, pu, 2, false, rv, pv)
                || relocate(ru, pu, 2, true, rv, pv)
                || swap(ru, pu, 1, rv, pv, 1)
                || swap(ru, pu, 2, rv, pv, 1)
                || swap(ru, pu, 2, rv, pv, 2)
                || twoOptStar(ru, pu, rv, pv)) {
            return true;
        }
        if (pv == 1) {
            // v opens its route: try u's moves with the depot in v's place
            return relocate(ru, pu, 1, false, rv, 0)
                    || relocate(ru, pu, 2, false, rv, 0)
                    || relocate(ru, pu, 2, true, rv, 0)
                    || twoOptStar(ru, pu, rv, 0);
        }
        return false;
    }

    private boolean toEmptyRoute(int u) {
        SegmentRoute ru = routes[routeOf[u]];
        if (ru.size < 2) {
            return false;
        }
        for (SegmentRoute route : routes) {
            if (route.size == 0) {
                int pu = posOf[u];
                return relocate(ru, pu, 1, false, route, 0)
                        || relocate(ru, pu, 2, false, route, 0)
                        || relocate(ru, pu, 2, true, route, 0);
            }
        }
        return false;
    }

    // ---- moves between two routes, priced in constant time

    /** Moves {@code len} stops from {@code pu} on {@code ru} (reversed if asked) to after {@code pv} on {@code rv}. */
    private boolean relocate(SegmentRoute ru, int pu, int len, boolean reversed, SegmentRoute rv, int pv) {
        if (pu + len - 1 > ru.size) {
            return false;
        }
        int first = ru.jobs[pu];
        int last = ru.jobs[pu + len - 1];
        int inFirst = reversed ? last : first;
        int inLast = reversed ? first : last;
        double[][] c = m.cost;
        double costU = c[ru.loc(pu - 1)][ru.loc(pu + len)]
                - c[ru.loc(pu - 1)][m.jobLoc[first]]
                - c[m.jobLoc[last]][ru.loc(pu + len)];
        double costV =
                c[rv.loc(pv)][m.jobLoc[inFirst]] + c[m.jobLoc[inLast]][rv.loc(pv + 1)] - c[rv.loc(pv)][rv.loc(pv + 1)];
        if (costU + costV >= ru.penaltyPart() + rv.penaltyPart() - EPS) {
            return false;
        }
        if (floorReaches(ru, costU, pu, pu + len - 1, rv, costV, pv + 1, pv)) {
            return false;
        }
        pieceA[0] = inFirst;
        pieceA[1] = inLast;
        double newU = replaced(ru, pu, pu + len - 1, pieceB, 0);
        double newV = replaced(rv, pv + 1, pv, pieceA, len);
        if (newU + newV >= ru.penalised + rv.penalised - EPS) {
            return false;
        }
        applyReplace(ru, pu, pu + len - 1, pieceB, 0, rv, pv + 1, pv, pieceA, len);
        check(newU + newV, ru, rv);
        return true;
    }

    /**
     * Whether two routes, their stretches {@code fromU..toU} and {@code fromV..toV} replaced at the
     * given distance changes, cannot beat their penalised cost even counting only the time warp
     * outside those stretches (a lower bound on the new routes' warp).
     */
    private boolean floorReaches(
            SegmentRoute ru, double costU, int fromU, int toU, SegmentRoute rv, double costV, int fromV, int toV) {
        return ru.cost
                        + costU
                        + pen.warp * ru.warpOutside(fromU, toU)
                        + rv.cost
                        + costV
                        + pen.warp * rv.warpOutside(fromV, toV)
                >= ru.penalised + rv.penalised - EPS;
    }

    /** Swaps {@code lu} stops from {@code pu} on {@code ru} with {@code lv} from {@code pv} on {@code rv}. */
    private boolean swap(SegmentRoute ru, int pu, int lu, SegmentRoute rv, int pv, int lv) {
        if (pu + lu - 1 > ru.size || pv + lv - 1 > rv.size) {
            return false;
        }
        double[][] c = m.cost;
        int uFirst = ru.jobs[pu];
        int uLast = ru.jobs[pu + lu - 1];
        int vFirst = rv.jobs[pv];
        int vLast = rv.jobs[pv + lv - 1];
        double costU = c[ru.loc(pu - 1)][m.jobLoc[vFirst]]
                + c[m.jobLoc[vLast]][ru.loc(pu + lu)]
                - c[ru.loc(pu - 1)][m.jobLoc[uFirst]]
                - c[m.jobLoc[uLast]][ru.loc(pu + lu)];
        double costV = c[rv.loc(pv - 1)][m.jobLoc[uFirst]]
                + c[m.jobLoc[uLast]][rv.loc(pv + lv)]
                - c[rv.loc(pv - 1)][m.jobLoc[vFirst]]
                - c[m.jobLoc[vLast]][rv.loc(pv + lv)];
        if (costU + costV >= ru.penaltyPart() + rv.penaltyPart() - EPS) {
            return false;
        }
        if (floorReaches(ru, costU, pu, pu + lu - 1, rv, costV, pv, pv + lv - 1)) {
            return false;
        }
        pieceA[0] = uFirst;
        pieceA[1] = uLast;
        pieceB[0] = vFirst;
        pieceB[1] = vLast;
        double newU = replaced(ru, pu, pu + lu - 1, pieceB, lv);
        double newV = replaced(rv, pv, pv + lv - 1, pieceA, lu);
        if (newU + newV >= ru.penalised + rv.penalised - EPS) {
            return false;
        }
        applyReplace(ru, pu, pu + lu - 1, pieceB, lv, rv, pv, pv + lv - 1, pieceA, lu);
        check(newU + newV, ru, rv);
        return true;
    }

    /** 2-opt*: {@code ru} keeps its stops to {@code pu} and takes {@code rv}'s after {@code pv}, and the other way round. */
    private boolean twoOptStar(SegmentRoute ru, int pu, SegmentRoute rv, int pv) {
        double[][] c = m.cost;
        double costU = c[ru.loc(pu)][rv.loc(pv + 1)] - c[ru.loc(pu)][ru.loc(pu + 1)];
        double costV = c[rv.loc(pv)][ru.loc(pu + 1)] - c[rv.loc(pv)][rv.loc(pv + 1)];
        if (costU + costV >= ru.penaltyPart() + rv.penaltyPart() - EPS) {
            return false;
        }
        if (floorReaches(ru, costU, pu + 1, pu, rv, costV, pv + 1, pv)) {
            return false;
        }
        double newU = joined(ru, pu, rv, pv + 1);
        double newV = joined(rv, pv, ru, pu + 1);
        if (newU + newV >= ru.penalised + rv.penalised - EPS) {
            return false;
        }
        int lenU = 0;
        int[] a = new int[pu + rv.size - pv];
        for (int p = 1; p <= pu; p++) {
            a[lenU++] = ru.jobs[p];
        }
        for (int p = pv + 1; p <= rv.size; p++) {
            a[lenU++] = rv.jobs[p];
        }
        int lenV = 0;
        int[] b = new int[pv + ru.size - pu];
        for (int p = 1; p <= pv; p++) {
            b[lenV++] = rv.jobs[p];
        }
        for (int p = pu + 1; p <= ru.size; p++) {
            b[lenV++] = ru.jobs[p];
        }
        commit(ru, a, lenU);
        commit(rv, b, lenV);
        check(newU + newV, ru, rv);
        return true;
    }

    /**
     * The priced cost of {@code route} with its positions {@code from..to} (none when {@code to <
     * from}) replaced by the first {@code len} jobs of {@code piece}.
     */
    private double replaced(SegmentRoute route, int from, int to, int[] piece, int len) {
        int prevLoc = route.loc(from - 1);
        double c = route.cumCost[from - 1];
        System.arraycopy(route.forward, (from - 1) * SegmentRoute.SEG, acc, 0, SegmentRoute.SEG);
        for (int i = 0; i < len; i++) {
            int job = piece[i];
            int loc = m.jobLoc[job];
            c += m.cost[prevLoc][loc];
            SegmentRoute.jobSegment(m, node, 0, job);
            SegmentRoute.merge(acc, 0, m.time[prevLoc][loc], node, 0, acc, 0);
            prevLoc = loc;
        }
        int nextLoc = route.loc(to + 1);
        c += m.cost[prevLoc][nextLoc] + route.cumCost[route.size + 1] - route.cumCost[to + 1];
        SegmentRoute.merge(acc, 0, m.time[prevLoc][nextLoc], route.backward, (to + 1) * SegmentRoute.SEG, acc, 0);
        double over = 0;
        for (int d = 0; d < m.dims; d++) {
            double load = route.totalLoad(d) - (to >= from ? route.load(from, to, d) : 0);
            for (int i = 0; i < len; i++) {
                load += m.demand[piece[i]][d];
            }
            over += Math.max(0, load - m.capacity[0][d]);
        }
        return c + pen.of(over, acc[1]);
    }

    /** The priced cost of {@code head}'s stops up to {@code headEnd} followed by {@code tail}'s from {@code tailStart}. */
    private double joined(SegmentRoute head, int headEnd, SegmentRoute tail, int tailStart) {
        int a = head.loc(headEnd);
        int b = tail.loc(tailStart);
        double c = head.cumCost[headEnd] + m.cost[a][b] + tail.cumCost[tail.size + 1] - tail.cumCost[tailStart];
        SegmentRoute.merge(
                head.forward,
                headEnd * SegmentRoute.SEG,
                m.time[a][b],
                tail.backward,
                tailStart * SegmentRoute.SEG,
                acc,
                0);
        double over = 0;
        for (int d = 0; d < m.dims; d++) {
            double load = (headEnd >= 1 ? head.load(1, headEnd, d) : 0)
                    + (tailStart <= tail.size ? tail.load(tailStart, tail.size, d) : 0);
            over += Math.max(0, load - m.capacity[0][d]);
        }
        return c + pen.of(over, acc[1]);
    }

    private void applyReplace(
            SegmentRoute ru,
            int uFrom,
            int uTo,
            int[] uPiece,
            int uLen,
            SegmentRoute rv,
            int vFrom,
            int vTo,
            int[] vPiece,
            int vLen) {
        int[] a = spliced(ru, uFrom, uTo, uPiece, uLen);
        int[] b = spliced(rv, vFrom, vTo, vPiece, vLen);
        commit(ru, a, a.length);
        commit(rv, b, b.length);
    }

    private static int[] spliced(SegmentRoute route, int from, int to, int[] piece, int len) {
        int removed = to >= from ? to - from + 1 : 0;
        int[] out = new int[route.size - removed + len];
        int k = 0;
        for (int p = 1; p < from; p++) {
            out[k++] = route.jobs[p];
        }
        for (int i = 0; i < len; i++) {
            out[k++] = piece[i];
        }
        for (int p = Math.max(from, to + 1); p <= route.size; p++) {
            out[k++] = route.jobs[p];
        }
        return out;
    }

    void check(double expected, SegmentRoute a, SegmentRoute b) {
        if (audit
                && Math.abs(expected - a.penalised - (b == null ? 0 : b.penalised)) > 1e-6 * (1 + Math.abs(expected))) {
            auditFailures++;
        }
    }

    void commit(SegmentRoute route, int[] seq, int len) {
        route.set(seq, len, pen);
        moveCount++;
        route.changed = moveCount;
        index(route);
    }
}
