package io.coldchain.routing.bench;

import io.coldchain.routing.solomon.SolomonInstance;
import io.coldchain.routing.vrp.FeasibilityChecker;
import io.coldchain.routing.vrp.SolverMonitor;
import io.coldchain.routing.vrp.SolverOptions;
import io.coldchain.routing.vrp.VrpSolution;
import io.coldchain.routing.vrp.VrpSolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Solves every VRPTW instance in a folder (Solomon's {@code .txt} or LKH-3's {@code .vrptw}) and
 * prints one CSV line per instance and solver on standard output:
 * {@code instance,solver,vehicles,distance,seconds,feasible,bks_vehicles,bks_distance,gap_pct} (a
 * fixed interface other tooling reads; with several {@code --seeds} a {@code seed} column follows).
 * The summary per solver and seed, overall and per class (C1 ... RC2), and each instance's spread
 * over the seeds go to standard error.
 *
 * <pre>
 * ./mvnw -q -pl routing exec:java -Dexec.mainClass=io.coldchain.routing.bench.SolomonBench \
 *     -Dexec.args="DIR SECONDS [--peer jsprit] [--peer-seeds 42] [--seeds 42,1,7] [--threads 2]
 *     [--only R101,C205] [--solutions OUT]"
 * </pre>
 *
 * With {@code --peer-seeds} the peers run on those seeds only (ours on every seed of {@code
 * --seeds}): the peer's figures on one seed beside ours on three, in one run.
 *
 * Best-known solutions come from {@code DIR/bks.csv} ({@code instance,vehicles,distance}).
 * Feasibility is judged by {@link FeasibilityChecker} for every solver; {@code --solutions OUT}
 * writes {@code OUT/{instance}.{solver}.sol} ({@code Route N: c1 c2 ...}; {@code
 * {instance}.{solver}.{seed}.sol} with several seeds) for an outside checker.
 */
public final class SolomonBench {

