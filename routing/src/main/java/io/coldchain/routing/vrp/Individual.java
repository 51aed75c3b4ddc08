package io.coldchain.routing.vrp;

import java.util.ArrayList;
import java.util.List;

/**
 * One solution of the genetic search: a sequence of jobs per route slot (empty for an unused
 * vehicle), with its travel cost, load above capacity and time warp; feasible when both are zero.
 * It also keeps each job's neighbours on its route, for the broken-pairs distance that measures how
 * far apart two solutions are.
 */
final class Individual {

    private static final double EPS = 1e-9;

    final int[][] routes;
    final double cost;
    final double excess;
    final double timeWarp;
    final int[] successor; // -1: the depot
    final int[] predecessor;
    final int used;
    /** Whether every servable job is on a route. */
    final boolean complete;
    /** Average broken-pairs distance to the closest others of its subpopulation. */
    double diversity;
    /** Rank-based fitness within its subpopulation, lower is better. */
    double fitness;

    Individual(Model m, int[][] routes) {
        this.routes = routes;
        successor = new int[m.jobs];
        predecessor = new int[m.jobs];
        double c = 0;
        double over = 0;
        double warp = 0;
        int count = 0;
        int served = 0;
        for (int[] route : routes) {
            served += route.length;
            if (route.length == 0) {
                continue;
            }
            count++;
            int prev = m.vehLoc[0];
            double t = m.shiftStart[0];
            double[] load = new double[m.dims];
            for (int i = 0; i < route.length; i++) {
                int j = route[i];
                int loc = m.jobLoc[j];
                c += m.cost[prev][loc];
                double arrival = t + m.time[prev][loc];
                if (arrival > m.close[j]) {
                    warp += arrival - m.close[j];
                    arrival = m.close[j];
                }
                t = Math.max(arrival, m.open[j]) + m.service[j];
                for (int d = 0; d < m.dims; d++) {
                    load[d] += m.demand[j][d];
                }
                successor[j] = i + 1 < route.length ? route[i + 1] : -1;
                predecessor[j] = i > 0 ? route[i - 1] : -1;
                prev = loc;
            }
            c += m.cost[prev][m.vehLoc[0]];
            double back = t + m.time[prev][m.vehLoc[0]];
            warp += Math.max(0, back - m.shiftEnd[0]);
            for (int d = 0; d < m.dims; d++) {
                over += Math.max(0, load[d] - m.capacity[0][d]);
            }
        }
        cost = c;
        excess = over;
        timeWarp = warp;
        used = count;
        complete = served == m.jobs - m.unservable;
    }

    boolean feasible() {
        return complete && excess < EPS && timeWarp < EPS;
    }

    double penalised(Penalties penalties) {
        return cost + penalties.of(excess, timeWarp);
    }

    /**
     * The broken-pairs distance (Prins 2009, as in HGS-CVRP): the share of jobs whose neighbours
     * on the route differ between the two solutions.
     */
    double distance(Individual other, int[] jobs) {
        int differ = 0;
        for (int j : jobs) {
            int s = successor[j];
            int p = predecessor[j];
            if (s != other.successor[j] && s != other.predecessor[j]) {
                differ++;
            }
            if (p == -1 && other.predecessor[j] != -1 && other.successor[j] != -1) {
                differ++;
            }
        }
        return (double) differ / Math.max(1, jobs.length);
    }

    /** The same routes on the given vehicles, as a plan the rest of the solver reads. */
    Plan toPlan(Model m, int[] vehicles) {
        Plan plan = new Plan(m);
        for (int r = 0; r < routes.length; r++) {
            if (routes[r].length > 0) {
                plan.set(vehicles[r], RouteState.of(m, vehicles[r], routes[r].clone()));
            }
        }
        return plan;
    }

    /** The plan's routes on the given vehicles, as route slots (a plan's other vehicles must be empty). */
    static int[][] slotsOf(Plan plan, int[] vehicles) {
        List<int[]> out = new ArrayList<>();
        for (int v : vehicles) {
            out.add(plan.routes[v].seq.clone());
        }
        return out.toArray(new int[0][]);
    }
}
