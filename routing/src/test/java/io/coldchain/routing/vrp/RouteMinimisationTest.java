package io.coldchain.routing.vrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coldchain.routing.solomon.SolomonInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The fleet phase on tight windows: RC101's best-known 14 vehicles, which the earlier fleet phase
 * (absence counters alone) missed at 30 s, within a fixed number of iterations (skipped with a
 * message when ../shared is absent).
 */
class RouteMinimisationTest {

    static final Path DATA = Path.of("../../shared/data/solomon");

    @Test
    void theEjectionPoolReachesTheBestKnownFleetOnRc101() throws Exception {
        assumeTrue(Files.isDirectory(DATA), "../shared/data/solomon is absent: Solomon tests skipped");
        VrpProblem problem = SolomonInstance.read(DATA.resolve("RC101.txt")).toProblem();
        VrpSolution solution = new VrpSolver()
                .solve(problem, SolverOptions.iterationLimited(42, 40_000).withThreads(1), SolverMonitor.NONE);
        assertThat(solution.unassignedJobIds()).isEmpty();
        assertThat(new FeasibilityChecker(problem).check(solution)).isEmpty();
        assertThat(solution.vehicles()).isEqualTo(14);
    }

    @Test
    void moreWorkersNeverDoWorseThanOneForTheSameSeed() throws Exception {
        // worker 0 of a two-worker solve runs exactly the one-worker search; the best of both wins
        assumeTrue(Files.isDirectory(DATA), "../shared/data/solomon is absent: Solomon tests skipped");
        VrpProblem problem = SolomonInstance.read(DATA.resolve("R105.txt")).toProblem();
        SolverOptions options = SolverOptions.iterationLimited(5, 6_000);
        VrpSolution one = new VrpSolver().solve(problem, options.withThreads(1), SolverMonitor.NONE);
        VrpSolution two = new VrpSolver().solve(problem, options.withThreads(2), SolverMonitor.NONE);
        assertThat(new FeasibilityChecker(problem).check(two)).isEmpty();
        assertThat(two.vehicles()).isLessThanOrEqualTo(one.vehicles());
        if (two.vehicles() == one.vehicles()) {
            assertThat(two.cost()).isLessThanOrEqualTo(one.cost() + 1e-9);
        }
    }
}