    private SolomonBench() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: SolomonBench DIR SECONDS [--peer jsprit] [--peer-seeds 42] [--seeds 42,1,7]"
                    + " [--threads N] [--only NAME,...] [--solutions OUT]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        double seconds = Double.parseDouble(args[1]);
        List<String> peers = new ArrayList<>();
        Path solutions = null;
        long[] seeds = {42};
        int threads = SolverOptions.DEFAULT_THREADS;
        Set<String> only = null;
        Set<Long> peerSeeds = null;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--peer" -> peers.add(args[++i]);
                case "--solutions" -> solutions = Path.of(args[++i]);
                case "--seed", "--seeds" -> seeds = Arrays.stream(args[++i].split(","))
                        .mapToLong(Long::parseLong)
                        .toArray();
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--peer-seeds" -> peerSeeds = Arrays.stream(args[++i].split(","))
                        .map(Long::parseLong)
                        .collect(java.util.stream.Collectors.toSet());
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        for (String peer : peers) {
            if (!peer.equals("jsprit")) {
                throw new IllegalArgumentException("unknown peer " + peer + " (known: jsprit)");
            }
        }
        if (solutions != null) {
            Files.createDirectories(solutions);
        }
        Map<String, double[]> bks = readBks(dir.resolve("bks.csv"));
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> {
                        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return (name.endsWith(".txt") || name.endsWith(".vrptw")) && !name.equals("sources.txt");
                    })
                    .sorted()
                    .toList();
        }
        System.err.printf(
                "# %s s per instance and solver; ours on %d threads, jsprit on 1; %d cores here%n",
                args[1], threads, Runtime.getRuntime().availableProcessors());
        boolean manySeeds = seeds.length > 1;
        System.out.println("instance,solver,vehicles,distance,seconds,feasible,bks_vehicles,bks_distance,gap_pct"
                + (manySeeds ? ",seed" : ""));
        Duration budget = Duration.ofMillis((long) (seconds * 1000));
        BenchSummary summary = new BenchSummary();
        Run run = new Run(summary, solutions, manySeeds);
        for (Path file : files) {
            String name = file.getFileName().toString().replaceFirst("\\..*$", "");
            if (only != null && !only.contains(name)) {
                continue;
            }
            SolomonInstance instance;
            try {
                instance = SolomonInstance.read(file);
            } catch (IOException | RuntimeException e) {
                System.err.println("skipping " + file.getFileName() + ": " + e.getMessage());
                continue;
            }
            for (long seed : seeds) {
                var problem = instance.toProblem();
                long start = System.nanoTime();
                SolverMonitor.Progress[] last = new SolverMonitor.Progress[1];
                VrpSolution ours = new VrpSolver()
                        .solve(
                                problem,
                                SolverOptions.timeLimited(seed, budget).withThreads(threads),
                                new SolverMonitor() {
                                    @Override
                                    public void progress(Progress progress) {
                                        last[0] = progress;
                                    }
                                });
                System.err.printf(
                        "# %s seed %d: %,d iterations on %d threads, last gain after %.1f s%n",
                        name,
                        seed,
                        last[0].iterations(),
                        threads,
                        (last[0].elapsed().toMillis()
                                        - last[0].sinceImprovement().toMillis())
                                / 1000.0);
                double elapsed = (System.nanoTime() - start) / 1e9;
                List<FeasibilityChecker.Violation> violations = new FeasibilityChecker(problem).check(ours);
                boolean feasible = ours.unassignedJobIds().isEmpty() && violations.isEmpty();
                if (!feasible) {
                    System.err.printf(
                            "# %s seed %d: %d jobs unassigned %s, violations %s%n",
                            name, seed, ours.unassignedJobIds().size(), ours.unassignedJobIds(), violations);
                }
                List<List<Integer>> routes = ours.routes().stream()
                        .map(r -> r.stops().stream()
                                .map(s -> Integer.parseInt(s.jobId()))
                                .toList())
                        .toList();
                run.report(name, "coldchain", seed, instance, routes, elapsed, feasible, bks.get(name));
                for (String peer : peerSeeds == null || peerSeeds.contains(seed) ? peers : List.<String>of()) {
                    start = System.nanoTime();
                    List<List<Integer>> peerRoutes = JspritPeer.solve(instance, budget, seed);
                    elapsed = (System.nanoTime() - start) / 1e9;
                    boolean peerFeasible = SolomonRoutes.feasible(instance, peerRoutes);
                    run.report(name, peer, seed, instance, peerRoutes, elapsed, peerFeasible, bks.get(name));
                }
            }
        }
        summary.lines().forEach(System.err::println);
    }

    private record Run(BenchSummary summary, Path solutions, boolean manySeeds) {

        void report(
                String name,
                String solver,
                long seed,
                SolomonInstance instance,
                List<List<Integer>> routes,
                double seconds,
                boolean feasible,
                double[] bks)
                throws IOException {
            double distance = SolomonRoutes.distance(instance, routes);
            String gap = "";
            if (bks != null) {
                double pct = 100 * (distance - bks[1]) / bks[1];
                gap = String.format(Locale.ROOT, "%.2f", Math.abs(pct) < 0.005 ? 0.0 : pct);
                summary.add(new BenchSummary.Result(
                        name, solver, seed, routes.size(), distance, feasible, (int) bks[0], bks[1]));
            }
            System.out.printf(
                    Locale.ROOT,
                    "%s,%s,%d,%.2f,%.1f,%s,%s,%s,%s%s%n",
                    name,
                    solver,
                    routes.size(),
                    distance,
                    seconds,
                    feasible,
                    bks == null ? "" : Integer.toString((int) bks[0]),
                    bks == null ? "" : String.format(Locale.ROOT, "%.2f", bks[1]),
                    gap,
                    manySeeds ? "," + seed : "");
            if (solutions != null) {
                StringBuilder text = new StringBuilder();
                for (int r = 0; r < routes.size(); r++) {
                    text.append("Route ").append(r + 1).append(':');
                    routes.get(r).forEach(c -> text.append(' ').append(c));
                    text.append('\n');
                }
                String file = name + "." + solver + (manySeeds ? "." + seed : "") + ".sol";
                Files.writeString(solutions.resolve(file), text);
            }
        }
    }

    private static Map<String, double[]> readBks(Path file) throws IOException {
        Map<String, double[]> bks = new HashMap<>();
        if (!Files.exists(file)) {
            return bks;
        }
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.split(",", 4);
            if (parts.length >= 3 && parts[1].matches("\\d+")) {
                bks.put(parts[0], new double[] {Integer.parseInt(parts[1]), Double.parseDouble(parts[2])});
            }
        }
        return bks;
    }
}
