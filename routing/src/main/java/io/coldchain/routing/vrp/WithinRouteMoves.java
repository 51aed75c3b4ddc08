package io.coldchain.routing.vrp;

/**
 * The local search's moves within one route: relocate one or two stops (also turned round), swap
 * two stops, 2-opt. The travel is priced in constant time and checked first; the time warp is then
 * priced along the stretch that moves only, between the route's unchanged head and tail segments.
 */
final class WithinRouteMoves {

    private static final double EPS = 1e-7;

    private final Model m;
    private final LocalSearch owner;
    private final double[] acc = new double[SegmentRoute.SEG];
    private final double[] node = new double[SegmentRoute.SEG];
    private int accLoc;

    WithinRouteMoves(Model m, LocalSearch owner) {
        this.m = m;
        this.owner = owner;
    }

    /** Tries u's moves with v, at {@code pu} and {@code pv} on {@code route}; true when one paid and was made. */
    boolean improve(SegmentRoute route, int pu, int pv) {
        int n = route.size;
        Penalties pen = owner.pen;
        int[] buffer = owner.buffer;
        double[][] c = m.cost;
        // relocate u (then u with its successor, plain and reversed) to after v
        for (int len = 1; len <= 2; len++) {
            if (pu + len - 1 > n || (pv >= pu && pv <= pu + len - 1)) {
                continue;
            }
            for (int rev = 0; rev < (len == 2 ? 2 : 1); rev++) {
                if (pv == pu - 1 && rev == 0) {
                    continue;
                }
                int first = route.jobs[pu];
                int last = route.jobs[pu + len - 1];
                int inFirst = rev == 1 ? last : first;
                int inLast = rev == 1 ? first : last;
                // the usual removal and insertion terms hold also when v follows the piece, not
                // when the piece stays where it is (turned round)
                double delta = pv == pu - 1
                        ? c[route.loc(pv)][m.jobLoc[last]]
                                + c[m.jobLoc[last]][m.jobLoc[first]]
                                + c[m.jobLoc[first]][route.loc(pu + len)]
                                - c[route.loc(pv)][m.jobLoc[first]]
                                - c[m.jobLoc[first]][m.jobLoc[last]]
                                - c[m.jobLoc[last]][route.loc(pu + len)]
                        : c[route.loc(pu - 1)][route.loc(pu + len)]
                                - c[route.loc(pu - 1)][m.jobLoc[first]]
                                - c[m.jobLoc[last]][route.loc(pu + len)]
                                + c[route.loc(pv)][m.jobLoc[inFirst]]
                                + c[m.jobLoc[inLast]][route.loc(pv + 1)]
                                - c[route.loc(pv)][route.loc(pv + 1)];
                if (delta >= route.penaltyPart() - EPS
                        || !mayPay(route, pv < pu ? pv + 1 : pu, pv < pu ? pu + len - 1 : pv, delta)) {
                    continue;
                }
                double warp;
                if (pv < pu) {
                    begin(route, pv);
                    add(inFirst);
                    if (len == 2) {
                        add(inLast);
                    }
                    addRange(route, pv + 1, pu - 1);
                    warp = end(route, pu + len);
                } else {
                    begin(route, pu - 1);
                    addRange(route, pu + len, pv);
                    add(inFirst);
                    if (len == 2) {
                        add(inLast);
                    }
                    warp = end(route, pv + 1);
                }
                if (pays(route, delta, warp)) {
                    int k = 0;
                    for (int p = 1; p <= n; p++) {
                        if (p >= pu && p < pu + len) {
                            continue;
                        }
                        buffer[k++] = route.jobs[p];
                        if (p == pv) {
                            buffer[k++] = inFirst;
                            if (len == 2) {
                                buffer[k++] = inLast;
                            }
                        }
                    }
                    double expected = route.cost + delta + pen.of(route.excess, warp);
                    owner.commit(route, buffer.clone(), k);
                    owner.check(expected, route, null);
                    return true;
                }
            }
        }
        // swap u with v
        int a = Math.min(pu, pv);
        int b = Math.max(pu, pv);
        if (a != b) {
            int x = route.jobs[a];
            int y = route.jobs[b];
            int before = route.loc(a - 1);
            int after = route.loc(b + 1);
            double delta;
            if (b == a + 1) {
                delta = c[before][m.jobLoc[y]]
                        + c[m.jobLoc[y]][m.jobLoc[x]]
                        + c[m.jobLoc[x]][after]
                        - c[before][m.jobLoc[x]]
                        - c[m.jobLoc[x]][m.jobLoc[y]]
                        - c[m.jobLoc[y]][after];
            } else {
                delta = c[before][m.jobLoc[y]]
                        + c[m.jobLoc[y]][route.loc(a + 1)]
                        - c[before][m.jobLoc[x]]
                        - c[m.jobLoc[x]][route.loc(a + 1)]
                        + c[route.loc(b - 1)][m.jobLoc[x]]
                        + c[m.jobLoc[x]][after]
                        - c[route.loc(b - 1)][m.jobLoc[y]]
                        - c[m.jobLoc[y]][after];
            }
            if (delta < route.penaltyPart() - EPS && mayPay(route, a, b, delta)) {
                begin(route, a - 1);
                add(y);
                addRange(route, a + 1, b - 1);
                add(x);
                double warp = end(route, b + 1);
                if (pays(route, delta, warp)) {
                    double expected = route.cost + delta + pen.of(route.excess, warp);
                    int[] seq = new int[n];
                    System.arraycopy(route.jobs, 1, seq, 0, n);
                    seq[a - 1] = y;
                    seq[b - 1] = x;
                    owner.commit(route, seq, n);
                    owner.check(expected, route, null);
                    return true;
                }
            }
        }
        // 2-opt: reverse the stops from u's successor to v
        if (pu + 1 < pv) {
            double delta;
            if (owner.symmetric) {
                delta = c[route.loc(pu)][route.loc(pv)]
                        + c[route.loc(pu + 1)][route.loc(pv + 1)]
                        - c[route.loc(pu)][route.loc(pu + 1)]
                        - c[route.loc(pv)][route.loc(pv + 1)];
            } else {
                delta = c[route.loc(pu)][route.loc(pv)]
                        + c[route.loc(pu + 1)][route.loc(pv + 1)]
                        - route.cumCost[pv + 1]
                        + route.cumCost[pu];
                for (int p = pv; p > pu + 1; p--) {
                    delta += c[route.loc(p)][route.loc(p - 1)];
                }
            }
            if (delta >= route.penaltyPart() - EPS || !mayPay(route, pu + 1, pv, delta)) {
                return false;
            }
            begin(route, pu);
            for (int p = pv; p > pu; p--) {
                add(route.jobs[p]);
            }
            double warp = end(route, pv + 1);
            if (pays(route, delta, warp)) {
                double expected = route.cost + delta + pen.of(route.excess, warp);
                int[] seq = new int[n];
                int k = 0;
                for (int p = 1; p <= pu; p++) {
                    seq[k++] = route.jobs[p];
                }
                for (int p = pv; p > pu; p--) {
                    seq[k++] = route.jobs[p];
                }
                for (int p = pv + 1; p <= n; p++) {
                    seq[k++] = route.jobs[p];
                }
                owner.commit(route, seq, n);
                owner.check(expected, route, null);
                return true;
            }
        }
        return false;
    }

