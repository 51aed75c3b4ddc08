package io.coldchain.routing.vrp;

/** Watches a running solve: hears of every new best solution and may cancel it. */
public interface SolverMonitor {

    /** Called on the solver's thread whenever the best solution improves. */
    default void improved(int vehicles, double cost, int unassigned, long iteration) {}

    /**
     * Called on the solver's thread about four times a second while it searches, and once when it
     * stops ({@code done}, with why).
     */
    default void progress(Progress progress) {}

    /**
     * Where a search stands.
     *
     * @param stopReason null while it runs; then {@code converged} (no gain for the stall share),
     *     {@code trivial} (nothing to choose), {@code time limit}, {@code iteration limit} or
     *     {@code cancelled}
     */
    record Progress(
            long iterations,
            int vehicles,
            double cost,
            int unassigned,
            java.time.Duration elapsed,
            java.time.Duration sinceImprovement,
            String stopReason) {}

    /** Polled between iterations; true stops the search and returns the best solution so far. */
    default boolean cancelled() {
        return false;
    }

    SolverMonitor NONE = new SolverMonitor() {};
}
