package io.coldchain.routing.vrp;

import static io.coldchain.routing.vrp.VrpFixtures.plane;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker accepts a correct solution and names the constraint each broken one breaks. */
class FeasibilityCheckerTest {

    // depot A at 0 (0,0), depot B at 3 (0,30); jobs at 1 (10,0) and 2 (20,0)
    private final TravelCosts costs =
            plane(new double[] {0, 0}, new double[] {10, 0}, new double[] {20, 0}, new double[] {0, 30});
    private final VrpJob a = VrpJob.simple("a", 1, new double[] {4}, new TimeWindow(0, 100), 5);
    private final VrpJob b = new VrpJob("b", 2, new double[] {4}, List.of(new TimeWindow(0, 100)), 5, "A", 50);
    private final VrpVehicle va = new VrpVehicle("va", "A", 0, new double[] {10}, 0, 200);
    private final VrpVehicle vb = new VrpVehicle("vb", "B", 3, new double[] {10}, 0, 200);
    private final VrpProblem problem = new VrpProblem(List.of(a, b), List.of(va, vb), costs, Objective.DISTANCE);
    private final FeasibilityChecker checker = new FeasibilityChecker(problem);

    /** va: depot -> a (arrive 10, leave 15) -> b (arrive 25, leave 30) -> depot (50); cost 40. */
    private VrpSolution valid() {
        return new VrpSolution(
                List.of(new VrpSolution.Route(
                        "va",
                        List.of(new VrpSolution.Stop("a", 10, 10, 15), new VrpSolution.Stop("b", 25, 25, 30)),
                        0,
                        50,
                        40)),
                List.of(),
                40);
    }

    @Test
    void acceptsAFeasibleSolution() {
        assertThat(checker.check(valid())).isEmpty();
    }

    @Test
    void rejectsAMissingJob() {
        VrpSolution missing = new VrpSolution(
                List.of(new VrpSolution.Route("va", List.of(new VrpSolution.Stop("a", 10, 10, 15)), 0, 30, 20)),
                List.of(),
                20);
        assertThat(constraints(missing)).contains(FeasibilityChecker.EVERY_JOB_ONCE);
    }

    @Test
    void rejectsAJobServedTwice() {
        VrpSolution twice = new VrpSolution(valid().routes(), List.of("a"), 40);
        assertThat(constraints(twice)).contains(FeasibilityChecker.EVERY_JOB_ONCE);
    }

    @Test
    void rejectsAVehicleUsedTwice() {
        List<VrpSolution.Route> routes = new ArrayList<>(valid().routes());
        routes.add(new VrpSolution.Route("va", List.of(), 0, 0, 0));
        assertThat(constraints(new VrpSolution(routes, List.of(), 40))).contains(FeasibilityChecker.VEHICLE_ONCE);
    }

    @Test
    void rejectsOverCapacity() {
        VrpProblem small = new VrpProblem(
                problem.jobs(),
                List.of(new VrpVehicle("va", "A", 0, new double[] {7}, 0, 200), vb),
                costs,
                Objective.DISTANCE);
        assertThat(new FeasibilityChecker(small).check(valid()))
                .extracting(FeasibilityChecker.Violation::constraint)
                .contains(FeasibilityChecker.CAPACITY);
    }

    @Test
    void rejectsALateArrival() {
        VrpProblem tight = new VrpProblem(
                List.of(VrpJob.simple("a", 1, new double[] {4}, new TimeWindow(0, 5), 5), b),
                problem.vehicles(),
                costs,
                Objective.DISTANCE);
        assertThat(new FeasibilityChecker(tight).check(valid()))
                .extracting(FeasibilityChecker.Violation::constraint)
                .contains(FeasibilityChecker.TIME_WINDOWS);
    }

    @Test
    void rejectsAReturnAfterTheShift() {
        VrpProblem shortShift = new VrpProblem(
                problem.jobs(),
                List.of(new VrpVehicle("va", "A", 0, new double[] {10}, 0, 45), vb),
                costs,
                Objective.DISTANCE);
        assertThat(new FeasibilityChecker(shortShift).check(valid()))
                .extracting(FeasibilityChecker.Violation::constraint)
                .contains(FeasibilityChecker.SHIFT);
    }

    @Test
    void rejectsAJobCarriedFromTheWrongDepot() {
        // b belongs to depot A; vb starts at B: (0,30) -> b (20,0) is 36.06
        double d = Math.hypot(20, 30);
        VrpSolution wrongDepot = new VrpSolution(
                List.of(
                        new VrpSolution.Route("va", List.of(new VrpSolution.Stop("a", 10, 10, 15)), 0, 25, 20),
                        new VrpSolution.Route(
                                "vb", List.of(new VrpSolution.Stop("b", d, d, d + 5)), 0, 2 * d + 5, 2 * d)),
                List.of(),
                20 + 2 * d);
        assertThat(constraints(wrongDepot)).containsExactly(FeasibilityChecker.DEPOT);
    }

    @Test
    void rejectsAColdRideOverItsLimit() {
        VrpJob slowA = VrpJob.simple("a", 1, new double[] {4}, new TimeWindow(0, 100), 40);
        VrpProblem slow = new VrpProblem(List.of(slowA, b), problem.vehicles(), costs, Objective.DISTANCE);
        VrpSolution solution = new VrpSolution(
                List.of(new VrpSolution.Route(
                        "va",
                        List.of(new VrpSolution.Stop("a", 10, 10, 50), new VrpSolution.Stop("b", 60, 60, 65)),
                        0,
                        85,
                        40)),
                List.of(),
                40);
        assertThat(new FeasibilityChecker(slow).check(solution))
                .extracting(FeasibilityChecker.Violation::constraint)
                .containsExactly(FeasibilityChecker.RIDE_TIME);
    }

    @Test
    void rejectsAMisreportedCost() {
        VrpSolution cheap = new VrpSolution(valid().routes(), List.of(), 30);
        assertThat(constraints(cheap)).containsExactly(FeasibilityChecker.REPORTED);
    }

    private List<String> constraints(VrpSolution solution) {
        return checker.check(solution).stream()
                .map(FeasibilityChecker.Violation::constraint)
                .distinct()
                .toList();
    }
}
