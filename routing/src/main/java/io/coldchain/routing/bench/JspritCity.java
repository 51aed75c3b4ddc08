package io.coldchain.routing.bench;

import com.graphhopper.jsprit.core.problem.Location;
import com.graphhopper.jsprit.core.problem.VehicleRoutingProblem;
import com.graphhopper.jsprit.core.problem.job.Delivery;
import com.graphhopper.jsprit.core.problem.job.Job;
import com.graphhopper.jsprit.core.problem.solution.VehicleRoutingProblemSolution;
import com.graphhopper.jsprit.core.problem.solution.route.VehicleRoute;
import com.graphhopper.jsprit.core.problem.solution.route.activity.TimeWindow;
import com.graphhopper.jsprit.core.problem.solution.route.activity.TourActivity;
import com.graphhopper.jsprit.core.problem.vehicle.VehicleImpl;
import com.graphhopper.jsprit.core.problem.vehicle.VehicleTypeImpl;
import com.graphhopper.jsprit.core.util.VehicleRoutingTransportCostsMatrix;
import io.coldchain.routing.vrp.TravelCosts;
import io.coldchain.routing.vrp.VrpJob;
import io.coldchain.routing.vrp.VrpProblem;
import io.coldchain.routing.vrp.VrpSolution;
import io.coldchain.routing.vrp.VrpVehicle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * jsprit 1.9.0-beta.11 on one of our problems: the same time matrix (cost = seconds driven), the
 * depot as a skill, capacities per dimension, windows, the cold ride limit as jsprit's maximum time
 * in vehicle, and a fixed cost per van so that fewer vans win first. The answer is replayed into
 * our solution shape from each route's departure, for {@code FeasibilityChecker} to judge.
 */
final class JspritCity {

    /** Per-van fixed cost in seconds: more than a van's whole shift. */
    private static final double FIXED_COST = 100_000;

    private JspritCity() {}

    static VrpSolution solve(VrpProblem problem, Duration budget, long seed) {
        TravelCosts costs = problem.costs();
        VehicleRoutingTransportCostsMatrix.Builder matrix =
                VehicleRoutingTransportCostsMatrix.Builder.newInstance(false);
        for (int a = 0; a < costs.size(); a++) {
            for (int b = 0; b < costs.size(); b++) {
                matrix.addTransportTime(Integer.toString(a), Integer.toString(b), costs.time(a, b));
                matrix.addTransportDistance(Integer.toString(a), Integer.toString(b), costs.time(a, b));
            }
        }
        VehicleRoutingProblem.Builder builder = VehicleRoutingProblem.Builder.newInstance()
                .setFleetSize(VehicleRoutingProblem.FleetSize.FINITE)
                .setRoutingCost(matrix.build());
        Map<String, VrpVehicle> vehicles = new HashMap<>();
        for (VrpVehicle v : problem.vehicles()) {
            VehicleTypeImpl.Builder type = VehicleTypeImpl.Builder.newInstance("van-" + v.id())
                    .setCostPerDistance(0)
                    .setCostPerTransportTime(1)
                    .setFixedCost(FIXED_COST);
            for (int d = 0; d < v.capacity().length; d++) {
                type.addCapacityDimension(d, (int) v.capacity()[d]);
            }
            builder.addVehicle(VehicleImpl.Builder.newInstance(v.id())
                    .setStartLocation(Location.newInstance(Integer.toString(v.depotLocation())))
                    .setType(type.build())
                    .setEarliestStart(v.shiftStart())
                    .setLatestArrival(v.shiftEnd())
                    .addSkill(v.depotId())
                    .build());
            vehicles.put(v.id(), v);
        }
        for (VrpJob job : problem.jobs()) {
            Delivery.Builder delivery = Delivery.Builder.newInstance(job.id());
            delivery.setLocation(Location.newInstance(Integer.toString(job.location())));
            delivery.setServiceTime(job.serviceTime());
            job.windows().forEach(w -> delivery.addTimeWindow(TimeWindow.newInstance(w.start(), w.end())));
            for (int d = 0; d < job.demand().length; d++) {
                delivery.addSizeDimension(d, (int) job.demand()[d]);
            }
            if (job.depotId() != null) {
                delivery.addRequiredSkill(job.depotId());
            }
            if (job.maxRideTime() != Double.POSITIVE_INFINITY) {
                delivery.setMaxTimeInVehicle(job.maxRideTime());
            }
            builder.addJob(delivery.build());
        }
        return replay(problem, JspritPeer.bestWithin(builder.build(), budget, 2, seed), vehicles);
    }

    private static VrpSolution replay(
            VrpProblem problem, VehicleRoutingProblemSolution best, Map<String, VrpVehicle> vehicles) {
        Map<String, VrpJob> jobs = new HashMap<>();
        problem.jobs().forEach(j -> jobs.put(j.id(), j));
        TravelCosts costs = problem.costs();
        List<VrpSolution.Route> routes = new ArrayList<>();
        double total = 0;
        for (VehicleRoute route : best.getRoutes()) {
            VrpVehicle vehicle = vehicles.get(route.getVehicle().getId());
            double departure = route.getStart().getEndTime();
            double t = departure;
            int prev = vehicle.depotLocation();
            double cost = 0;
            List<VrpSolution.Stop> stops = new ArrayList<>();
            for (TourActivity activity : route.getActivities()) {
                if (!(activity instanceof TourActivity.JobActivity act)) {
                    continue;
                }
                VrpJob job = jobs.get(act.getJob().getId());
                double arrival = t + costs.time(prev, job.location());
                cost += costs.time(prev, job.location());
                double start = arrival;
                for (var w : job.windows()) {
                    if (arrival <= w.end()) {
                        start = Math.max(arrival, w.start());
                        break;
                    }
                }
                stops.add(new VrpSolution.Stop(job.id(), arrival, start, start + job.serviceTime()));
                t = start + job.serviceTime();
                prev = job.location();
            }
            cost += costs.time(prev, vehicle.depotLocation());
            routes.add(new VrpSolution.Route(
                    vehicle.id(), stops, departure, t + costs.time(prev, vehicle.depotLocation()), cost));
            total += cost;
        }
        List<String> unassigned =
                best.getUnassignedJobs().stream().map(Job::getId).toList();
        return new VrpSolution(routes, unassigned, total);
    }
}
