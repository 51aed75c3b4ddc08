package io.coldchain.routing.vrp;

import static io.coldchain.routing.vrp.VrpFixtures.randomProblem;
import static io.coldchain.routing.vrp.VrpFixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coldchain.routing.solomon.SolomonInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The genetic search as the solver runs it: where it applies, that it finds a route fewer where
 * there is one, that a seed and an iteration limit fix its answer, and a best-known solution within
 * a fixed number of iterations (skipped with a message when ../shared is absent).
 */
class GeneticSearchTest {

    @Test
    void appliesToOneVehicleClassWithOneWindowEachAndNoRideLimits() {
        assertThat(GeneticSearch.applies(new Model(randomProblem(20, 1)))).isTrue();
        VrpProblem loose = randomProblem(20, 1);
        List<VrpJob> cold = new ArrayList<>();
        for (VrpJob job : loose.jobs()) {
            cold.add(new VrpJob(job.id(), job.location(), job.demand(), job.windows(), job.serviceTime(), null, 90));
        }
        VrpProblem withRideLimits = new VrpProblem(cold, loose.vehicles(), loose.costs(), loose.objective());
        assertThat(GeneticSearch.applies(new Model(withRideLimits))).isFalse();
    }

    @Test
    void findsAPlanOnOneRouteFewerWhereThereIsOne() {
        // wide windows and roomy vans: the greedy start uses more routes than the jobs need
        Model m = new Model(randomProblem(40, 8, 400, 60));
        Plan start = new Plan(m);
        List<Integer> all = new ArrayList<>();
        for (int j = 0; j < m.jobs; j++) {
            all.add(j);
        }
        // one route per job to begin with: plenty to take away
        for (int j = 0; j < 8; j++) {
            start.set(j, RouteState.of(m, j, new int[] {j}));
        }
        new RuinRecreate(m, new SplittableRandom(8)).recreate(start, all.subList(8, all.size()), true);
        List<Plan> offered = new ArrayList<>();
        GeneticSearch genetic = new GeneticSearch(m, new SplittableRandom(8), new GeneticSearch.Host() {
            @Override
            public boolean stop() {
                return false;
            }

            @Override
            public void spend(long bred) {}

            @Override
            public void offer(Plan plan) {
                offered.add(plan);
            }
        });
        int[] bred = {0};
        Plan fewer = genetic.withOneRouteFewer(start, () -> ++bred[0] > 5_000);
        assertThat(fewer).isNotNull();
        assertThat(fewer.used).isLessThan(start.used);
        assertThat(fewer.unassigned).isZero();
        assertThat(violations(m.problem, fewer.toSolution())).isEmpty();
        assertThat(offered).hasSize(1);
    }

    @Test
    void aSeedAndAnIterationLimitFixTheAnswer() {
        VrpProblem problem = randomProblem(50, 12);
        SolverOptions options = SolverOptions.iterationLimited(12, 60_000);
        VrpSolution first = new VrpSolver().solve(problem, options, SolverMonitor.NONE);
        VrpSolution second = new VrpSolver().solve(problem, options, SolverMonitor.NONE);
        assertThat(second).isEqualTo(first);
        assertThat(violations(problem, first)).isEmpty();
        assertThat(first.unassignedJobIds()).isEmpty();
    }

    @Test
    void reachesR201sBestKnownSolution() throws Exception {
        Path data = Path.of("../../shared/data/solomon");
        assumeTrue(Files.isDirectory(data), "../shared/data/solomon is absent: Solomon tests skipped");
        VrpProblem problem = SolomonInstance.read(data.resolve("R201.txt")).toProblem();
        VrpSolution solution = new VrpSolver()
                .solve(problem, SolverOptions.iterationLimited(1, 150_000).withThreads(1), SolverMonitor.NONE);
        assertThat(violations(problem, solution)).isEmpty();
        assertThat(solution.unassignedJobIds()).isEmpty();
        // best known: 4 vehicles, 1252.37 (SINTEF)
        assertThat(solution.vehicles()).isEqualTo(4);
        assertThat(solution.cost()).isLessThan(1252.37 * 1.005);
    }
}
