package io.coldchain.routing.vrp;

/**
 * A route under local search, with what makes a move's cost known in constant time: per position
 * the travel cost and load from the depot, and the time-warp segments (Vidal et al., "A hybrid
 * genetic algorithm with adaptive diversity management for a large class of vehicle routing
 * problems with time-windows", Computers and Operations Research 40, 2013) of the stops up to it and
 * from it on. Time windows may be broken: the route then carries time warp, which the genetic search
 * prices, as it prices load above capacity.
 *
 * <p>Positions run from 0 (the depot, leaving) through {@link #size} stops to {@code size + 1} (the
 * depot, back). Only for fleets of one vehicle class with one window per job and no ride limits
 * ({@link GeneticSearch#applies}).
 */
final class SegmentRoute {

    /** A time-warp segment is four numbers: duration, time warp, earliest and latest start. */
    static final int SEG = 4;

    final Model m;
    final int index;
    final int depot;
    int size;
    int[] jobs;
    double[] cumCost;
    double[] cumLoad; // [(position) * dims + d], stops 1..position
    double[] forward; // segment of positions 0..i
    double[] backward; // segment of positions i..size+1
    double cost;
    double timeWarp;
    double excess;
    double penalised;
    /** When the route last changed, in the local search's move count. */
    long changed;

    SegmentRoute(Model m, int index, int capacityHint) {
        this.m = m;
        this.index = index;
        this.depot = m.vehLoc[0];
        allocate(Math.max(4, capacityHint));
    }

    private void allocate(int stops) {
        jobs = new int[stops + 2];
        cumCost = new double[stops + 2];
        cumLoad = new double[(stops + 2) * m.dims];
        forward = new double[(stops + 2) * SEG];
        backward = new double[(stops + 2) * SEG];
    }

    int loc(int position) {
        return position == 0 || position == size + 1 ? depot : m.jobLoc[jobs[position]];
    }

    /** Loads {@code sequence} and computes everything (O(length)). */
    void set(int[] sequence, int length, Penalties penalties) {
        if (length + 2 > jobs.length) {
            allocate(length * 2);
        }
        size = length;
        System.arraycopy(sequence, 0, jobs, 1, length);
        jobs[0] = -1;
        jobs[length + 1] = -1;
        update(penalties);
    }

    /** Recomputes the prefix and suffix data after {@link #jobs} changed. */
    void update(Penalties penalties) {
        int dims = m.dims;
        int end = size + 1;
        depotSegment(forward, 0);
        cumCost[0] = 0;
        for (int d = 0; d < dims; d++) {
            cumLoad[d] = 0;
        }
        for (int i = 1; i <= end; i++) {
            int prev = loc(i - 1);
            int here = loc(i);
            cumCost[i] = cumCost[i - 1] + m.cost[prev][here];
            for (int d = 0; d < dims; d++) {
                cumLoad[i * dims + d] = cumLoad[(i - 1) * dims + d] + (i <= size ? m.demand[jobs[i]][d] : 0);
            }
            if (i <= size) {
                jobSegment(m, scratch, 0, jobs[i]);
            } else {
                depotSegment(scratch, 0);
            }
            merge(forward, (i - 1) * SEG, m.time[prev][here], scratch, 0, forward, i * SEG);
        }
        depotSegment(backward, end * SEG);
        for (int i = size; i >= 0; i--) {
            if (i >= 1) {
                jobSegment(m, scratch, 0, jobs[i]);
            } else {
                depotSegment(scratch, 0);
            }
            merge(scratch, 0, m.time[loc(i)][loc(i + 1)], backward, (i + 1) * SEG, backward, i * SEG);
        }
        cost = cumCost[end];
        timeWarp = forward[end * SEG + 1];
        excess = excessOf(cumLoad, end * dims);
        penalised = cost + penalties.of(excess, timeWarp);
    }

    private final double[] scratch = new double[SEG];

    /** The priced part of the route's cost: what a move may at most save besides travel. */
    double penaltyPart() {
        return penalised - cost;
    }

    /** The time warp of the stops before {@code lo} and after {@code hi}: a floor under a change between. */
    double warpOutside(int lo, int hi) {
        return forward[(lo - 1) * SEG + 1] + backward[(hi + 1) * SEG + 1];
    }

    double excessOf(double[] load, int offset) {
        double over = 0;
        for (int d = 0; d < m.dims; d++) {
            over += Math.max(0, load[offset + d] - m.capacity[0][d]);
        }
        return over;
    }

    /** The load of positions {@code from..to} (stops only) in dimension {@code d}. */
    double load(int from, int to, int d) {
        return cumLoad[to * m.dims + d] - cumLoad[(from - 1) * m.dims + d];
    }

    double totalLoad(int d) {
        return cumLoad[(size + 1) * m.dims + d];
    }

    void depotSegment(double[] out, int at) {
        out[at] = 0;
        out[at + 1] = 0;
        out[at + 2] = m.shiftStart[0];
        out[at + 3] = m.shiftEnd[0];
    }

    static void jobSegment(Model m, double[] out, int at, int job) {
        out[at] = m.service[job];
        out[at + 1] = 0;
        out[at + 2] = m.open[job];
        out[at + 3] = m.close[job];
    }

    /**
     * Vidal's concatenation: segment {@code a} then {@code b}, {@code travel} apart, into {@code out}
     * (which may alias either input).
     */
    static void merge(double[] a, int ai, double travel, double[] b, int bi, double[] out, int oi) {
        double aDur = a[ai];
        double aTw = a[ai + 1];
        double aE = a[ai + 2];
        double aL = a[ai + 3];
        double bDur = b[bi];
        double bTw = b[bi + 1];
        double bE = b[bi + 2];
        double bL = b[bi + 3];
        double delta = aDur - aTw + travel;
        double waiting = Math.max(bE - delta - aL, 0);
        double warp = Math.max(aE + delta - bL, 0);
        out[oi] = aDur + bDur + travel + waiting;
        out[oi + 1] = aTw + bTw + warp;
        out[oi + 2] = Math.max(bE - delta, aE) - waiting;
        out[oi + 3] = Math.min(bL - delta, aL) + warp;
    }
}
