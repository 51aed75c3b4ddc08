package io.coldchain.routing.solomon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coldchain.routing.vrp.FeasibilityChecker;
import io.coldchain.routing.vrp.SolverMonitor;
import io.coldchain.routing.vrp.SolverOptions;
import io.coldchain.routing.vrp.VrpSolution;
import io.coldchain.routing.vrp.VrpSolver;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reads the shared Solomon instances (skipped with a message when ../shared is absent). */
class SolomonInstanceTest {

    static final Path DATA = Path.of("../../shared/data/solomon");

    @Test
    void readsC101() throws Exception {
        assumeTrue(Files.isDirectory(DATA), "../shared/data/solomon is absent: Solomon tests skipped");
        SolomonInstance c101 = SolomonInstance.read(DATA.resolve("C101.txt"));
        assertThat(c101.customers()).isEqualTo(100);
        assertThat(c101.vehicles()).isEqualTo(25);
        assertThat(c101.capacity()).isEqualTo(200);
        assertThat(c101.due()[0]).isEqualTo(1236);
        assertThat(c101.service()[1]).isEqualTo(90);
        assertThat(c101.distance(0, 1)).isEqualTo(Math.hypot(5, 18));
    }

    @Test
    void solvesR101FeasiblyWithinTheFleet() throws Exception {
        assumeTrue(Files.isDirectory(DATA), "../shared/data/solomon is absent: Solomon tests skipped");
        SolomonInstance r101 = SolomonInstance.read(DATA.resolve("R101.txt"));
        var problem = r101.toProblem();
        VrpSolution solution =
                new VrpSolver().solve(problem, SolverOptions.iterationLimited(1, 20_000), SolverMonitor.NONE);
        assertThat(solution.unassignedJobIds()).isEmpty();
        assertThat(new FeasibilityChecker(problem).check(solution)).isEmpty();
        // BKS is 19 vehicles: a short run lands near it
        assertThat(solution.vehicles()).isLessThanOrEqualTo(21);
    }
}
