package io.coldchain.server.bench;

import io.coldchain.gateway.contract.LockerCommand;
import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.gateway.contract.Topics;
import io.coldchain.gateway.sim.LockerBankSimulator;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.locker.Pickups;
import io.coldchain.server.mqtt.MqttBrokerAddress;
import io.coldchain.server.network.CompartmentRequest;
import io.coldchain.server.network.CompartmentSize;
import io.coldchain.server.network.Location;
import io.coldchain.server.network.LockerBankRequest;
import io.coldchain.server.network.NetworkService;
import io.coldchain.server.order.OrderLifecycle;
import io.coldchain.server.order.OrderState;
import io.coldchain.server.resident.NewResidentRequest;
import io.coldchain.server.resident.ResidentProfile;
import io.coldchain.server.resident.ResidentService;
import io.coldchain.server.security.CurrentUser;
import io.coldchain.server.security.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Code verification under load: {@code -Dbench.pickups} (1,000) pickups in one minute across {@code
 * -Dbench.banks} (100) simulated banks on the embedded broker, half by REST ({@code POST /pickups}
 * from ten residents), half at the keypad ({@code CODE_ENTERED} events). Prints p50/p99 of the REST
 * answer, of code-entered to OPEN received at the bank, and the errors; every order must end
 * COLLECTED.
 *
 * <pre>
 * ./mvnw -q install -DskipTests
 * ./mvnw -q -pl logistics-server exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.coldchain.server.bench.PickupBench
 * </pre>
 */
public final class PickupBench {

