package io.coldchain.routing.vrp;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A vehicle routing solver: route minimisation by an ejection pool, then SISR ruin and recreate
 * ("Slack Induction by String Removals", Christiaens and Vanden Berghe, Transportation Science
 * 2020) under simulated annealing. Several workers search at once on their own threads and random
 * streams ({@link SolverOptions#threads()}), the best of them wins; for a seed, an iteration limit
 * and a thread count the result is always the same.
 *
 * <p>The objective is lexicographic: fewest unassigned jobs, then fewest vehicles, then least cost
 * (travel time or distance).
 */
public final class VrpSolver {

    /** Solves {@code problem}; the returned solution is the best found (never null). */
    public VrpSolution solve(VrpProblem problem, SolverOptions options, SolverMonitor monitor) {
        Model model = new Model(problem);
        long start = System.nanoTime();
        SharedBest shared = new SharedBest(monitor, start);
        Search[] workers = new Search[options.threads()];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Search(model, options, shared, w, start);
        }
        shared.workers(workers);
        Plan[] results = new Plan[workers.length];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[workers.length];
        for (int w = 1; w < workers.length; w++) {
            int index = w;
            threads[w] = new Thread(
                    () -> {
                        try {
                            results[index] = workers[index].run();
                        } catch (Throwable t) {
                            failure.compareAndSet(null, t);
                        }
                    },
                    "vrp-worker-" + w);
            threads[w].setDaemon(true);
            threads[w].start();
        }
        results[0] = workers[0].run();
        for (int w = 1; w < workers.length; w++) {
            try {
                threads[w].join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the solver's workers ran", e);
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a solver worker failed", failure.get());
        }
        int winner = 0;
        for (int w = 1; w < workers.length; w++) {
            if (Search.better(results[w], results[winner])) {
                winner = w;
            }
        }
        shared.done(results[winner], workers[winner].stopReason);
        return results[winner].toSolution();
    }
}
