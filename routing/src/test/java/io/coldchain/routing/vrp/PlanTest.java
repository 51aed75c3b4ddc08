package io.coldchain.routing.vrp;

import static io.coldchain.routing.vrp.VrpFixtures.fleet;
import static io.coldchain.routing.vrp.VrpFixtures.job;
import static io.coldchain.routing.vrp.VrpFixtures.plane;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {

    private static final double[][] POINTS = {{0, 0}, {1, 0}, {2, 0}, {0, 1}, {0, 2}};

    private final Model m = new Model(new VrpProblem(
            List.of(job("a", 1, 1), job("b", 2, 1), job("c", 3, 1), job("d", 4, 1)),
            fleet(2, 0, 10),
            plane(POINTS),
            Objective.DISTANCE));

    @Test
    void twoRoutesSwappingJobsOneAfterTheOtherKeepEveryJobServedOnce() {
        Plan plan = new Plan(m);
        plan.set(0, RouteState.of(m, 0, new int[] {0, 1}));
        plan.set(1, RouteState.of(m, 1, new int[] {2, 3}));
        assertThat(plan.unassigned).isZero();

        // swap b and c: route 0 first takes c while route 1 still holds it
        plan.set(0, RouteState.of(m, 0, new int[] {0, 2}));
        plan.set(1, RouteState.of(m, 1, new int[] {1, 3}));

        assertThat(plan.unassigned).isZero();
        assertThat(plan.unassignedJobs()).isEmpty();
        assertThat(plan.routeOf).containsExactly(0, 1, 0, 1);
        assertThat(plan.used).isEqualTo(2);
    }

    @Test
    void aJobDroppedFromItsRouteCountsAsUnassigned() {
        Plan plan = new Plan(m);
        plan.set(0, RouteState.of(m, 0, new int[] {0, 1, 2}));
        plan.set(0, RouteState.of(m, 0, new int[] {0, 2}));

        assertThat(plan.unassigned).isEqualTo(2);
        assertThat(plan.unassignedJobs()).containsExactly(1, 3);
    }
}
