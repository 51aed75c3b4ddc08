package io.coldchain.routing.bench;

import com.graphhopper.jsprit.core.algorithm.VehicleRoutingAlgorithm;
import com.graphhopper.jsprit.core.algorithm.box.Jsprit;
import com.graphhopper.jsprit.core.algorithm.termination.TimeTermination;
import com.graphhopper.jsprit.core.problem.Location;
import com.graphhopper.jsprit.core.problem.VehicleRoutingProblem;
import com.graphhopper.jsprit.core.problem.job.Service;
import com.graphhopper.jsprit.core.problem.solution.VehicleRoutingProblemSolution;
import com.graphhopper.jsprit.core.problem.solution.route.VehicleRoute;
import com.graphhopper.jsprit.core.problem.solution.route.activity.TimeWindow;
import com.graphhopper.jsprit.core.problem.solution.route.activity.TourActivity;
import com.graphhopper.jsprit.core.problem.vehicle.VehicleImpl;
import com.graphhopper.jsprit.core.problem.vehicle.VehicleType;
import com.graphhopper.jsprit.core.problem.vehicle.VehicleTypeImpl;
import com.graphhopper.jsprit.core.util.Solutions;
import io.coldchain.routing.solomon.SolomonInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * jsprit 1.9.0-beta.11 on a Solomon instance at a wall-clock budget: the fleet of the instance
 * (finite), a fixed cost per vehicle so fewer vehicles win first, crow-fly (Euclidean) costs with
 * time equal to distance. Returns customer sequences; an unserved customer makes it infeasible.
 */
final class JspritPeer {

    /** Per-vehicle fixed cost: larger than any distance a vehicle saves on these instances. */
    private static final double FIXED_COST = 1000;

    private JspritPeer() {}

    static List<List<Integer>> solve(SolomonInstance instance, Duration budget, long seed) {
        VehicleType type = VehicleTypeImpl.Builder.newInstance("solomon")
                .addCapacityDimension(0, (int) instance.capacity())
                .setFixedCost(FIXED_COST)
                .build();
        VehicleRoutingProblem.Builder builder =
                VehicleRoutingProblem.Builder.newInstance().setFleetSize(VehicleRoutingProblem.FleetSize.FINITE);
        Location depot = Location.newInstance(instance.x()[0], instance.y()[0]);
        for (int v = 0; v < instance.vehicles(); v++) {
            builder.addVehicle(VehicleImpl.Builder.newInstance("v" + v)
                    .setStartLocation(depot)
                    .setType(type)
                    .setEarliestStart(instance.ready()[0])
                    .setLatestArrival(instance.due()[0])
                    .build());
        }
        for (int c = 1; c <= instance.customers(); c++) {
            builder.addJob(Service.Builder.newInstance(Integer.toString(c))
                    .addSizeDimension(0, (int) instance.demand()[c])
                    .setLocation(Location.newInstance(instance.x()[c], instance.y()[c]))
                    .setServiceTime(instance.service()[c])
                    .setTimeWindow(TimeWindow.newInstance(instance.ready()[c], instance.due()[c]))
                    .build());
        }
        VehicleRoutingProblemSolution best = bestWithin(builder.build(), budget, 1, seed);
        List<List<Integer>> routes = new ArrayList<>();
        for (VehicleRoute route : best.getRoutes()) {
            List<Integer> seq = new ArrayList<>();
            for (TourActivity activity : route.getActivities()) {
                if (activity instanceof TourActivity.JobActivity job) {
                    seq.add(Integer.parseInt(job.getJob().getId()));
                }
            }
            routes.add(seq);
        }
        return routes;
    }

    /** jsprit's best solution after {@code budget} of wall clock (checked between its iterations). */
    static VehicleRoutingProblemSolution bestWithin(
            VehicleRoutingProblem problem, Duration budget, int threads, long seed) {
        VehicleRoutingAlgorithm algorithm = Jsprit.Builder.newInstance(problem)
                .setProperty(Jsprit.Parameter.THREADS, Integer.toString(threads))
                .setRandom(new java.util.Random(seed))
                .buildAlgorithm();
        algorithm.setMaxIterations(Integer.MAX_VALUE);
        TimeTermination termination = new TimeTermination(budget.toMillis());
        algorithm.addTerminationCriterion(termination);
        algorithm.addListener(termination);
        return Solutions.bestOf(algorithm.searchSolutions());
    }
}
