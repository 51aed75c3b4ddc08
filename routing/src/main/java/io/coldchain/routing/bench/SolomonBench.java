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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Solves every Solomon file in a folder and prints one CSV line per instance and solver:
 * {@code instance,solver,vehicles,distance,seconds,feasible,bks_vehicles,bks_distance,gap_pct}.
 *
 * <pre>
 * ./mvnw -q -pl routing exec:java -Dexec.mainClass=io.coldchain.routing.bench.SolomonBench \
 *     -Dexec.args="DIR SECONDS [--peer jsprit] [--solutions OUT] [--seed N]"
 * </pre>
 *
 * Feasibility is judged by {@link FeasibilityChecker} for every solver; {@code --solutions OUT}
 * writes {@code OUT/{instance}.{solver}.sol} ({@code Route N: c1 c2 ...}) for an outside checker.
 */
public final class SolomonBench {

    private SolomonBench() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: SolomonBench DIR SECONDS [--peer jsprit] [--solutions OUT] [--seed N]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        double seconds = Double.parseDouble(args[1]);
        List<String> peers = new ArrayList<>();
        Path solutions = null;
        long seed = 42;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--peer" -> peers.add(args[++i]);
                case "--solutions" -> solutions = Path.of(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (solutions != null) {
            Files.createDirectories(solutions);
        }
        Map<String, double[]> bks = readBks(dir.resolve("bks.csv"));
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p ->
                            p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt"))
                    .filter(p -> !p.getFileName().toString().equalsIgnoreCase("SOURCES.txt"))
                    .sorted()
                    .toList();
        }
        System.out.println("instance,solver,vehicles,distance,seconds,feasible,bks_vehicles,bks_distance,gap_pct");
        Duration budget = Duration.ofMillis((long) (seconds * 1000));
        for (Path file : files) {
            SolomonInstance instance;
            try {
                instance = SolomonInstance.read(file);
            } catch (IOException | RuntimeException e) {
                System.err.println("skipping " + file.getFileName() + ": " + e.getMessage());
                continue;
            }
            String name = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            var problem = instance.toProblem();
            long start = System.nanoTime();
            VrpSolution ours =
                    new VrpSolver().solve(problem, SolverOptions.timeLimited(seed, budget), SolverMonitor.NONE);
            double elapsed = (System.nanoTime() - start) / 1e9;
            boolean feasible = ours.unassignedJobIds().isEmpty()
                    && new FeasibilityChecker(problem).check(ours).isEmpty();
            List<List<Integer>> routes = ours.routes().stream()
                    .map(r -> r.stops().stream()
                            .map(s -> Integer.parseInt(s.jobId()))
                            .toList())
                    .toList();
            report(name, "coldchain", instance, routes, elapsed, feasible, bks.get(name), solutions);
            for (String peer : peers) {
                if (!peer.equals("jsprit")) {
                    throw new IllegalArgumentException("unknown peer " + peer + " (known: jsprit)");
                }
                start = System.nanoTime();
                List<List<Integer>> peerRoutes = JspritPeer.solve(instance, budget);
                elapsed = (System.nanoTime() - start) / 1e9;
                boolean peerFeasible = SolomonRoutes.feasible(instance, peerRoutes);
                report(name, "jsprit", instance, peerRoutes, elapsed, peerFeasible, bks.get(name), solutions);
            }
        }
    }

    private static void report(
            String name,
            String solver,
            SolomonInstance instance,
            List<List<Integer>> routes,
            double seconds,
            boolean feasible,
            double[] bks,
            Path solutions)
            throws IOException {
        double distance = SolomonRoutes.distance(instance, routes);
        String gap = "";
        if (bks != null) {
            double pct = 100 * (distance - bks[1]) / bks[1];
            gap = String.format(Locale.ROOT, "%.2f", Math.abs(pct) < 0.005 ? 0.0 : pct);
        }
        System.out.printf(
                Locale.ROOT,
                "%s,%s,%d,%.2f,%.1f,%s,%s,%s,%s%n",
                name,
                solver,
                routes.size(),
                distance,
                seconds,
                feasible,
                bks == null ? "" : Integer.toString((int) bks[0]),
                bks == null ? "" : String.format(Locale.ROOT, "%.2f", bks[1]),
                gap);
        if (solutions != null) {
            StringBuilder text = new StringBuilder();
            for (int r = 0; r < routes.size(); r++) {
                text.append("Route ").append(r + 1).append(':');
                routes.get(r).forEach(c -> text.append(' ').append(c));
                text.append('\n');
            }
            Files.writeString(solutions.resolve(name + "." + solver + ".sol"), text);
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
