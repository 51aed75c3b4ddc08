package io.coldchain.routing.vrp;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Selective route exchange crossover (Nagata, Bräysy and Dullaert 2010, as PyVRP uses it): a few
 * routes of one parent replace the routes of the other that serve most of the same jobs. The routes
 * are picked without coordinates (the matrices need none): a random route of parent A and the routes
 * of A where its jobs' nearest neighbours lie, then the routes of B that share most jobs with them.
 * Of the two children (duplicates dropped from A's side or from B's) the one that looks cheaper is
 * returned; jobs it lost are for the local search to put back.
 */
final class Srex {

    private static final int NEAR = 10;

    private final Model m;
    private final SplittableRandom rnd;
    private final double meanDepotRoundTrip;

    Srex(Model m, SplittableRandom rnd, int[] jobs) {
        this.m = m;
        this.rnd = rnd;
        double sum = 0;
        for (int j : jobs) {
            sum += 2 * m.depotCost[j];
        }
        meanDepotRoundTrip = sum / Math.max(1, jobs.length);
    }

    Individual cross(Individual a, Individual b, Penalties penalties, int slots) {
        List<int[]> routesA = nonEmpty(a);
        List<int[]> routesB = nonEmpty(b);
        if (routesA.isEmpty() || routesB.isEmpty()) {
            return a;
        }
        int moved = 1 + rnd.nextInt(Math.min(routesA.size(), routesB.size()));
        boolean[] pickedA = pickFromA(routesA, moved);
        boolean[] inPickedA = new boolean[m.jobs];
        for (int r = 0; r < routesA.size(); r++) {
            if (pickedA[r]) {
                for (int j : routesA.get(r)) {
                    inPickedA[j] = true;
                }
            }
        }
        boolean[] pickedB = pickFromB(routesB, inPickedA, moved);
        boolean[] inKeptA = new boolean[m.jobs];
        boolean[] inPickedB = new boolean[m.jobs];
        for (int r = 0; r < routesA.size(); r++) {
            if (!pickedA[r]) {
                for (int j : routesA.get(r)) {
                    inKeptA[j] = true;
                }
            }
        }
        for (int r = 0; r < routesB.size(); r++) {
            if (pickedB[r]) {
                for (int j : routesB.get(r)) {
                    inPickedB[j] = true;
                }
            }
        }
        Individual dropFromA = child(routesA, pickedA, inPickedB, routesB, pickedB, null, slots);
        Individual dropFromB = child(routesA, pickedA, null, routesB, pickedB, inKeptA, slots);
        return estimate(dropFromA, penalties) <= estimate(dropFromB, penalties) ? dropFromA : dropFromB;
    }

    private double estimate(Individual child, Penalties penalties) {
        int served = 0;
        for (int[] route : child.routes) {
            served += route.length;
        }
        int missing = m.jobs - m.unservable - served;
        return child.penalised(penalties) + missing * meanDepotRoundTrip;
    }

    private Individual child(
            List<int[]> routesA,
            boolean[] pickedA,
            boolean[] dropA,
            List<int[]> routesB,
            boolean[] pickedB,
            boolean[] dropB,
            int slots) {
        int[][] out = new int[slots][];
        int k = 0;
        for (int r = 0; r < routesA.size(); r++) {
            if (!pickedA[r]) {
                out[k++] = without(routesA.get(r), dropA);
            }
        }
        for (int r = 0; r < routesB.size() && k < slots; r++) {
            if (pickedB[r]) {
                out[k++] = without(routesB.get(r), dropB);
            }
        }
        while (k < slots) {
            out[k++] = new int[0];
        }
        return new Individual(m, out);
    }

    private static int[] without(int[] route, boolean[] drop) {
        if (drop == null) {
            return route.clone();
        }
        int n = 0;
        for (int j : route) {
            n += drop[j] ? 0 : 1;
        }
        int[] out = new int[n];
        int k = 0;
        for (int j : route) {
            if (!drop[j]) {
                out[k++] = j;
            }
        }
        return out;
    }

    /** A random route and the routes holding most of its jobs' nearest neighbours. */
    private boolean[] pickFromA(List<int[]> routes, int count) {
        int seed = rnd.nextInt(routes.size());
        int[] routeOf = new int[m.jobs];
        java.util.Arrays.fill(routeOf, -1);
        for (int r = 0; r < routes.size(); r++) {
            for (int j : routes.get(r)) {
                routeOf[j] = r;
            }
        }
        double[] score = new double[routes.size()];
        for (int j : routes.get(seed)) {
            int seen = 0;
            for (int c : m.neighbours[j]) {
                if (seen == NEAR) {
                    break;
                }
                if (c != j && routeOf[c] >= 0) {
                    score[routeOf[c]]++;
                    seen++;
                }
            }
        }
        score[seed] = Double.MAX_VALUE;
        return top(score, count);
    }

    /** The routes of B that share most jobs with the picked routes of A. */
    private boolean[] pickFromB(List<int[]> routes, boolean[] inPickedA, int count) {
        double[] score = new double[routes.size()];
        for (int r = 0; r < routes.size(); r++) {
            for (int j : routes.get(r)) {
                score[r] += inPickedA[j] ? 1 : 0;
            }
        }
        return top(score, count);
    }

    /** The {@code count} highest scores, ties broken at random. */
    private boolean[] top(double[] score, int count) {
        boolean[] picked = new boolean[score.length];
        double[] jittered = new double[score.length];
        for (int i = 0; i < score.length; i++) {
            jittered[i] = score[i] == Double.MAX_VALUE ? score[i] : score[i] + 0.5 * rnd.nextDouble();
        }
        for (int c = 0; c < count; c++) {
            int bestIndex = -1;
            for (int i = 0; i < score.length; i++) {
                if (!picked[i] && (bestIndex < 0 || jittered[i] > jittered[bestIndex])) {
                    bestIndex = i;
                }
            }
            picked[bestIndex] = true;
        }
        return picked;
    }

    private static List<int[]> nonEmpty(Individual x) {
        List<int[]> out = new ArrayList<>();
        for (int[] route : x.routes) {
            if (route.length > 0) {
                out.add(route);
            }
        }
        return out;
    }
}
