package io.coldchain.routing.vrp;

import java.time.Duration;

/**
 * What the workers of one solve share: the monitor (called one call at a time, whichever worker's
 * thread it is on), the best plan any of them found so far, and the iterations they have run.
 */
final class SharedBest {

    private final SolverMonitor monitor;
    private final long startNanos;
    private Search[] workers = new Search[0];
    private Plan best;
    private long lastGainNanos;

    SharedBest(SolverMonitor monitor, long startNanos) {
        this.monitor = monitor;
        this.startNanos = startNanos;
        this.lastGainNanos = startNanos;
    }

    synchronized void workers(Search[] all) {
        workers = all.clone();
    }

    synchronized void offer(Plan plan) {
        if (best == null || Search.better(plan, best)) {
            best = plan;
            lastGainNanos = System.nanoTime();
            monitor.improved(plan.used, plan.cost, plan.unassigned, iterations());
        }
    }

    synchronized boolean cancelled() {
        return monitor.cancelled();
    }

    synchronized void heartbeat() {
        if (best != null) {
            monitor.progress(progress(best, null));
        }
    }

    synchronized void done(Plan winner, String stopReason) {
        monitor.progress(progress(winner, stopReason));
    }

    private SolverMonitor.Progress progress(Plan plan, String stopReason) {
        long now = System.nanoTime();
        return new SolverMonitor.Progress(
                iterations(),
                plan.used,
                plan.cost,
                plan.unassigned,
                Duration.ofNanos(now - startNanos),
                Duration.ofNanos(now - lastGainNanos),
                stopReason);
    }

    private long iterations() {
        long sum = 0;
        for (Search worker : workers) {
            if (worker != null) {
                sum += worker.iteration;
            }
        }
        return sum;
    }
}
