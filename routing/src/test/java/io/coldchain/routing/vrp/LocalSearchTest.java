package io.coldchain.routing.vrp;

import static io.coldchain.routing.vrp.VrpFixtures.randomProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The genetic search's local search: its constant-time prices against a walk along the route, and
 * what education promises (every job once, never dearer, feasible when prices are high and the
 * problem loose).
 */
class LocalSearchTest {

    @Test
    void segmentsPriceARouteAsAWalkAlongItDoes() {
        // tight windows and small vans: most random sequences break both
        Model m = new Model(randomProblem(30, 5, 40, 25));
        SplittableRandom rnd = new SplittableRandom(1);
        Penalties penalties = new Penalties(3, 7);
        SegmentRoute route = new SegmentRoute(m, 0, 4);
        for (int trial = 0; trial < 300; trial++) {
            int[] seq = randomSequence(m, rnd, 1 + rnd.nextInt(m.jobs));
            route.set(seq, seq.length, penalties);
            Individual walked = new Individual(m, new int[][] {seq});
            assertThat(route.cost).isCloseTo(walked.cost, within(1e-9));
            assertThat(route.timeWarp).isCloseTo(walked.timeWarp, within(1e-9));
            assertThat(route.excess).isCloseTo(walked.excess, within(1e-9));
            assertThat(route.penalised).isCloseTo(walked.penalised(penalties), within(1e-9));
        }
    }

    @Test
    void everyMoveCostsWhatItWasPricedAtAndEducationNeverCostsMore() {
        for (long seed = 1; seed <= 20; seed++) {
            Model m = new Model(randomProblem(60, seed, 30 + 10 * seed, 40));
            SplittableRandom rnd = new SplittableRandom(seed);
            int slots = 3 + rnd.nextInt(6);
            LocalSearch ls = new LocalSearch(m, rnd, servable(m), slots);
            ls.audit = true;
            Penalties penalties = new Penalties(0.5 + rnd.nextDouble(20), 0.5 + rnd.nextDouble(20));
            Individual start = randomIndividual(m, rnd, slots);
            Individual educated = ls.educate(start, penalties);
            assertThat(ls.auditFailures)
                    .as("moves priced wrongly, seed %d", seed)
                    .isZero();
            assertEveryJobOnce(m, educated);
            assertThat(educated.penalised(penalties)).isLessThanOrEqualTo(start.penalised(penalties) + 1e-6);
        }
    }

    @Test
    void aJobsNeighboursAreNearInTimeAsWellAsInSpace() {
        // j at x=10, open 0..10; a is 2 away but opens at 500; b is 5 away and open when j is
        VrpProblem p = new VrpProblem(
                java.util.List.of(
                        VrpFixtures.job("j", 1, 1, 0, 10),
                        VrpFixtures.job("a", 2, 1, 500, 510),
                        VrpFixtures.job("b", 3, 1, 0, 20)),
                VrpFixtures.fleet(2, 0, 10),
                VrpFixtures.plane(
                        new double[] {0, 0}, new double[] {10, 0}, new double[] {12, 0}, new double[] {15, 0}),
                Objective.DISTANCE);
        Model m = new Model(p);
        LocalSearch ls = new LocalSearch(m, new SplittableRandom(1), servable(m), 2);
        // by distance alone a would come first; waiting 488 for it puts it behind b
        assertThat(ls.granular(0)).containsExactly(2, 1);
        // for a, b (3 away, open until 20) is a shorter wait than j (2 away, open until 10)
        assertThat(ls.granular(1)).containsExactly(2, 0);
    }

    @Test
    void missingJobsArePutBack() {
        Model m = new Model(randomProblem(40, 3));
        SplittableRandom rnd = new SplittableRandom(3);
        LocalSearch ls = new LocalSearch(m, rnd, servable(m), 4);
        Individual partial = new Individual(m, new int[][] {{0, 1, 2}, {}, {5}, {}});
        assertThat(partial.complete).isFalse();
        Individual educated = ls.educate(partial, new Penalties(10, 10));
        assertEveryJobOnce(m, educated);
        assertThat(educated.complete).isTrue();
    }

    @Test
    void aLooseProblemComesOutFeasibleAtHighPrices() {
        // wide windows, room in the vans: high prices leave the search no reason to break anything
        Model m = new Model(randomProblem(50, 9, 1000, 200));
        SplittableRandom rnd = new SplittableRandom(9);
        LocalSearch ls = new LocalSearch(m, rnd, servable(m), 6);
        Individual educated = ls.educate(randomIndividual(m, rnd, 6), new Penalties(1000, 1000));
        assertThat(educated.feasible()).isTrue();
    }

    static int[] servable(Model m) {
        return java.util.stream.IntStream.range(0, m.jobs)
                .filter(j -> m.servable[j])
                .toArray();
    }

    static Individual randomIndividual(Model m, SplittableRandom rnd, int slots) {
        java.util.List<java.util.List<Integer>> routes = new java.util.ArrayList<>();
        for (int r = 0; r < slots; r++) {
            routes.add(new java.util.ArrayList<>());
        }
        for (int j : servable(m)) {
            java.util.List<Integer> route = routes.get(rnd.nextInt(slots));
            route.add(rnd.nextInt(route.size() + 1), j);
        }
        return new Individual(
                m,
                routes.stream()
                        .map(r -> r.stream().mapToInt(Integer::intValue).toArray())
                        .toArray(int[][]::new));
    }

    private static int[] randomSequence(Model m, SplittableRandom rnd, int length) {
        int[] all = java.util.stream.IntStream.range(0, m.jobs).toArray();
        for (int i = all.length - 1; i > 0; i--) {
            int k = rnd.nextInt(i + 1);
            int tmp = all[i];
            all[i] = all[k];
            all[k] = tmp;
        }
        return java.util.Arrays.copyOf(all, length);
    }

    private static void assertEveryJobOnce(Model m, Individual x) {
        int[] seen = new int[m.jobs];
        for (int[] route : x.routes) {
            for (int j : route) {
                seen[j]++;
            }
        }
        for (int j : servable(m)) {
            assertThat(seen[j]).as("job %d", j).isEqualTo(1);
        }
    }
}