    /** Whether changing the stops {@code lo..hi} (travel by {@code delta}, load not) could make the route cost less. */
    private boolean mayPay(SegmentRoute route, int lo, int hi, double delta) {
        return route.cost + delta + owner.pen.of(route.excess, route.warpOutside(lo, hi)) < route.penalised - EPS;
    }

    /** Whether the route, its travel changed by {@code delta} and its time warp now {@code warp}, costs less. */
    private boolean pays(SegmentRoute route, double delta, double warp) {
        return route.cost + delta + owner.pen.of(route.excess, warp) < route.penalised - EPS;
    }

    /** Starts a time-warp segment with the route's stops up to {@code position}. */
    private void begin(SegmentRoute route, int position) {
        System.arraycopy(route.forward, position * SegmentRoute.SEG, acc, 0, SegmentRoute.SEG);
        accLoc = route.loc(position);
    }

    private void add(int job) {
        int loc = m.jobLoc[job];
        SegmentRoute.jobSegment(m, node, 0, job);
        SegmentRoute.merge(acc, 0, m.time[accLoc][loc], node, 0, acc, 0);
        accLoc = loc;
    }

    private void addRange(SegmentRoute route, int from, int to) {
        for (int p = from; p <= to; p++) {
            add(route.jobs[p]);
        }
    }

    /** Closes the segment with the route's stops from {@code position} on; its time warp. */
    private double end(SegmentRoute route, int position) {
        SegmentRoute.merge(
                acc, 0, m.time[accLoc][route.loc(position)], route.backward, position * SegmentRoute.SEG, acc, 0);
        return acc[1];
    }
}
