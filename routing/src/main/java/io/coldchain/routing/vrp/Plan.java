package io.coldchain.routing.vrp;

import java.util.ArrayList;
import java.util.List;

/**
 * A working solution: a route state per vehicle (empty when unused) and the unassigned jobs.
 * Copies share route states, which are immutable.
 */
final class Plan {

    final Model m;
    final RouteState[] routes;
    final int[] routeOf; // vehicle serving each job, -1 when unassigned
    double cost;
    int used;
    int unassigned;

    Plan(Model m) {
        this.m = m;
        routes = new RouteState[m.vehicles];
        for (int v = 0; v < m.vehicles; v++) {
            routes[v] = RouteState.empty(m, v);
        }
        routeOf = new int[m.jobs];
        java.util.Arrays.fill(routeOf, -1);
        unassigned = m.jobs;
    }

    private Plan(Plan other) {
        m = other.m;
        routes = other.routes.clone();
        routeOf = other.routeOf.clone();
        cost = other.cost;
        used = other.used;
        unassigned = other.unassigned;
    }

    Plan copy() {
        return new Plan(this);
    }

    /**
     * Gives {@code vehicle} a new route. Two routes exchanging jobs may be set one after the other:
     * a job moving here from a route not yet set stays counted as served, and the other route's
     * update leaves it here.
     */
    void set(int vehicle, RouteState state) {
        RouteState old = routes[vehicle];
        cost += state.cost - old.cost;
        used += (state.size() > 0 ? 1 : 0) - (old.size() > 0 ? 1 : 0);
        for (int j : old.seq) {
            if (routeOf[j] == vehicle) {
                routeOf[j] = -1;
                unassigned++;
            }
        }
        for (int j : state.seq) {
            if (routeOf[j] < 0) {
                unassigned--;
            }
            routeOf[j] = vehicle;
        }
        routes[vehicle] = state;
    }

    List<Integer> unassignedJobs() {
        List<Integer> jobs = new ArrayList<>();
        for (int j = 0; j < m.jobs; j++) {
            if (routeOf[j] < 0) {
                jobs.add(j);
            }
        }
        return jobs;
    }

    /** Lexicographic: unassigned jobs, then vehicles, then cost. */
    double objective(double vehicleWeight, double unassignedWeight) {
        return cost + vehicleWeight * used + unassignedWeight * unassigned;
    }

    VrpSolution toSolution() {
        List<VrpSolution.Route> out = new ArrayList<>();
        for (RouteState route : routes) {
            if (route.size() == 0) {
                continue;
            }
            double departure = route.departure();
            double[] starts = route.startsFrom(departure);
            List<VrpSolution.Stop> stops = new ArrayList<>();
            int prev = m.vehLoc[route.vehicle];
            double t = departure;
            for (int i = 0; i < route.size(); i++) {
                int j = route.seq[i];
                double arrival = t + m.time[prev][m.jobLoc[j]];
                stops.add(new VrpSolution.Stop(
                        m.problem.jobs().get(j).id(), arrival, starts[i], starts[i] + m.service[j]));
                t = starts[i] + m.service[j];
                prev = m.jobLoc[j];
            }
            out.add(new VrpSolution.Route(
                    m.problem.vehicles().get(route.vehicle).id(),
                    stops,
                    departure,
                    route.returnTime(departure),
                    route.cost));
        }
        List<String> missing =
                unassignedJobs().stream().map(j -> m.problem.jobs().get(j).id()).toList();
        return new VrpSolution(out, missing, cost);
    }
}
