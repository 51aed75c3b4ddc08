package io.coldchain.routing.vrp;

import static io.coldchain.routing.vrp.VrpFixtures.fleet;
import static io.coldchain.routing.vrp.VrpFixtures.job;
import static io.coldchain.routing.vrp.VrpFixtures.plane;
import static io.coldchain.routing.vrp.VrpFixtures.randomProblem;
import static io.coldchain.routing.vrp.VrpFixtures.solve;
import static io.coldchain.routing.vrp.VrpFixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One test per constraint of the solver, each on a problem where breaking it would pay. */
class VrpSolverTest {

    // depot at 0; customers on a line and around
    private final TravelCosts line = plane(
            new double[] {0, 0},
            new double[] {10, 0},
            new double[] {20, 0},
            new double[] {30, 0},
            new double[] {40, 0},
            new double[] {0, 10},
            new double[] {100, 0});

    @Test
    void capacity_isNeverExceeded() {
        VrpProblem problem = new VrpProblem(
                List.of(job("a", 1, 6), job("b", 2, 6), job("c", 3, 6), job("d", 4, 6)),
                fleet(4, 0, 10),
                line,
                Objective.DISTANCE);
        VrpSolution solution = solve(problem);
        assertThat(violations(problem, solution)).isEmpty();
        assertThat(solution.unassignedJobIds()).isEmpty();
        assertThat(solution.vehicles()).isEqualTo(4); // 6 + 6 > 10: one job per vehicle
    }

    @Test
    void timeWindows_forceTheOrderAgainstDistance() {
        // far job "d" must be served first, near job "a" last
        VrpProblem problem = new VrpProblem(
                List.of(job("a", 1, 1, 100, 200), job("d", 4, 1, 0, 45)), fleet(1, 0, 10), line, Objective.DISTANCE);
        VrpSolution solution = solve(problem);
        assertThat(violations(problem, solution)).isEmpty();
        assertThat(solution.routes().get(0).stops())
                .extracting(VrpSolution.Stop::jobId)
                .containsExactly("d", "a");
        assertThat(solution.routes().get(0).stops().get(1).serviceStart()).isEqualTo(100);
    }

    @Test
    void severalTimeWindows_serviceWaitsForTheNextOpenWindow() {
        VrpJob twoWindows = new VrpJob(
                "w",
                3,
                new double[] {1},
                List.of(new TimeWindow(0, 20), new TimeWindow(50, 60)),
                0,
                null,
                Double.POSITIVE_INFINITY);
        VrpProblem problem = new VrpProblem(
                List.of(job("first", 5, 1, 0, 1000), twoWindows, job("late", 4, 1, 0, 1000)),
                List.of(new VrpVehicle("v", "D", 0, new double[] {10}, 15, 1e6)),
                line,
                Objective.DISTANCE);
        VrpSolution solution = solve(problem);
        assertThat(violations(problem, solution)).isEmpty();
        VrpSolution.Stop w = solution.routes().get(0).stops().stream()
                .filter(s -> s.jobId().equals("w"))
                .findFirst()
                .orElseThrow();
        assertThat(w.arrival()).isGreaterThan(20); // the first window cannot be met from a 15 start
        assertThat(w.serviceStart()).isBetween(50.0, 60.0);
    }

    @Test
    void shift_jobsBeyondTheShiftAreReportedUnassigned() {
        VrpProblem problem = new VrpProblem(
                List.of(job("near", 1, 1), job("far", 6, 1)),
                List.of(new VrpVehicle("v", "D", 0, new double[] {10}, 0, 150)),
                line,
                Objective.DISTANCE);
        VrpSolution solution = solve(problem);
        assertThat(violations(problem, solution)).isEmpty();
        assertThat(solution.unassignedJobIds()).containsExactly("far"); // 200 there and back > 150
    }

