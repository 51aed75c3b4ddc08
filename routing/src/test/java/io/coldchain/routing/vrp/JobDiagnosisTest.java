package io.coldchain.routing.vrp;

import static io.coldchain.routing.vrp.VrpFixtures.plane;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each reason a lone job can be unservable, and the fleet-full case. */
class JobDiagnosisTest {

    // depot at 0 (0,0); job locations 1 (10,0) and 2 (100,0)
    private final TravelCosts costs = plane(new double[] {0, 0}, new double[] {10, 0}, new double[] {100, 0});
    private final VrpVehicle vehicle = new VrpVehicle("v", "A", 0, new double[] {10}, 0, 150);

    private JobDiagnosis.Reason explain(VrpJob job) {
        return JobDiagnosis.explain(new VrpProblem(List.of(job), List.of(vehicle), costs, Objective.TRAVEL_TIME), job);
    }

    private static VrpJob job(int location, double demand, TimeWindow window, String depot, double ride) {
        return new VrpJob("j", location, new double[] {demand}, List.of(window), 5, depot, ride);
    }

    @Test
    void namesAMissingDepot() {
        assertThat(explain(job(1, 1, TimeWindow.always(), "B", 100)).constraint())
                .isEqualTo(JobDiagnosis.NO_VEHICLE);
    }

    @Test
    void namesCapacity() {
        assertThat(explain(job(1, 11, TimeWindow.always(), "A", 100)).constraint())
                .isEqualTo(FeasibilityChecker.CAPACITY);
    }

    @Test
    void namesAWindowThatClosesTooEarly() {
        assertThat(explain(job(1, 1, new TimeWindow(0, 9), "A", 100)).constraint())
                .isEqualTo(FeasibilityChecker.TIME_WINDOWS);
    }

    @Test
    void namesTheRideLimit() {
        assertThat(explain(job(2, 1, TimeWindow.always(), "A", 50)).constraint())
                .isEqualTo(FeasibilityChecker.RIDE_TIME);
    }

    @Test
    void namesTheShift() {
        assertThat(explain(job(2, 1, new TimeWindow(100, 200), "A", 500)).constraint())
                .isEqualTo(FeasibilityChecker.SHIFT);
    }

    @Test
    void aServableJobLeftOutMeansTheFleetIsFull() {
        assertThat(explain(job(1, 1, new TimeWindow(0, 100), "A", 100)).constraint())
                .isEqualTo(JobDiagnosis.FLEET_FULL);
    }
}
