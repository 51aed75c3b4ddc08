package io.coldchain.routing.vrp;

import java.time.Duration;

/**
 * How long and how the solver searches.
 *
 * @param seed the random seed; the same seed and iteration limit give the same solution
 * @param timeLimit stop after this long (wall clock)
 * @param maxIterations stop after this many ruin-and-recreate iterations (for reproducible runs)
 */
public record SolverOptions(long seed, Duration timeLimit, long maxIterations) {

    public SolverOptions {
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

    public static SolverOptions iterationLimited(long seed, long iterations) {
        return new SolverOptions(seed, Duration.ofDays(1), iterations);
    }
}
