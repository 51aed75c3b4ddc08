package io.coldchain.routing.vrp;

/** Watches a running solve: hears of every new best solution and may cancel it. */
public interface SolverMonitor {

    /** Called on the solver's thread whenever the best solution improves. */
    default void improved(int vehicles, double cost, int unassigned, long iteration) {}

    /** Polled between iterations; true stops the search and returns the best solution so far. */
    default boolean cancelled() {
        return false;
    }

    SolverMonitor NONE = new SolverMonitor() {};
}
