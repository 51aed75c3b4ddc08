package io.coldchain.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.routing.road.GeoPoint;
import io.coldchain.routing.road.TravelMatrix;
import io.coldchain.routing.vrp.FeasibilityChecker;
import io.coldchain.routing.vrp.Objective;
import io.coldchain.routing.vrp.SolverMonitor;
import io.coldchain.routing.vrp.SolverOptions;
import io.coldchain.routing.vrp.TimeWindow;
import io.coldchain.routing.vrp.VrpJob;
import io.coldchain.routing.vrp.VrpProblem;
import io.coldchain.routing.vrp.VrpSolution;
import io.coldchain.routing.vrp.VrpVehicle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade end to end on the generated demo city: map, matrix, and a routed delivery plan. */
class RoutingTest {

    @TempDir
    Path cache;

    @Test
    void demoCityPlansDeliveriesOnRealRoadTimes() {
        try (Routing routing = Routing.open(new Routing.Config(null, cache, new GeoPoint(46.0, 9.0)))) {
            List<GeoPoint> points = new ArrayList<>();
            points.add(new GeoPoint(45.99, 8.99)); // the store
            for (int i = 0; i < 12; i++) {
                points.add(new GeoPoint(45.985 + (i % 4) * 0.01, 8.985 + (i / 4) * 0.012));
            }
            TravelMatrix matrix = routing.matrix(points);
            List<VrpJob> jobs = new ArrayList<>();
            for (int i = 1; i < points.size(); i++) {
                jobs.add(new VrpJob(
                        "stop" + i, i, new double[] {20}, List.of(new TimeWindow(0, 4 * 3600)), 120, null, 45 * 60));
            }
            VrpProblem problem = new VrpProblem(
                    jobs,
                    List.of(
                            new VrpVehicle("van1", "ST", 0, new double[] {200}, 0, 8 * 3600),
                            new VrpVehicle("van2", "ST", 0, new double[] {200}, 0, 8 * 3600)),
                    matrix,
                    Objective.TRAVEL_TIME);
            VrpSolution plan = routing.solve(problem, SolverOptions.iterationLimited(1, 2_000), SolverMonitor.NONE);
            assertThat(plan.unassignedJobIds()).isEmpty();
            assertThat(new FeasibilityChecker(problem).check(plan)).isEmpty();
            assertThat(plan.vehicles()).isEqualTo(2); // 12 x 20 > 200
            assertThat(plan.cost()).isPositive();
        }
    }
}
