package io.coldchain.server.bench;

import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.server.assignment.AssignmentRunResponse;
import io.coldchain.server.assignment.AssignmentService;
import io.coldchain.server.catalog.CatalogService;
import io.coldchain.server.catalog.ProductResponse;
import io.coldchain.server.dispatch.DispatchService;
import io.coldchain.server.dispatch.WaveRequest;
import io.coldchain.server.dispatch.WaveResponse;
import io.coldchain.server.dispatch.Waves;
import io.coldchain.server.network.CompartmentRequest;
import io.coldchain.server.network.CompartmentSize;
import io.coldchain.server.network.Location;
import io.coldchain.server.network.LockerBankRequest;
import io.coldchain.server.network.NetworkService;
import io.coldchain.server.order.Fulfilment;
import io.coldchain.server.order.OrderService;
import io.coldchain.server.order.PlaceOrderRequest;
import io.coldchain.server.security.CurrentUser;
import io.coldchain.server.security.Role;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Assignment and wave planning at size on the demo city, through the server's own services and a
 * real PostgreSQL (the embedded one unless {@code SPRING_DATASOURCE_URL} is set):
 *
 * <ol>
 *   <li>adds {@code -Dbench.banks} (200) locker banks of 80 compartments on the demo city and
 *       {@code -Dbench.residents} (2,000) residents with homes spread over it;
 *   <li>places {@code -Dbench.orders} (10,000) LOCKER orders for the day after tomorrow (one or two
 *       zones each, no preferred bank) and times one assignment run over all of them;
 *   <li>places orders for tomorrow until they hold {@code -Dbench.waveParcels} (300) parcels,
 *       assigns them, and plans a wave for the three demo stores with the demo fleet
 *       ({@code -Dbench.waveSeconds}, 30 s), printing the plan's vehicles and drive time.
 * </ol>
 */
public final class DispatchBench {

    private static final String[][] MIX = {
        {"MILK-1L", "YOGH-4PK"}, {"PEAS-FRZ-1KG"}, {"BREAD-LOAF", "APPLE-1KG"}, {"CHEESE-200G", "ICE-VAN-1L"},
        {"SALAD-MIX"}, {"BANANA-1KG"}, {"CHICKEN-1KG", "PASTA-500G"}, {"FISH-FRZ-400G"}
    };

