package io.coldchain.routing.vrp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The genetic search's population, managed as in HGS (Vidal et al. 2012, 2013): two subpopulations,
 * feasible and infeasible, each growing from {@link #MU} to {@code MU + LAMBDA} and then cut back to
 * {@code MU}, removing clones first and otherwise the worst biased fitness, which ranks a solution by
 * its cost and by how far it lies from its closest others: a good solution that is a near copy of
 * others goes before a worse one that keeps the population diverse.
 */
final class Population {

    static final int MU = 25;
    static final int LAMBDA = 40;
    private static final int ELITE = 4;
    private static final int CLOSEST = 5;

    private final SplittableRandom rnd;
    private final int[] jobs;
    private final List<Individual> feasible = new ArrayList<>();
    private final List<Individual> infeasible = new ArrayList<>();
    private final Map<Individual, Map<Individual, Double>> distances = new IdentityHashMap<>();
    /** The prices the fitness was last ranked at, and whether anyone came or went since. */
    private double rankedLoad = Double.NaN;

    private double rankedWarp = Double.NaN;
    private boolean changed = true;

    Population(SplittableRandom rnd, int[] jobs) {
        this.rnd = rnd;
        this.jobs = jobs;
    }

    int size() {
        return feasible.size() + infeasible.size();
    }

    /** Everyone, feasible first. */
    List<Individual> members() {
        List<Individual> all = new ArrayList<>(feasible);
        all.addAll(infeasible);
        return all;
    }

    void clear() {
        changed = true;
        feasible.clear();
        infeasible.clear();
        distances.clear();
    }

    void add(Individual x, Penalties penalties) {
        List<Individual> sub = x.feasible() ? feasible : infeasible;
        Map<Individual, Double> mine = new IdentityHashMap<>();
        for (Individual other : sub) {
            double d = x.distance(other, jobs);
            mine.put(other, d);
            distances.get(other).put(x, d);
        }
        distances.put(x, mine);
        sub.add(x);
        changed = true;
        if (sub.size() > MU + LAMBDA) {
            while (sub.size() > MU) {
                removeWorst(sub, penalties);
            }
        }
    }

    /** Binary tournament on biased fitness over both subpopulations. */
    Individual select(Penalties penalties) {
        if (changed || rankedLoad != penalties.load || rankedWarp != penalties.warp) {
            rank(feasible, penalties);
            rank(infeasible, penalties);
            rankedLoad = penalties.load;
            rankedWarp = penalties.warp;
            changed = false;
        }
        Individual a = any();
        Individual b = any();
        return a.fitness <= b.fitness ? a : b;
    }

    private Individual any() {
        int i = rnd.nextInt(size());
        return i < feasible.size() ? feasible.get(i) : infeasible.get(i - feasible.size());
    }

    private void removeWorst(List<Individual> sub, Penalties penalties) {
        rank(sub, penalties);
        Individual worst = null;
        boolean worstIsClone = false;
        for (Individual x : sub) {
            boolean clone = closest(x, 1) < 1e-9;
            if (worst == null || clone && !worstIsClone || clone == worstIsClone && x.fitness > worst.fitness) {
                worst = x;
                worstIsClone = clone;
            }
        }
        sub.remove(worst);
        changed = true;
        distances.remove(worst);
        for (Individual other : sub) {
            distances.get(other).remove(worst);
        }
    }

    /** Average distance to the {@code count} closest others of the same subpopulation. */
    private double closest(Individual x, int count) {
        Map<Individual, Double> mine = distances.get(x);
        if (mine.isEmpty()) {
            return 1;
        }
        double[] all = new double[mine.size()];
        int k = 0;
        for (double d : mine.values()) {
            all[k++] = d;
        }
        java.util.Arrays.sort(all);
        int n = Math.min(count, all.length);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += all[i];
        }
        return sum / n;
    }

    private void rank(List<Individual> sub, Penalties penalties) {
        int n = sub.size();
        if (n == 0) {
            return;
        }
        if (n == 1) {
            sub.get(0).fitness = 0;
            return;
        }
        sub.sort(Comparator.comparingDouble(x -> x.penalised(penalties)));
        for (Individual x : sub) {
            x.diversity = closest(x, CLOSEST);
        }
        List<Individual> byDiversity = new ArrayList<>(sub);
        byDiversity.sort(Comparator.comparingDouble((Individual x) -> -x.diversity));
        Map<Individual, Integer> diversityRank = new IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            diversityRank.put(byDiversity.get(i), i);
        }
        double eliteWeight = 1 - (double) ELITE / n;
        for (int i = 0; i < n; i++) {
            Individual x = sub.get(i);
            x.fitness = (double) i / (n - 1) + eliteWeight * diversityRank.get(x) / (n - 1);
        }
    }
}
