package io.coldchain.routing.assign;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Demands to place at pickup points. A demand fits a compartment of its zone whose size rank is at
 * least its own (a small parcel may take a large compartment).
 *
 * @param cost travel cost from each demand (row) to each point (column), e.g. seconds by road
 * @param unassignedPenalty cost of leaving a demand unplaced; null means place as many as
 *     possible (maximum placement first, then least cost)
 */
public record AssignmentProblem(
        List<Demand> demands, List<PickupPoint> points, double[][] cost, Double unassignedPenalty) {

    /** The number of size ranks (S, M, L, XL). */
    public static final int SIZES = 4;

    public AssignmentProblem {
        demands = List.copyOf(demands);
        points = List.copyOf(points);
        Objects.requireNonNull(cost, "cost");
        if (cost.length != demands.size()) {
            throw new IllegalArgumentException("cost has " + cost.length + " rows for " + demands.size() + " demands");
        }
        for (double[] row : cost) {
            if (row.length != points.size()) {
                throw new IllegalArgumentException("every cost row needs one entry per point");
            }
        }
        if (unassignedPenalty != null && !(unassignedPenalty >= 0)) {
            throw new IllegalArgumentException("unassignedPenalty must be >= 0");
        }
    }

    /**
     * @param size rank from 0 (smallest) to {@link #SIZES} - 1
     */
    public record Demand(String id, String zone, int size) {
        public Demand {
            if (size < 0 || size >= SIZES) {
                throw new IllegalArgumentException("size rank " + size + " outside 0.." + (SIZES - 1));
            }
        }
    }

    /** @param free per zone, the number of free compartments of each size rank */
    public record PickupPoint(String id, Map<String, int[]> free) {
        public PickupPoint {
            free = Map.copyOf(free);
            free.values().forEach(counts -> {
                if (counts.length != SIZES) {
                    throw new IllegalArgumentException("point " + id + " needs " + SIZES + " size counts per zone");
                }
            });
        }

        int free(String zone, int size) {
            int[] counts = free.get(zone);
            return counts == null ? 0 : counts[size];
        }
    }
}
