package io.coldchain.routing.bench;

import io.coldchain.routing.solomon.SolomonInstance;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Distance and feasibility of plain customer sequences, for solvers that are not ours. */
final class SolomonRoutes {

    private SolomonRoutes() {}

    static double distance(SolomonInstance instance, List<List<Integer>> routes) {
        double total = 0;
        for (List<Integer> route : routes) {
            int prev = 0;
            for (int c : route) {
                total += instance.distance(prev, c);
                prev = c;
            }
            total += instance.distance(prev, 0);
        }
        return total;
    }

    static boolean feasible(SolomonInstance instance, List<List<Integer>> routes) {
        Set<Integer> seen = new HashSet<>();
        if (routes.size() > instance.vehicles()) {
            return false;
        }
        for (List<Integer> route : routes) {
            double t = instance.ready()[0];
            double load = 0;
            int prev = 0;
            for (int c : route) {
                if (c <= 0 || c > instance.customers() || !seen.add(c)) {
                    return false;
                }
                t = Math.max(t + instance.distance(prev, c), instance.ready()[c]);
                if (t > instance.due()[c] + 1e-6) {
                    return false;
                }
                t += instance.service()[c];
                load += instance.demand()[c];
                prev = c;
            }
            if (load > instance.capacity() + 1e-9 || t + instance.distance(prev, 0) > instance.due()[0] + 1e-6) {
                return false;
            }
        }
        return seen.size() == instance.customers();
    }
}
