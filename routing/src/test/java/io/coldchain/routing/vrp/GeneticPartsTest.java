package io.coldchain.routing.vrp;

import static io.coldchain.routing.vrp.LocalSearchTest.randomIndividual;
import static io.coldchain.routing.vrp.LocalSearchTest.servable;
import static io.coldchain.routing.vrp.VrpFixtures.randomProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The genetic search's crossover, population and prices, each on its own. */
class GeneticPartsTest {

    private final Model m = new Model(randomProblem(60, 4));

    @Test
    void crossoverServesNoJobTwiceAndKeepsWithinTheFleet() {
        SplittableRandom rnd = new SplittableRandom(4);
        Srex srex = new Srex(m, rnd, servable(m));
        Penalties penalties = new Penalties(1, 1);
        for (int trial = 0; trial < 200; trial++) {
            int slots = 2 + rnd.nextInt(8);
            Individual a = randomIndividual(m, rnd, slots);
            Individual b = randomIndividual(m, rnd, 2 + rnd.nextInt(slots - 1));
            Individual child = srex.cross(a, b, penalties, slots);
            assertThat(child.routes.length).isEqualTo(slots);
            int[] seen = new int[m.jobs];
            for (int[] route : child.routes) {
                for (int j : route) {
                    seen[j]++;
                }
            }
            for (int j = 0; j < m.jobs; j++) {
                assertThat(seen[j]).as("job %d in trial %d", j, trial).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void crossoverOfASolutionWithItselfGivesItBack() {
        SplittableRandom rnd = new SplittableRandom(5);
        Srex srex = new Srex(m, rnd, servable(m));
        Individual a = randomIndividual(m, rnd, 5);
        Individual child = srex.cross(a, a, new Penalties(1, 1), 5);
        assertThat(child.complete).isTrue();
        assertThat(child.distance(a, servable(m))).isZero();
    }

    @Test
    void thePopulationIsCutBackToMuDroppingClonesFirst() {
        SplittableRandom rnd = new SplittableRandom(6);
        Population population = new Population(rnd, servable(m));
        Penalties penalties = new Penalties(1, 1);
        Individual twin = randomIndividual(m, rnd, 5);
        population.add(twin, penalties);
        population.add(new Individual(m, twin.routes), penalties);
        int grownTo = 0;
        for (int i = 0; i < Population.MU + Population.LAMBDA - 1; i++) {
            population.add(randomIndividual(m, rnd, 5), penalties);
            grownTo = Math.max(grownTo, population.size());
        }
        // random solutions are infeasible here: one subpopulation grew to its limit and was cut
        assertThat(grownTo).isEqualTo(Population.MU + Population.LAMBDA);
        assertThat(population.size()).isEqualTo(Population.MU);
        long twins = population.members().stream()
                .filter(x -> x.distance(twin, servable(m)) == 0)
                .count();
        assertThat(twins).as("of two clones one went first").isEqualTo(1);
    }

    @Test
    void pricesRiseWhileSolutionsBreakAConstraintAndFallWhileTheyKeepIt() {
        Penalties penalties = new Penalties(10, 10);
        for (int i = 0; i < 500; i++) {
            penalties.observe(true, false);
        }
        assertThat(penalties.load).isLessThan(10);
        assertThat(penalties.warp).isGreaterThan(10);
    }
}
