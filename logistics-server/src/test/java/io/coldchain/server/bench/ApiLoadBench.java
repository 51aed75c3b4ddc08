package io.coldchain.server.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API under load from machine clients, and the sign-in throttle under a brute force, against a
 * running server (the embedded demo: the README's run command):
 *
 * <pre>
 * ./mvnw -q -pl logistics-server exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.coldchain.server.bench.ApiLoadBench -Dexec.args="http://localhost:8080 200 5"
 * </pre>
 *
 * Arguments: base URL, concurrent clients, requests per client. Prints p50/p99 for the clients
 * signing in with an API token, the same with HTTP Basic (the verified-credential cache spares
 * BCrypt after each client's first request), and the statuses of a brute force on one account.
 */
public final class ApiLoadBench {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(8))
            .build();

    private ApiLoadBench() {}

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int perClient = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String basic =
                "Basic " + Base64.getEncoder().encodeToString("dispatcher:demo".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> made = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/api-tokens"))
                        .header("Authorization", basic)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"api-load-bench\",\"days\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (made.statusCode() != 201) {
            throw new IllegalStateException("cannot make an API token: " + made.statusCode() + " " + made.body());
        }
        String token =
                JsonMapper.builder().build().readTree(made.body()).get("token").asString();
        System.out.printf(
                Locale.ROOT, "load %s, %d clients x %d requests, GET /api/v1/locker-banks%n", base, clients, perClient);
        // warm up the server's code paths and the connection pool
        run(base, "Bearer " + token, 20, 20);
        run(base, basic, 20, 20);
        // twice each, alternating, so neither profits alone from a warmer JIT or a quieter machine
        for (int round = 0; round < 2; round++) {
            print("API token", run(base, "Bearer " + token, clients, perClient));
            print("HTTP Basic", run(base, basic, clients, perClient));
        }
        bruteForce(base);
    }

    record Run(List<Long> nanos, Map<Integer, Integer> statuses, long wallNanos) {}

    static Run run(String base, String authorization, int clients, int perClient) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<long[]>>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                List<long[]> out = new ArrayList<>();
                for (int i = 0; i < perClient; i++) {
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = HTTP.send(
                                        HttpRequest.newBuilder(URI.create(base + "/api/v1/locker-banks"))
                                                .header("Authorization", authorization)
                                                .timeout(Duration.ofSeconds(60))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                    } catch (java.io.IOException e) {
                        status = -1;
                    }
                    out.add(new long[] {System.nanoTime() - t0, status});
                }
                return out;
            }));
        }
        List<Long> nanos = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Future<List<long[]>> f : futures) {
            for (long[] r : f.get()) {
                nanos.add(r[0]);
                statuses.merge((int) r[1], 1, Integer::sum);
            }
        }
        long wall = System.nanoTime() - start;
        pool.shutdown();
        return new Run(nanos, statuses, wall);
    }

    static void print(String what, Run run) {
        List<Long> sorted = new ArrayList<>(run.nanos());
        Collections.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%-10s: %d requests in %.1f s (%.0f/s), p50 %.1f ms, p99 %.1f ms, max %.1f ms, statuses %s%n",
                what,
                sorted.size(),
                run.wallNanos() / 1e9,
                sorted.size() / (run.wallNanos() / 1e9),
                percentile(sorted, 0.50) / 1e6,
                percentile(sorted, 0.99) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6,
                run.statuses());
    }

    /** Fifteen wrong passwords for one account: refused with 401, then locked (429) before any hash. */
    static void bruteForce(String base) throws Exception {
        String account = "brute-" + UUID.randomUUID().toString().substring(0, 6);
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<Long> nanos = new ArrayList<>();
        String retryAfter = null;
        for (int i = 0; i < 15; i++) {
            String credentials =
                    Base64.getEncoder().encodeToString((account + ":guess-" + i).getBytes(StandardCharsets.UTF_8));
            long t0 = System.nanoTime();
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/stores"))
                            .header("Authorization", "Basic " + credentials)
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            nanos.add(System.nanoTime() - t0);
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() == 429) {
                retryAfter = response.headers().firstValue("Retry-After").orElse(null);
            }
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "brute force on '%s': 15 wrong passwords -> statuses %s, Retry-After %s s, median %.1f ms%n",
                account,
                statuses,
                retryAfter,
                percentile(sorted, 0.5) / 1e6);
    }

    static double percentile(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
