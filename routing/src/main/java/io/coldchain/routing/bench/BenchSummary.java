package io.coldchain.routing.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Sums up a VRPTW bench run per solver and seed, overall and per instance class (C1, C2, R1, R2,
 * RC1, RC2): how many instances reach the best-known vehicle count, and on those the mean and the
 * largest distance gap; then, over the seeds, each instance's spread.
 */
final class BenchSummary {

    /** One solver's answer to one instance at one seed. */
    record Result(
            String instance,
            String solver,
            long seed,
            int vehicles,
            double distance,
            boolean feasible,
            int bksVehicles,
            double bksDistance) {

        boolean matched() {
            return feasible && bksVehicles > 0 && vehicles <= bksVehicles;
        }

        double gapPct() {
            return 100 * (distance - bksDistance) / bksDistance;
        }
    }

    private static final Pattern CLASS = Pattern.compile("^(RC|R|C)(\\d)", Pattern.CASE_INSENSITIVE);

    private final List<Result> results = new ArrayList<>();

    void add(Result result) {
        results.add(result);
    }

    static String classOf(String instance) {
        Matcher matcher = CLASS.matcher(instance);
        return matcher.find() ? matcher.group(1).toUpperCase(Locale.ROOT) + matcher.group(2) : "other";
    }

    List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("summary,solver,seed,class,instances,bks_vehicles,mean_gap_pct,max_gap_pct,worst");
        Map<String, Map<Long, List<Result>>> bySolverSeed = results.stream()
                .filter(r -> r.bksVehicles() > 0)
                .collect(Collectors.groupingBy(
                        Result::solver,
                        TreeMap::new,
                        Collectors.groupingBy(Result::seed, TreeMap::new, Collectors.toList())));
        bySolverSeed.forEach((solver, bySeed) -> bySeed.forEach((seed, rs) -> {
            out.add(line(solver, seed, "all", rs));
            rs.stream()
                    .collect(Collectors.groupingBy(r -> classOf(r.instance()), TreeMap::new, Collectors.toList()))
                    .forEach((cls, group) -> out.add(line(solver, seed, cls, group)));
        }));
        out.add("spread,solver,instance,seeds,vehicles_min,vehicles_max,gap_min_pct,gap_max_pct");
        Map<String, Map<String, List<Result>>> bySolverInstance = results.stream()
                .filter(r -> r.bksVehicles() > 0)
                .collect(Collectors.groupingBy(
                        Result::solver,
                        TreeMap::new,
                        Collectors.groupingBy(Result::instance, TreeMap::new, Collectors.toList())));
        bySolverInstance.forEach((solver, byInstance) -> byInstance.forEach((instance, rs) -> {
            if (rs.size() > 1) {
                out.add(String.format(
                        Locale.ROOT,
                        "spread,%s,%s,%d,%d,%d,%.2f,%.2f",
                        solver,
                        instance,
                        rs.size(),
                        rs.stream().mapToInt(Result::vehicles).min().orElseThrow(),
                        rs.stream().mapToInt(Result::vehicles).max().orElseThrow(),
                        tidy(rs.stream().mapToDouble(Result::gapPct).min().orElseThrow()),
                        tidy(rs.stream().mapToDouble(Result::gapPct).max().orElseThrow())));
            }
        }));
        return out;
    }

    /** Rounding noise (a distance printed to two decimals) is no gap: -0.0001 % shows as 0.00. */
    private static double tidy(double pct) {
        return Math.abs(pct) < 0.005 ? 0 : pct;
    }

    private static String line(String solver, long seed, String cls, List<Result> rs) {
        List<Result> matched = rs.stream().filter(Result::matched).toList();
        double mean =
                tidy(matched.stream().mapToDouble(Result::gapPct).average().orElse(Double.NaN));
        Result worst =
                matched.stream().max(Comparator.comparingDouble(Result::gapPct)).orElse(null);
        return String.format(
                Locale.ROOT,
                "summary,%s,%d,%s,%d,%d,%.2f,%.2f,%s",
                solver,
                seed,
                cls,
                rs.size(),
                matched.size(),
                mean,
                worst == null ? Double.NaN : tidy(worst.gapPct()),
                worst == null ? "" : worst.instance());
    }
}
