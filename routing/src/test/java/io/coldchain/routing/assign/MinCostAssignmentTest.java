package io.coldchain.routing.assign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The exact assignment against brute force on small cases, and against the greedy baseline. */
class MinCostAssignmentTest {

    @Test
    void matchesBruteForceOnRandomSmallCases() {
        SplittableRandom rnd = new SplittableRandom(17);
        for (int round = 0; round < 300; round++) {
            AssignmentProblem problem = randomProblem(rnd, 1 + rnd.nextInt(7), 1 + rnd.nextInt(3), round % 3 == 0);
            Assignment exact = MinCostAssignment.solve(problem);
            assertThat(exact.violation(problem)).as("round %d", round).isNull();
            double[] best = BruteForce.best(problem);
            assertThat(exact.unassigned()).as("round %d unplaced", round).isEqualTo((int) best[0]);
            assertThat(exact.cost()).as("round %d cost", round).isCloseTo(best[1], within(1e-6));
        }
    }

    @Test
    void aSmallParcelTakesALargeCompartmentOnlyWhenThatPays() {
        // one point with one S and one L compartment; an L parcel and an S parcel: both fit only one way
        var point = new AssignmentProblem.PickupPoint("P", Map.of("CHILLED", new int[] {1, 0, 1, 0}));
        var problem = new AssignmentProblem(
                List.of(
                        new AssignmentProblem.Demand("small", "CHILLED", 0),
                        new AssignmentProblem.Demand("large", "CHILLED", 2)),
                List.of(point),
                new double[][] {{5}, {5}},
                null);
        Assignment exact = MinCostAssignment.solve(problem);
        assertThat(exact.unassigned()).isZero();
        assertThat(exact.size()).containsExactly(0, 2);
    }

    @Test
    void zonesNeverMix() {
        var point = new AssignmentProblem.PickupPoint("P", Map.of("FROZEN", new int[] {0, 5, 0, 0}));
        var problem = new AssignmentProblem(
                List.of(new AssignmentProblem.Demand("chilled", "CHILLED", 0)),
                List.of(point),
                new double[][] {{1}},
                null);
        assertThat(MinCostAssignment.solve(problem).point()).containsExactly(-1);
    }

    @Test
    void penaltyLeavesAFarDemandUnplaced() {
        var point = new AssignmentProblem.PickupPoint("P", Map.of("AMBIENT", new int[] {5, 0, 0, 0}));
        var problem = new AssignmentProblem(
                List.of(
                        new AssignmentProblem.Demand("near", "AMBIENT", 0),
                        new AssignmentProblem.Demand("far", "AMBIENT", 0)),
                List.of(point),
                new double[][] {{10}, {900}},
                500.0);
        Assignment exact = MinCostAssignment.solve(problem);
        assertThat(exact.point()).containsExactly(0, -1);
        assertThat(exact.cost()).isEqualTo(10);
    }

    @Test
    void exactIsNeverWorseThanGreedy() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int round = 0; round < 20; round++) {
            AssignmentProblem problem = randomProblem(rnd, 200, 12, false);
            Assignment exact = MinCostAssignment.solve(problem);
            Assignment greedy = GreedyAssignment.solve(problem);
            assertThat(exact.violation(problem)).isNull();
            assertThat(greedy.violation(problem)).isNull();
            assertThat(exact.unassigned()).isLessThanOrEqualTo(greedy.unassigned());
            if (exact.unassigned() == greedy.unassigned()) {
                assertThat(exact.cost()).isLessThanOrEqualTo(greedy.cost() + 1e-6);
            }
        }
    }

    static AssignmentProblem randomProblem(SplittableRandom rnd, int n, int m, boolean withPenalty) {
        String[] zones = {"CHILLED", "FROZEN"};
        List<AssignmentProblem.Demand> demands = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            demands.add(
                    new AssignmentProblem.Demand("d" + d, zones[rnd.nextInt(2)], rnd.nextInt(AssignmentProblem.SIZES)));
        }
        List<AssignmentProblem.PickupPoint> points = new ArrayList<>();
        for (int p = 0; p < m; p++) {
            int scale = Math.max(1, n / (m * 3));
            points.add(new AssignmentProblem.PickupPoint(
                    "p" + p,
                    Map.of(
                            "CHILLED", counts(rnd, scale),
                            "FROZEN", counts(rnd, scale))));
        }
        double[][] cost = new double[n][m];
        for (int d = 0; d < n; d++) {
            for (int p = 0; p < m; p++) {
                cost[d][p] = Math.round(rnd.nextDouble(100) * 10) / 10.0;
            }
        }
        return new AssignmentProblem(demands, points, cost, withPenalty ? 40.0 : null);
    }

    private static int[] counts(SplittableRandom rnd, int scale) {
        int[] counts = new int[AssignmentProblem.SIZES];
        for (int s = 0; s < counts.length; s++) {
            counts[s] = rnd.nextInt(scale + 1);
        }
        return counts;
    }
}
