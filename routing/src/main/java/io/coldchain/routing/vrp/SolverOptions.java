package io.coldchain.routing.vrp;

import java.time.Duration;

/**
 * How long and how the solver searches.
 *
 * @param seed the random seed; the same seed and iteration limit give the same solution
 * @param timeLimit stop after this long (wall clock)
 * @param maxIterations stop after this many ruin-and-recreate iterations (for reproducible runs)
 * @param stallShare stop early, as converged, when the best solution has not improved for this share
 *     of the time limit (and at least {@link #MIN_STALL_ITERATIONS} iterations); 0 searches the whole
 *     time (benchmarks)
 */
public record SolverOptions(long seed, Duration timeLimit, long maxIterations, double stallShare) {

    /** However fast the iterations, a search does not stop as converged before this many without a gain. */
    public static final long MIN_STALL_ITERATIONS = 2_000;

    public SolverOptions(long seed, Duration timeLimit, long maxIterations) {
        this(seed, timeLimit, maxIterations, 0);
    }

    public SolverOptions {
        if (stallShare < 0 || stallShare > 1) {
            throw new IllegalArgumentException("stallShare must be within 0..1");
        }
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive");
        }
        if (maxIterations <= 0) {
            throw new IllegalArgumentException("maxIterations must be positive");
        }
    }

    public static SolverOptions timeLimited(long seed, Duration timeLimit) {
        return new SolverOptions(seed, timeLimit, Long.MAX_VALUE);
    }

    /** The same, stopping as converged once the best has not improved for {@code share} of the time. */
    public SolverOptions stoppingWhenStalled(double share) {
        return new SolverOptions(seed, timeLimit, maxIterations, share);
    }

    public static SolverOptions iterationLimited(long seed, long iterations) {
        return new SolverOptions(seed, Duration.ofDays(1), iterations);
    }
}
