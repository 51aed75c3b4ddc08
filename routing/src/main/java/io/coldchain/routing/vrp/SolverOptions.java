package io.coldchain.routing.vrp;

import java.time.Duration;

/**
 * How long and how the solver searches.
 *
 * @param seed the random seed; the same seed, iteration limit and thread count give the same solution
 * @param timeLimit stop after this long (wall clock)
 * @param maxIterations stop each worker after this many iterations (for reproducible runs)
 * @param stallShare stop early, as converged, when the best solution has not improved for this share
 *     of the time limit (and at least {@link #MIN_STALL_ITERATIONS} iterations); 0 searches the whole
 *     time (benchmarks)
 * @param threads how many workers search at once, each on its own thread and random stream
 *     ({@link #DEFAULT_THREADS} unless set)
 */
public record SolverOptions(long seed, Duration timeLimit, long maxIterations, double stallShare, int threads) {

    /** However fast the iterations, a search does not stop as converged before this many without a gain. */
    public static final long MIN_STALL_ITERATIONS = 2_000;

    /** Two workers: both cores of a small server, and the same answer on any machine for a seed. */
    public static final int DEFAULT_THREADS = 2;

    public SolverOptions(long seed, Duration timeLimit, long maxIterations) {
        this(seed, timeLimit, maxIterations, 0, DEFAULT_THREADS);
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
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be within 1..64");
        }
    }

    public static SolverOptions timeLimited(long seed, Duration timeLimit) {
        return new SolverOptions(seed, timeLimit, Long.MAX_VALUE);
    }

    /** The same, stopping as converged once the best has not improved for {@code share} of the time. */
    public SolverOptions stoppingWhenStalled(double share) {
        return new SolverOptions(seed, timeLimit, maxIterations, share, threads);
    }

    /** The same with {@code count} workers. */
    public SolverOptions withThreads(int count) {
        return new SolverOptions(seed, timeLimit, maxIterations, stallShare, count);
    }

    public static SolverOptions iterationLimited(long seed, long iterations) {
        return new SolverOptions(seed, Duration.ofDays(1), iterations);
    }
}
