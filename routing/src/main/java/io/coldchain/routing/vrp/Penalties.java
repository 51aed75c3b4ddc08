package io.coldchain.routing.vrp;

/**
 * The genetic search's prices for broken constraints: per unit of load above capacity and per
 * unit of time warp. Each adapts so that about {@link #TARGET_FEASIBLE} of the local search's
 * results keep that constraint (Vidal et al. 2013): a price too high walls the search into the
 * feasible region, one too low lets it forget the region exists.
 */
final class Penalties {

    static final double TARGET_FEASIBLE = 0.43;
    private static final int WINDOW = 50;
    private static final double UP = 1.34;
    private static final double DOWN = 0.82;
    private static final double MIN = 0.1;
    private static final double MAX = 100_000;

    double load;
    double warp;
    private int seen;
    private int loadOk;
    private int warpOk;

    Penalties(double load, double warp) {
        this.load = load;
        this.warp = warp;
    }

    double of(double excess, double timeWarp) {
        return load * excess + warp * timeWarp;
    }

    /** The same prices times {@code factor} (a repair step asks ten times as much). */
    Penalties times(double factor) {
        return new Penalties(Math.min(MAX, load * factor), Math.min(MAX, warp * factor));
    }

    /** Records one local search result and adapts the prices every {@link #WINDOW} results. */
    void observe(boolean loadFeasible, boolean warpFeasible) {
        seen++;
        loadOk += loadFeasible ? 1 : 0;
        warpOk += warpFeasible ? 1 : 0;
        if (seen == WINDOW) {
            load = adapt(load, (double) loadOk / seen);
            warp = adapt(warp, (double) warpOk / seen);
            seen = 0;
            loadOk = 0;
            warpOk = 0;
        }
    }

    private static double adapt(double price, double feasibleShare) {
        if (feasibleShare < TARGET_FEASIBLE - 0.05) {
            return Math.min(MAX, price * UP);
        }
        if (feasibleShare > TARGET_FEASIBLE + 0.05) {
            return Math.max(MIN, price * DOWN);
        }
        return price;
    }
}
