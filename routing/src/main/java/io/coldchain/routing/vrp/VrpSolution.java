package io.coldchain.routing.vrp;

import java.util.List;

/**
 * A plan: one route per vehicle used, and the jobs no vehicle could take.
 *
 * @param cost the objective's total (travel time or distance) over all routes
 */
public record VrpSolution(List<Route> routes, List<String> unassignedJobIds, double cost) {

    public VrpSolution {
        routes = List.copyOf(routes);
        unassignedJobIds = List.copyOf(unassignedJobIds);
    }

    public int vehicles() {
        return routes.size();
    }

    /**
     * One vehicle's tour.
     *
     * @param departure when it leaves its depot
     * @param returnTime when it is back at its depot
     */
    public record Route(String vehicleId, List<Stop> stops, double departure, double returnTime, double cost) {
        public Route {
            stops = List.copyOf(stops);
        }
    }

    /** A drop: when the vehicle arrives, starts service (after any wait) and leaves. */
    public record Stop(String jobId, double arrival, double serviceStart, double departure) {}
}