    @Test
    void depots_jobsRideOnlyFromTheirOwnDepot() {
        // depot A at 0, depot B at location 4; job "x" sits next to A but belongs to B
        VrpJob x = new VrpJob("x", 1, new double[] {1}, List.of(TimeWindow.always()), 0, "B", Double.POSITIVE_INFINITY);
        VrpJob y = new VrpJob("y", 2, new double[] {1}, List.of(TimeWindow.always()), 0, "A", Double.POSITIVE_INFINITY);
        VrpProblem problem = new VrpProblem(
                List.of(x, y),
                List.of(
                        new VrpVehicle("a", "A", 0, new double[] {10}, 0, 1e6),
                        new VrpVehicle("b", "B", 4, new double[] {10}, 0, 1e6)),
                line,
                Objective.DISTANCE);
        VrpSolution solution = solve(problem);
        assertThat(violations(problem, solution)).isEmpty();
        assertThat(vehicleOf(solution, "x")).isEqualTo("b");
        assertThat(vehicleOf(solution, "y")).isEqualTo("a");
    }

    @Test
    void rideTime_coldParcelIsNotCarriedPastItsLimit() {
        // "a" must be served first (window closes at 15) and takes 20; after it the frozen parcel
        // would have ridden 61.6 > 35, so it needs a vehicle of its own
        VrpJob a = VrpJob.simple("a", 5, new double[] {1}, new TimeWindow(0, 15), 20);
        VrpJob frozen = new VrpJob("frozen", 3, new double[] {1}, List.of(TimeWindow.always()), 0, null, 35);
        VrpProblem problem =
                new VrpProblem(List.of(a, frozen, job("b", 4, 1)), fleet(3, 0, 10), line, Objective.DISTANCE);
        VrpSolution solution = solve(problem);
        assertThat(violations(problem, solution)).isEmpty();
        assertThat(solution.unassignedJobIds()).isEmpty();
        assertThat(solution.vehicles()).isEqualTo(2);
        assertThat(vehicleOf(solution, "frozen")).isNotEqualTo(vehicleOf(solution, "a"));
    }

    @Test
    void rideTime_departureIsDelayedRatherThanLettingTheParcelWait() {
        // the chilled job opens at 100, 10 away: leave at 90, not at 0
        VrpJob chilled = new VrpJob("chilled", 1, new double[] {1}, List.of(new TimeWindow(100, 200)), 0, null, 15);
        VrpProblem problem = new VrpProblem(List.of(chilled), fleet(1, 0, 10), line, Objective.DISTANCE);
        VrpSolution solution = solve(problem);
        assertThat(violations(problem, solution)).isEmpty();
        assertThat(solution.unassignedJobIds()).isEmpty();
        assertThat(solution.routes().get(0).departure()).isEqualTo(90);
    }

    @Test
    void vehicles_fewerVehiclesWinOverShorterDistance() {
        // east-west is a long detour (1000) while each is 10 from the depot: two vehicles drive 40,
        // one drives 1020, and fewer vehicles come first
        TravelCosts detour = new TravelCosts() {
            @Override
            public int size() {
                return 3;
            }

            @Override
            public double time(int from, int to) {
                return distance(from, to);
            }

            @Override
            public double distance(int from, int to) {
                return from == to ? 0 : from == 0 || to == 0 ? 10 : 1000;
            }
        };
        VrpProblem problem = new VrpProblem(
                List.of(job("east", 1, 1), job("west", 2, 1)), fleet(2, 0, 10), detour, Objective.DISTANCE);
        VrpSolution solution = solve(problem);
        assertThat(violations(problem, solution)).isEmpty();
        assertThat(solution.vehicles()).isEqualTo(1);
        assertThat(solution.cost()).isEqualTo(1020);
    }

    @Test
    void sameSeedAndIterationsGiveTheSameSolution() {
        VrpProblem problem = randomProblem(40, 3);
        VrpSolution first =
                new VrpSolver().solve(problem, SolverOptions.iterationLimited(11, 2_000), SolverMonitor.NONE);
        VrpSolution second =
                new VrpSolver().solve(problem, SolverOptions.iterationLimited(11, 2_000), SolverMonitor.NONE);
        assertThat(second).isEqualTo(first);
        assertThat(violations(problem, first)).isEmpty();
    }

