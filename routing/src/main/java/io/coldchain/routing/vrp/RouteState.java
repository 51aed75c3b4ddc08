package io.coldchain.routing.vrp;

import java.util.Arrays;

/**
 * One vehicle's sequence with its schedule cached: service starts (leaving the depot at shift
 * start), the latest feasible arrival at every position, the load and the cost. Immutable: a
 * change builds a new state, so solutions can share unchanged routes.
 */
final class RouteState {

    final Model m;
    final int vehicle;
    final int[] seq;
    final double[] start;
    final double[] latest; // latest feasible arrival per position; index seq.length is the depot
    final double[] load;
    final double cost;
    final boolean feasible;

    private RouteState(Model m, int vehicle, int[] seq) {
        this.m = m;
        this.vehicle = vehicle;
        this.seq = seq;
        int k = seq.length;
        this.start = new double[k];
        this.latest = new double[k + 1];
        this.load = new double[m.dims];
        double c = 0;
        boolean ok = true;
        int prev = m.vehLoc[vehicle];
        double t = m.shiftStart[vehicle];
        for (int i = 0; i < k; i++) {
            int j = seq[i];
            int loc = m.jobLoc[j];
            c += m.cost[prev][loc];
            double s = m.serviceStart(j, t + m.time[prev][loc]);
            if (Double.isNaN(s)) {
                ok = false;
                s = t + m.time[prev][loc];
            }
            start[i] = s;
            t = s + m.service[j];
            prev = loc;
            for (int d = 0; d < m.dims; d++) {
                load[d] += m.demand[j][d];
            }
            ok &= m.compatible(j, vehicle);
        }
        c += m.cost[prev][m.vehLoc[vehicle]];
        ok &= t + m.time[prev][m.vehLoc[vehicle]] <= m.shiftEnd[vehicle] + 1e-9;
        for (int d = 0; d < m.dims; d++) {
            ok &= load[d] <= m.capacity[vehicle][d] + 1e-9;
        }
        latest[k] = m.shiftEnd[vehicle];
        int next = m.vehLoc[vehicle];
        for (int i = k - 1; i >= 0; i--) {
            int j = seq[i];
            int loc = m.jobLoc[j];
            latest[i] = m.latestArrival(j, latest[i + 1] - m.time[loc][next] - m.service[j]);
            next = loc;
        }
        if (ok && m.rideLimits) {
            ok = rideTimesHold();
        }
        this.cost = c;
        this.feasible = ok;
    }

    static RouteState of(Model m, int vehicle, int[] seq) {
        return new RouteState(m, vehicle, seq);
    }

    static RouteState empty(Model m, int vehicle) {
        return new RouteState(m, vehicle, new int[0]);
    }

    int size() {
        return seq.length;
    }

    /**
     * When the vehicle leaves its depot: delayed past shift start by the waiting the schedule holds
     * (as far as the windows allow), so cold parcels ride no longer than needed, and no later.
     */
    double departure() {
        double shift = m.shiftStart[vehicle];
        double slack = latest[seq.length] - returnTime(shift);
        double waiting = 0;
        int prev = m.vehLoc[vehicle];
        double t = shift;
        for (int i = 0; i < seq.length; i++) {
            int loc = m.jobLoc[seq[i]];
            double arrival = t + m.time[prev][loc];
            slack = Math.min(slack, latest[i] - arrival);
            waiting += start[i] - arrival;
            t = start[i] + m.service[seq[i]];
            prev = loc;
        }
        return shift + Math.max(0, Math.min(slack, waiting));
    }

    /** The service start at every position when leaving the depot at {@code departure}. */
    double[] startsFrom(double departure) {
        double[] starts = new double[seq.length];
        int prev = m.vehLoc[vehicle];
        double t = departure;
        for (int i = 0; i < seq.length; i++) {
            int loc = m.jobLoc[seq[i]];
            starts[i] = m.serviceStart(seq[i], t + m.time[prev][loc]);
            t = starts[i] + m.service[seq[i]];
            prev = loc;
        }
        return starts;
    }

    double returnTime(double departure) {
        if (seq.length == 0) {
            return departure;
        }
        double[] starts = startsFrom(departure);
        int last = seq[seq.length - 1];
        return starts[seq.length - 1] + m.service[last] + m.time[m.jobLoc[last]][m.vehLoc[vehicle]];
    }

    private boolean rideTimesHold() {
        double departure = departure();
        double[] starts = startsFrom(departure);
        for (int i = 0; i < seq.length; i++) {
            if (starts[i] - departure > m.maxRide[seq[i]] + 1e-9) {
                return false;
            }
        }
        return true;
    }

    /**
     * The added cost of inserting {@code job} before position {@code pos}, or NaN when infeasible.
     * Time windows and capacity are checked in O(1); ride limits, when the problem has any, by
     * rebuilding the route.
     */
    double insertionDelta(int job, int pos) {
        double delta = costDelta(job, pos);
        return fits(job, pos) ? delta : Double.NaN;
    }

    /** The added cost of inserting {@code job} before position {@code pos}, feasible or not. */
    double costDelta(int job, int pos) {
        int prevLoc = pos == 0 ? m.vehLoc[vehicle] : m.jobLoc[seq[pos - 1]];
        int nextLoc = pos == seq.length ? m.vehLoc[vehicle] : m.jobLoc[seq[pos]];
        int loc = m.jobLoc[job];
        double[][] cost = m.cost;
        return cost[prevLoc][loc] + cost[loc][nextLoc] - cost[prevLoc][nextLoc];
    }

    /**
     * Whether {@code job} may go before position {@code pos} as far as time goes (windows, shift,
     * ride limits); capacity is {@link #accepts}'s.
     */
    boolean fits(int job, int pos) {
        int prevLoc = pos == 0 ? m.vehLoc[vehicle] : m.jobLoc[seq[pos - 1]];
        double prevDepart = pos == 0 ? m.shiftStart[vehicle] : start[pos - 1] + m.service[seq[pos - 1]];
        int loc = m.jobLoc[job];
        double s = m.serviceStart(job, prevDepart + m.time[prevLoc][loc]);
        if (Double.isNaN(s)) {
            return false;
        }
        int nextLoc = pos == seq.length ? m.vehLoc[vehicle] : m.jobLoc[seq[pos]];
        if (s + m.service[job] + m.time[loc][nextLoc] > latest[pos] + 1e-9) {
            return false;
        }
        return !m.rideLimits || with(job, pos).feasible;
    }

    /** Whether {@code job} may ride on this vehicle at all (depot and capacity). */
    boolean accepts(int job) {
        return m.compatible(job, vehicle) && m.fits(load, job, vehicle);
    }

    RouteState with(int job, int pos) {
        return new RouteState(m, vehicle, inserted(seq, pos, job));
    }

    /** {@code seq} with {@code job} put before position {@code pos}. */
    static int[] inserted(int[] seq, int pos, int job) {
        int[] next = new int[seq.length + 1];
        System.arraycopy(seq, 0, next, 0, pos);
        next[pos] = job;
        System.arraycopy(seq, pos, next, pos + 1, seq.length - pos);
        return next;
    }

    /** {@code seq} without {@code job}. */
    static int[] removed(int[] seq, int job) {
        int[] next = new int[seq.length - 1];
        int k = 0;
        for (int x : seq) {
            if (x != job) {
                next[k++] = x;
            }
        }
        return next;
    }

    /** This route without the jobs marked in {@code removed}. */
    RouteState without(boolean[] removed) {
        int[] next = Arrays.stream(seq).filter(j -> !removed[j]).toArray();
        return new RouteState(m, vehicle, next);
    }
}
