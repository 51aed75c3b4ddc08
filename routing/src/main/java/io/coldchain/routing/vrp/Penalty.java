package io.coldchain.routing.vrp;

/**
 * The price of a job left out in the cost phase: a weight times the job's round trip from its
 * nearest depot. The weight adapts so that the annealing's current plan serves every job about
 * half of the time: it grows while plans with jobs left out are the rule and shrinks while they
 * are rare.
 */
final class Penalty {

    private static final double TARGET_COMPLETE = 0.5;
    private static final int WINDOW = 100;
    private static final double STEP = 1.2;

    private final Model m;
    private double weight = 1;
    private int seen;
    private int complete;

    Penalty(Model m) {
        this.m = m;
    }

    /** The unweighted price of the servable jobs the plan leaves out (0 for a complete plan). */
    double leftOut(Plan plan) {
        double price = 0;
        if (plan.unassigned > m.unservable) {
            for (int j = 0; j < m.jobs; j++) {
                if (plan.routeOf[j] < 0 && m.servable[j]) {
                    price += 2 * m.depotCost[j];
                }
            }
        }
        return price;
    }

    /** The plan's cost plus the weighted price of what it leaves out ({@link #leftOut}). */
    double of(Plan plan, double leftOut) {
        return plan.cost + weight * leftOut;
    }

    /** Records whether the current plan serves every servable job, and adapts the weight. */
    void observe(boolean servesAll) {
        seen++;
        complete += servesAll ? 1 : 0;
        if (seen == WINDOW) {
            double share = (double) complete / seen;
            if (share < TARGET_COMPLETE) {
                weight = Math.min(1e3, weight * STEP);
            } else {
                weight = Math.max(1e-2, weight / STEP);
            }
            seen = 0;
            complete = 0;
        }
    }
}