    @Test
    void progressIsReportedAndCancellationReturnsTheBestSoFar() {
        VrpProblem problem = randomProblem(60, 5);
        List<Double> costs = new ArrayList<>();
        AtomicInteger polls = new AtomicInteger();
        VrpSolution solution = new VrpSolver()
                .solve(problem, SolverOptions.timeLimited(3, Duration.ofMinutes(10)), new SolverMonitor() {
                    @Override
                    public void improved(int vehicles, double cost, int unassigned, long iteration) {
                        costs.add(vehicles * 1e9 + cost);
                    }

                    @Override
                    public boolean cancelled() {
                        return polls.incrementAndGet() > 50;
                    }
                });
        assertThat(polls.get()).isGreaterThan(50);
        assertThat(costs).isNotEmpty().isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(violations(problem, solution)).isEmpty();
        assertThat(solution.unassignedJobIds()).isEmpty();
    }

    @Test
    void aSingleJobIsPlannedAtOnceNotForTheWholeTimeLimit() {
        VrpProblem problem = randomProblem(1, 4);
        List<SolverMonitor.Progress> reports = new ArrayList<>();
        VrpSolution solution = new VrpSolver()
                .solve(problem, SolverOptions.timeLimited(1, Duration.ofMinutes(10)), new SolverMonitor() {
                    @Override
                    public void progress(Progress progress) {
                        reports.add(progress);
                    }
                });
        assertThat(solution.unassignedJobIds()).isEmpty();
        assertThat(reports).last().satisfies(last -> {
            assertThat(last.stopReason()).isEqualTo("trivial");
            assertThat(last.elapsed()).isLessThan(Duration.ofMinutes(10));
        });
    }

    @Test
    void aSearchThatNoLongerImprovesStopsAsConvergedAndReportsAsItGoes() {
        VrpProblem problem = randomProblem(6, 9);
        List<SolverMonitor.Progress> reports = new ArrayList<>();
        VrpSolution solution = new VrpSolver()
                .solve(
                        problem,
                        SolverOptions.timeLimited(2, Duration.ofMinutes(10)).stoppingWhenStalled(0.002),
                        new SolverMonitor() {
                            @Override
                            public void progress(Progress progress) {
                                reports.add(progress);
                            }
                        });
        assertThat(violations(problem, solution)).isEmpty();
        SolverMonitor.Progress last = reports.get(reports.size() - 1);
        assertThat(last.stopReason()).isEqualTo("converged");
        assertThat(last.elapsed()).isLessThan(Duration.ofMinutes(10));
        assertThat(last.sinceImprovement()).isGreaterThanOrEqualTo(Duration.ofMillis(1200));
        assertThat(last.iterations()).isGreaterThan(SolverOptions.MIN_STALL_ITERATIONS);
        // heartbeats while it ran (1.2 s at least without a gain: four a second), iterations rising
        List<SolverMonitor.Progress> running =
                reports.stream().filter(r -> r.stopReason() == null).toList();
        assertThat(running).hasSizeGreaterThanOrEqualTo(3);
        assertThat(running).extracting(SolverMonitor.Progress::iterations).isSorted();
        assertThat(last.cost()).isEqualTo(solution.cost());
    }

    @Test
    void withoutAStallShareTheSearchUsesItsTime() {
        VrpProblem problem = randomProblem(3, 5);
        List<SolverMonitor.Progress> reports = new ArrayList<>();
        new VrpSolver().solve(problem, SolverOptions.timeLimited(1, Duration.ofMillis(600)), new SolverMonitor() {
            @Override
            public void progress(Progress progress) {
                reports.add(progress);
            }
        });
        assertThat(reports.get(reports.size() - 1).stopReason()).isEqualTo("time limit");
    }

    private static String vehicleOf(VrpSolution solution, String jobId) {
        return solution.routes().stream()
                .filter(r -> r.stops().stream().anyMatch(s -> s.jobId().equals(jobId)))
                .map(VrpSolution.Route::vehicleId)
                .findFirst()
                .orElseThrow();
    }
}