    public static void main(String[] args) {
        int banks = Integer.getInteger("bench.banks", 200);
        int residentCount = Integer.getInteger("bench.residents", 2000);
        int orders = Integer.getInteger("bench.orders", 10_000);
        int waveParcels = Integer.getInteger("bench.waveParcels", 300);
        int waveSeconds = Integer.getInteger("bench.waveSeconds", 30);
        long t0 = System.nanoTime();
        ConfigurableApplicationContext app =
                BenchServer.start("bench-data", "--logging.level.io.coldchain.server.assignment=INFO");
        try {
            System.out.printf(Locale.ROOT, "server up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            run(app, banks, residentCount, orders, waveParcels, waveSeconds);
        } finally {
            SpringApplication.exit(app);
        }
    }

    private static void run(
            ConfigurableApplicationContext app,
            int banks,
            int residentCount,
            int orders,
            int waveParcels,
            int waveSeconds) {
        NetworkService network = app.getBean(NetworkService.class);
        CatalogService catalog = app.getBean(CatalogService.class);
        OrderService orderService = app.getBean(OrderService.class);
        AssignmentService assignment = app.getBean(AssignmentService.class);
        DispatchService dispatch = app.getBean(DispatchService.class);
        Waves waves = app.getBean(Waves.class);
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        Random random = new Random(42);

        long t = System.nanoTime();
        for (int b = 0; b < banks; b++) {
            List<CompartmentRequest> compartments = new ArrayList<>();
            add(compartments, "F", 20, TemperatureZone.FROZEN, CompartmentSize.S, CompartmentSize.M);
            add(compartments, "C", 30, TemperatureZone.CHILLED, CompartmentSize.M, CompartmentSize.L);
            add(compartments, "T", 10, TemperatureZone.COOL, CompartmentSize.M, CompartmentSize.L);
            add(compartments, "A", 20, TemperatureZone.AMBIENT, CompartmentSize.L, CompartmentSize.XL);
            network.createLockerBank(new LockerBankRequest(
                    String.format(Locale.ROOT, "BB-%04d", b),
                    "Bench locker " + b,
                    "Bench street " + b,
                    spot(random),
                    null,
                    true,
                    List.of(),
                    compartments,
                    null));
        }
        List<Long> residentIds = new ArrayList<>();
        for (int r = 0; r < residentCount; r++) {
            Location home = spot(random);
            residentIds.add(jdbc.sql("insert into resident (display_name, lat, lon) values (?, ?, ?) returning id")
                    .params("Bench resident " + r, home.lat(), home.lon())
                    .query(Long.class)
                    .single());
        }
        for (String store : List.of("ST-01", "ST-02", "ST-03")) {
            for (ProductResponse product : catalog.products()) {
                catalog.setStock(store, product.id(), 1_000_000);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "network: %d extra locker banks x 80 compartments, %d residents (%.1f s)%n",
                banks,
                residentCount,
                (System.nanoTime() - t) / 1e9);

        CurrentUser staff = new CurrentUser("bench", "", Role.DISPATCHER, null, true);
        LocalDate later = LocalDate.now(ZoneOffset.UTC).plusDays(2);
        t = System.nanoTime();
        for (int i = 0; i < orders; i++) {
            orderService.place(
                    staff, "bench-" + i, order(residentIds.get(random.nextInt(residentIds.size())), later, random));
        }
        double placeSeconds = (System.nanoTime() - t) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "placed %d orders (%d parcels) in %.1f s (%.0f orders/s, service calls, no HTTP)%n",
                orders,
                count(jdbc, "select count(*) from parcel"),
                placeSeconds,
                orders / placeSeconds);

        System.gc();
        long heapBefore = usedHeap();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        t = System.nanoTime();
        AssignmentRunResponse run = assignment.run("MANUAL", "bench");
        double assignSeconds = (System.nanoTime() - t) / 1e9;
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
        System.out.printf(
                Locale.ROOT,
                "ASSIGNMENT %d orders: %.2f s; %d to lockers, %d to stores, %d left PLACED, %d compartments reserved, "
                        + "mean home-to-locker %.0f s by road; heap %d MB before, peak %d MB during the run%n",
                run.ordersConsidered(),
                assignSeconds,
                run.toLocker(),
                run.toStore(),
                run.leftPlaced(),
                run.parcelsReserved(),
                run.travelSeconds() / Math.max(1, run.toLocker()),
                heapBefore / (1 << 20),
                peak / (1 << 20));

        LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        int parcels = 0;
        int waveOrders = 0;
        while (parcels < waveParcels) {
            var placed = orderService.place(
                    staff,
                    "wave-" + waveOrders++,
                    order(residentIds.get(random.nextInt(residentIds.size())), tomorrow, random));
            parcels += placed.order().parcels().size();
        }
        AssignmentRunResponse small = assignment.run("MANUAL", "bench");
        System.out.printf(
                Locale.ROOT,
                "wave input: %d orders for %s, %d parcels, %d assigned to lockers%n",
                waveOrders,
                tomorrow,
                parcels,
                small.toLocker());

        t = System.nanoTime();
        WaveResponse wave =
                waves.createWave(new WaveRequest(tomorrow, List.of("ST-01", "ST-02", "ST-03"), waveSeconds), "bench");
        while (waves.wave(wave.id()).status().equals("PLANNING")) {
            sleep(100);
        }
        wave = waves.wave(wave.id());
        double planSeconds = (System.nanoTime() - t) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "WAVE %d parcels, 3 stores, %d vehicles available: %s in %.1f s (limit %d s); %d vehicles used, "
                        + "total drive %.0f s (%.1f h), %.1f km; %d parcels planned, %d unserved%n",
                parcels,
                count(jdbc, "select count(*) from vehicle"),
                wave.status(),
                planSeconds,
                waveSeconds,
                wave.vehicles(),
                wave.driveSeconds(),
                wave.driveSeconds() / 3600,
                wave.distanceMetres() / 1000,
                wave.parcelsPlanned(),
                wave.parcelsUnserved());
        wave.unserved().stream().limit(5).forEach(u -> System.out.println("  unserved: " + u));
        if (wave.parcelsUnserved() > 0) {
            t = System.nanoTime();
            WaveResponse second =
                    waves.createWave(new WaveRequest(tomorrow, List.of("ST-01", "ST-02", "ST-03"), 10), "bench");
            while (waves.wave(second.id()).status().equals("PLANNING")) {
                sleep(100);
            }
            second = waves.wave(second.id());
            System.out.printf(
                    Locale.ROOT,
                    "SECOND WAVE for the %d left: %s in %.1f s (limit 10 s); %d vehicles out again, drive %.0f s; "
                            + "%d planned, %d unserved%n",
                    wave.parcelsUnserved(),
                    second.status(),
                    (System.nanoTime() - t) / 1e9,
                    second.vehicles(),
                    second.driveSeconds(),
                    second.parcelsPlanned(),
                    second.parcelsUnserved());
        }
        int stops = count(
                jdbc,
                "select count(*) from route_stop s join route r on r.id = s.route_id where r.wave_id = " + wave.id());
        System.out.printf(
                Locale.ROOT,
                "  %d stops; routes end by %s%n",
                stops,
                dispatch.routes(wave.id(), null).stream()
                        .map(r -> r.returnAt())
                        .max(Instant::compareTo)
                        .orElse(null));
    }

    private static PlaceOrderRequest order(long residentId, LocalDate day, Random random) {
        String[] products = MIX[random.nextInt(MIX.length)];
        List<PlaceOrderRequest.Line> lines = new ArrayList<>();
        for (String product : products) {
            lines.add(new PlaceOrderRequest.Line(product, 1 + random.nextInt(3)));
        }
        Instant start = day.atTime(14, 0).toInstant(ZoneOffset.UTC);
        return new PlaceOrderRequest(
                residentId,
                Fulfilment.LOCKER,
                null,
                null,
                false,
                null,
                new PlaceOrderRequest.Slot(start, start.plusSeconds(6 * 3600)),
                lines);
    }

    /** A point in the demo city (a 4 km square around 46.0, 9.0). */
    private static Location spot(Random random) {
        return new Location(
                46.0 + (random.nextDouble() - 0.5) * 3.6 / 111.0, 9.0 + (random.nextDouble() - 0.5) * 3.6 / 77.1);
    }

    private static void add(
            List<CompartmentRequest> into,
            String prefix,
            int n,
            TemperatureZone zone,
            CompartmentSize small,
            CompartmentSize large) {
        for (int i = 1; i <= n; i++) {
            into.add(new CompartmentRequest(
                    String.format(Locale.ROOT, "%s%02d", prefix, i), i <= n / 2 ? small : large, zone));
        }
    }

    private static int count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