    public static void main(String[] args) throws Exception {
        int pickups = Integer.getInteger("bench.pickups", 1000);
        int bankCount = Integer.getInteger("bench.banks", 100);
        long seconds = Long.getLong("bench.seconds", 60);
        ConfigurableApplicationContext app = BenchServer.start("bench-pickups");
        List<LockerBankSimulator> banks = new ArrayList<>();
        try {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            String broker = app.getBean(MqttBrokerAddress.class).url();
            Topics topics = app.getBean(ColdchainProperties.class).mqtt().topics();
            NetworkService network = app.getBean(NetworkService.class);
            int perBank = (pickups + bankCount - 1) / bankCount;
            for (int b = 0; b < bankCount; b++) {
                List<CompartmentRequest> compartments = new ArrayList<>();
                for (int c = 1; c <= perBank + 2; c++) {
                    compartments.add(new CompartmentRequest(
                            String.format(Locale.ROOT, "C%02d", c), CompartmentSize.M, TemperatureZone.CHILLED));
                }
                network.createLockerBank(new LockerBankRequest(
                        bankId(b),
                        "Bench bank " + b,
                        "Bench street " + b,
                        new Location(46.0 + (b % 10) * 0.002, 9.0 + (b / 10) * 0.003),
                        null,
                        true,
                        List.of(),
                        compartments,
                        null));
            }
            ResidentService residents = app.getBean(ResidentService.class);
            List<Long> residentIds = new ArrayList<>();
            for (int r = 0; r < 10; r++) {
                residentIds.add(residents
                        .register(new NewResidentRequest(
                                "bench-" + r,
                                "bench-password",
                                new ResidentProfile("Bench " + r, null, null, null, null)))
                        .id());
            }
            // 1,000 orders in their compartments, ready: the lockers feature issues their codes
            List<long[]> orders = jdbc.sql(
                            """
                            with o as (
                              insert into customer_order (resident_id, placed_by, idempotency_key, request_hash, fulfilment,
                                  slot_start, slot_end, state, pickup_mode, store_id, locker_bank_id)
                              select (?::bigint[])[1 + (g % 10)], 'bench', 'bench-' || g, 'x', 'LOCKER', now(),
                                  now() + interval '1 day', 'IN_TRANSIT', 'LOCKER', 'ST-01',
                                  'BB-' || lpad(((g - 1) % ?)::text, 4, '0')
                              from generate_series(1, ?) g returning id, locker_bank_id)
                            select id, locker_bank_id from o order by id
                            """)
                    .params(residentIds.toArray(Long[]::new), bankCount, pickups)
                    .query((rs, n) -> new long[] {
                        rs.getLong(1), Long.parseLong(rs.getString(2).substring(3))
                    })
                    .list();
            jdbc.sql(
                            """
                            with p as (select o.id as order_id, o.locker_bank_id as bank,
                                           row_number() over (partition by o.locker_bank_id order by o.id) as k
                                       from customer_order o where o.placed_by = 'bench')
                            insert into parcel (order_id, zone, size, volume_litres, weight_kg, compartment_id, delivered_at, booked)
                            select p.order_id, 'CHILLED', 'M', 2, 1,
                                   (select c.id from compartment c where c.locker_bank_id = p.bank and c.code = 'C' || lpad(p.k::text, 2, '0')),
                                   now(), tstzrange(now() - interval '1 minute', now() + interval '1 day')
                            from p
                            """)
                    .update();
            jdbc.sql("update compartment set status = 'OCCUPIED' where id in (select compartment_id from parcel)")
                    .update();
            TransactionTemplate tx = app.getBean(TransactionTemplate.class);
            OrderLifecycle lifecycle = app.getBean(OrderLifecycle.class);
            tx.executeWithoutResult(s -> lifecycle.moveAll(
                    orders.stream().map(o -> o[0]).toList(),
                    OrderState.IN_TRANSIT,
                    OrderState.READY_FOR_PICKUP,
                    "bench",
                    "in its compartment"));
            Pickups service = app.getBean(Pickups.class);
            Map<Long, String> codes = new ConcurrentHashMap<>();
            for (long[] o : orders) {
                long resident = jdbc.sql("select resident_id from customer_order where id = ?")
                        .param(o[0])
                        .query(Long.class)
                        .single();
                CurrentUser user = new CurrentUser("x", "x", Role.RESIDENT, resident, true);
                codes.put(o[0], tx.execute(s -> service.view(user, o[0]).code()));
            }
            // the banks, answering on the broker; the time each OPEN arrives
            Map<String, Long> openedAt = new ConcurrentHashMap<>();
            ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
            for (int b = 0; b < bankCount; b++) {
                String id = bankId(b);
                // the embedded broker lets each bank in with an account of its own
                var account = app.getBean(io.coldchain.server.network.BrokerCredentials.class)
                        .issue(io.coldchain.server.network.BrokerCredentials.Kind.LOCKER_BANK, id, "bench");
                banks.add(new LockerBankSimulator(
                                broker,
                                topics,
                                id,
                                LockerBankSimulator.Behaviour.quick(),
                                b,
                                timer,
                                account.username(),
                                account.password())
                        .observe((LockerCommand c) ->
                                openedAt.putIfAbsent(id + "/" + c.compartment(), System.nanoTime()))
                        .start());
            }
            while (jdbc.sql("select count(*) from locker_bank where online and id like 'BB-%'")
                            .query(Integer.class)
                            .single()
                    < bankCount) {
                Thread.sleep(100);
            }
            String[] compartmentOf = new String[orders.size()];
            for (int i = 0; i < orders.size(); i++) {
                compartmentOf[i] = jdbc.sql(
                                "select c.code from parcel p join compartment c on c.id = p.compartment_id where p.order_id = ?")
                        .param(orders.get(i)[0])
                        .query(String.class)
                        .single();
            }
            HttpClient http = HttpClient.newBuilder()
                    .executor(Executors.newFixedThreadPool(4, r -> {
                        Thread t = new Thread(r, "bench-http");
                        t.setDaemon(true);
                        return t;
                    }))
                    .build();
            // warm the sign-in cache of each resident (one BCrypt each)
            for (int r = 0; r < 10; r++) {
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/orders?limit=1"))
                                .header("Authorization", basic("bench-" + r))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            List<Long> rest = new CopyOnWriteArrayList<>();
            Map<String, Long> entered = new ConcurrentHashMap<>();
            AtomicInteger errors = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(32);
            long interval = TimeUnit.SECONDS.toNanos(seconds) / pickups;
            long start = System.nanoTime();
            for (int i = 0; i < orders.size(); i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                long order = orders.get(i)[0];
                String bank = bankId((int) orders.get(i)[1]);
                String code = codes.get(order);
                if (i % 2 == 0) {
                    String user = "bench-"
                            + residentIds.indexOf(jdbc.sql("select resident_id from customer_order where id = ?")
                                    .param(order)
                                    .query(Long.class)
                                    .single());
                    pool.submit(() -> {
                        long t = System.nanoTime();
                        try {
                            int status = http.send(
                                            HttpRequest.newBuilder(
                                                            URI.create("http://127.0.0.1:" + port + "/api/v1/pickups"))
                                                    .header("Authorization", basic(user))
                                                    .header("Content-Type", "application/json")
                                                    .POST(HttpRequest.BodyPublishers.ofString("{\"lockerBankId\":\""
                                                            + bank + "\",\"code\":\"" + code + "\"}"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode();
                            if (status != 200) {
                                errors.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        rest.add(System.nanoTime() - t);
                    });
                } else {
                    LockerBankSimulator sim = banks.get((int) orders.get(i)[1]);
                    int index = i;
                    pool.submit(() -> {
                        try {
                            entered.put(bank + "/" + compartmentOf[index], System.nanoTime());
                            sim.enterCode(code);
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    });
                }
            }
            pool.shutdown();
            pool.awaitTermination(2, TimeUnit.MINUTES);
            long wall = System.nanoTime() - start;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int collected = 0;
            while (System.nanoTime() < deadline) {
                collected = jdbc.sql(
                                "select count(*) from customer_order where placed_by = 'bench' and state = 'COLLECTED'")
                        .query(Integer.class)
                        .single();
                if (collected == pickups) {
                    break;
                }
                Thread.sleep(200);
            }
            List<Long> keypad = new ArrayList<>();
            int unanswered = 0;
            for (var e : entered.entrySet()) {
                Long opened = openedAt.get(e.getKey());
                if (opened == null) {
                    unanswered++;
                } else {
                    keypad.add(opened - e.getValue());
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "%d pickups over %d banks in %.1f s (%.0f a minute), load %s%n",
                    pickups,
                    bankCount,
                    wall / 1e9,
                    pickups / (wall / 6e10),
                    java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                            .trim());
            print("REST POST /pickups (answer)", rest);
            print("keypad CODE_ENTERED -> OPEN at the bank", keypad);
            System.out.printf(
                    Locale.ROOT,
                    "errors: %d REST/publish, %d keypad entries never opened; collected %d of %d%n",
                    errors.get(),
                    unanswered,
                    collected,
                    pickups);
            timer.shutdownNow();
        } finally {
            banks.forEach(LockerBankSimulator::close);
            SpringApplication.exit(app);
        }
    }

    static String bankId(int b) {
        return String.format(Locale.ROOT, "BB-%04d", b);
    }

    static String basic(String user) {
        return "Basic "
                + Base64.getEncoder().encodeToString((user + ":bench-password").getBytes(StandardCharsets.UTF_8));
    }

    static void print(String what, List<Long> nanos) {
        if (nanos.isEmpty()) {
            System.out.println(what + ": no samples");
            return;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%s: %d, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                what,
                sorted.size(),
                sorted.get(sorted.size() / 2) / 1e6,
                sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6);
    }
}
