package io.coldchain.server.dispatch;

import static io.coldchain.server.testing.OrderFixtures.awaitWave;
import static io.coldchain.server.testing.OrderFixtures.lockerOrder;
import static io.coldchain.server.testing.OrderFixtures.place;
import static io.coldchain.server.testing.OrderFixtures.planTomorrow;
import static io.coldchain.server.testing.OrderFixtures.tomorrow;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.routing.road.GeoPoint;
import io.coldchain.routing.road.TravelMatrix;
import io.coldchain.routing.vrp.FeasibilityChecker;
import io.coldchain.routing.vrp.Objective;
import io.coldchain.routing.vrp.TimeWindow;
import io.coldchain.routing.vrp.VrpJob;
import io.coldchain.routing.vrp.VrpProblem;
import io.coldchain.routing.vrp.VrpSolution;
import io.coldchain.routing.vrp.VrpVehicle;
import io.coldchain.server.roads.Roads;
import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * From orders to full lockers on the demo city: 200 orders placed, assigned, a wave planned for
 * the three stores and driven, every parcel put into its compartment; then every order is
 * READY_FOR_PICKUP, no compartment holds two parcels, and every stored route passes the routing
 * library's feasibility checker rebuilt from what the API shows.
 */
@IntegrationTest
@TestPropertySource(properties = "coldchain.test.context=delivery-e2e") // its own database
class DeliveryEndToEndIT {

    private static final String[] ZONES = {"FROZEN", "CHILLED", "AMBIENT"};
    private static final String[] ZONE_ORDER = {"FROZEN", "CHILLED", "COOL", "AMBIENT"};

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Roads roads;

    @Test
    void twoHundredOrdersReachTheirLockers() {
        ApiClient dispatcher = ApiClient.as(port, "dispatcher", "demo");
        ApiClient courier = ApiClient.as(port, "courier", "demo");
        ApiClient[] residents = {ApiClient.as(port, "resident1", "demo"), ApiClient.as(port, "resident2", "demo")};

        // 40 frozen, 90 chilled, 70 ambient orders; each zone spread round-robin over the 12 banks,
        // which have 4 frozen, 8 chilled and 6 ambient compartments each
        int[] perZone = new int[3];
        List<Long> orderIds = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int k = i % 20;
            int zone = k < 4 ? 0 : k < 13 ? 1 : 2;
            String bank = String.format(Locale.ROOT, "LB-%04d", perZone[zone]++ % 12 + 1);
            Map<String, Object> order =
                    switch (zone) {
                        case 0 -> lockerOrder(bank, "PEAS-FRZ-1KG", 1 + i % 3, "ICE-VAN-1L", 1);
                        case 1 -> lockerOrder(bank, "MILK-1L", 2, "YOGH-4PK", 1 + i % 2, "CHEESE-200G", 1);
                        default -> lockerOrder(bank, "BREAD-LOAF", 1, "APPLE-1KG", 1 + i % 4);
                    };
            ApiClient.Response placed = place(residents[i % 2], order);
            assertThat(placed.status()).as(placed.raw()).isEqualTo(201);
            assertThat(placed.body().get("parcels")).hasSize(1);
            orderIds.add(placed.body().get("id").asLong());
        }

        ApiClient.Response run = dispatcher.post("/api/v1/assignment-runs", Map.of());
        assertThat(run.status()).as(run.raw()).isEqualTo(201);
        assertThat(run.body().get("toLocker").asInt()).isEqualTo(200);
        assertThat(run.body().get("leftPlaced").asInt()).isZero();

        ApiClient.Response created = planTomorrow(dispatcher, 5);
        assertThat(created.status()).as(created.raw()).isEqualTo(202);
        JsonNode wave = awaitWave(dispatcher, created.body().get("id").asLong());
        assertThat(wave.get("status").asString()).as(wave.toString()).isEqualTo("PLANNED");
        assertThat(wave.get("parcelsPlanned").asInt()).isEqualTo(200);
        assertThat(wave.get("parcelsUnserved").asInt()).isZero();

        List<JsonNode> routes = new ArrayList<>();
        for (JsonNode id : wave.get("routeIds")) {
            routes.add(dispatcher.get("/api/v1/routes/" + id.asLong()).body());
        }
        assertFeasible(wave, routes);

        assertRefusedDropOffs(courier, routes.get(0), routes);

        for (JsonNode route : routes) {
            long id = route.get("id").asLong();
            assertThat(route.get("polyline").asString()).isNotEmpty();
            if (route != routes.get(0)) { // the first was approved and started while checking refusals
                assertThat(dispatcher
                                .post("/api/v1/routes/" + id + "/approve", Map.of())
                                .status())
                        .isEqualTo(200);
                assertThat(courier.post("/api/v1/routes/" + id + "/start", Map.of())
                                .status())
                        .isEqualTo(200);
            }
            for (JsonNode stop : route.get("stops")) {
                int seq = stop.get("seq").asInt();
                assertThat(courier.post("/api/v1/routes/" + id + "/stops/" + seq + "/arrival", Map.of())
                                .status())
                        .isEqualTo(200);
                List<Map<String, Object>> drops = new ArrayList<>();
                for (JsonNode parcel : stop.get("parcels")) {
                    drops.add(Map.of(
                            "parcelId",
                            parcel.get("parcelId").asLong(),
                            "compartment",
                            parcel.get("compartment").asString()));
                }
                ApiClient.Response dropped =
                        courier.post("/api/v1/routes/" + id + "/stops/" + seq + "/drop-offs", Map.of("drops", drops));
                assertThat(dropped.status()).as(dropped.raw()).isEqualTo(200);
            }
            assertThat(dispatcher
                            .get("/api/v1/routes/" + id)
                            .body()
                            .get("status")
                            .asString())
                    .isEqualTo("COMPLETED");
        }

        JsonNode ready = dispatcher
                .get("/api/v1/orders?state=READY_FOR_PICKUP&limit=1000")
                .body();
        assertThat(ready).hasSize(200);
        JsonNode one = residents[0].get("/api/v1/orders/" + orderIds.get(0)).body();
        assertThat(one.get("history"))
                .extracting(h -> h.get("to").asString())
                .containsExactly("PLACED", "ASSIGNED", "PICKED", "IN_TRANSIT", "READY_FOR_PICKUP");

        // no compartment double-booked: 200 parcels in 200 distinct OCCUPIED compartments
        assertThat(jdbc.sql("select count(distinct compartment_id) from parcel where delivered_at is not null")
                        .query(Integer.class)
                        .single())
                .isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from compartment where status = 'OCCUPIED'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(200);
        // stock left the shelves: 1000 per product per store at the start
        int taken = jdbc.sql("select sum(1000 - on_hand) from stock")
                .query(Integer.class)
                .single();
        int ordered = jdbc.sql("select sum(quantity) from order_line")
                .query(Integer.class)
                .single();
        assertThat(taken).isEqualTo(ordered);
    }

    /** A courier's mistakes are refused whole, with the reason, before the route has even started or after. */
    private void assertRefusedDropOffs(ApiClient courier, JsonNode route, List<JsonNode> routes) {
        long id = route.get("id").asLong();
        JsonNode stop = route.get("stops").get(0);
        long parcel = stop.get("parcels").get(0).get("parcelId").asLong();
        String path = "/api/v1/routes/" + id + "/stops/1/drop-offs";
        ApiClient.Response early =
                courier.post(path, Map.of("drops", List.of(Map.of("parcelId", parcel, "compartment", "C01"))));
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body().get("detail").asString()).contains("is PLANNED");
        assertThat(courier.post("/api/v1/routes/" + id + "/start", Map.of()).status())
                .as("a route starts only once approved")
                .isEqualTo(409);
        ApiClient dispatcher = ApiClient.as(port, "dispatcher", "demo");
        assertThat(dispatcher
                        .post("/api/v1/routes/" + id + "/approve", Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(courier.post("/api/v1/routes/" + id + "/start", Map.of()).status())
                .isEqualTo(200);
        ApiClient.Response noSuch =
                courier.post(path, Map.of("drops", List.of(Map.of("parcelId", parcel, "compartment", "Z99"))));
        assertThat(noSuch.status()).isEqualTo(409);
        assertThat(noSuch.body().get("detail").asString()).contains("has no compartment Z99");
        // into another parcel's compartment: refused, naming the one this parcel has reserved
        JsonNode parcels = stop.get("parcels");
        assertThat(parcels.size()).as("a stop with two parcels").isGreaterThan(1);
        String own = parcels.get(0).get("compartment").asString();
        String other = parcels.get(1).get("compartment").asString();
        ApiClient.Response taken =
                courier.post(path, Map.of("drops", List.of(Map.of("parcelId", parcel, "compartment", other))));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body().get("detail").asString())
                .contains("compartment " + other + " is")
                .endsWith("its reserved compartment is " + own);
        long elsewhere = routes.get(routes.size() - 1)
                .get("stops")
                .get(1)
                .get("parcels")
                .get(0)
                .get("parcelId")
                .asLong();
        ApiClient.Response wrongStop =
                courier.post(path, Map.of("drops", List.of(Map.of("parcelId", elsewhere, "compartment", "C01"))));
        assertThat(wrongStop.status()).isEqualTo(400);
        JsonNode after = courier.get("/api/v1/routes/" + id)
                .body()
                .get("stops")
                .get(0)
                .get("parcels")
                .get(0);
        assertThat(after.get("deliveredAt").isNull()).as("nothing half-written").isTrue();
    }

    /** Rebuilds the VRP from the stored routes and checks them with the routing library's checker. */
    private void assertFeasible(JsonNode wave, List<JsonNode> routes) {
        Instant base = tomorrow().atStartOfDay(ZoneOffset.UTC).toInstant();
        List<String> ids = new ArrayList<>();
        List<GeoPoint> points = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        ApiClient admin = ApiClient.as(port, "admin", "demo");
        for (JsonNode store : admin.get("/api/v1/stores").body()) {
            index.put(store.get("id").asString(), ids.size());
            ids.add(store.get("id").asString());
            points.add(new GeoPoint(
                    store.get("location").get("lat").asDouble(),
                    store.get("location").get("lon").asDouble()));
        }
        for (JsonNode bank : admin.get("/api/v1/locker-banks").body()) {
            index.put(bank.get("id").asString(), ids.size());
            ids.add(bank.get("id").asString());
            points.add(new GeoPoint(
                    bank.get("location").get("lat").asDouble(),
                    bank.get("location").get("lon").asDouble()));
        }
        TravelMatrix matrix = roads.routing().matrix(points);
        double shiftStart = seconds(base, Instant.parse(wave.get("shiftStart").asString()));
        double shiftEnd = seconds(base, Instant.parse(wave.get("shiftEnd").asString()));
        List<VrpVehicle> vehicles = new ArrayList<>();
        for (JsonNode v : admin.get("/api/v1/vehicles").body()) {
            double[] capacity = new double[8];
            for (JsonNode c : v.get("compartments")) {
                int z = List.of(ZONE_ORDER).indexOf(c.get("zone").asString());
                capacity[z * 2] = c.get("capacityLitres").asDouble();
                capacity[z * 2 + 1] = c.get("capacityKg").asDouble();
            }
            String store = v.get("homeStoreId").asString();
            vehicles.add(
                    new VrpVehicle(v.get("id").asString(), store, index.get(store), capacity, shiftStart, shiftEnd));
        }
        List<VrpJob> jobs = new ArrayList<>();
        List<VrpSolution.Route> solved = new ArrayList<>();
        double total = 0;
        for (JsonNode route : routes) {
            List<VrpSolution.Stop> stops = new ArrayList<>();
            for (JsonNode stop : route.get("stops")) {
                String jobId = "stop-" + stop.get("id").asLong();
                double[] demand = new double[8];
                for (JsonNode parcel : stop.get("parcels")) {
                    int z = List.of(ZONE_ORDER).indexOf(parcel.get("zone").asString());
                    demand[z * 2] += parcel.get("litres").asDouble();
                    demand[z * 2 + 1] += parcel.get("kg").asDouble();
                }
                TimeWindow window = new TimeWindow(
                        seconds(base, Instant.parse(stop.get("windowStart").asString())),
                        seconds(base, Instant.parse(stop.get("windowEnd").asString())));
                double ride = stop.get("maxRideSeconds").isNull()
                        ? Double.POSITIVE_INFINITY
                        : stop.get("maxRideSeconds").asDouble();
                jobs.add(new VrpJob(
                        jobId,
                        index.get(stop.get("lockerBankId").asString()),
                        demand,
                        List.of(window),
                        stop.get("serviceSeconds").asDouble(),
                        route.get("storeId").asString(),
                        ride));
                double arrival =
                        seconds(base, Instant.parse(stop.get("plannedArrival").asString()));
                double departure =
                        seconds(base, Instant.parse(stop.get("plannedDeparture").asString()));
                stops.add(new VrpSolution.Stop(jobId, arrival, Math.max(arrival, window.start()), departure));
            }
            double cost = route.get("driveSeconds").asDouble();
            total += cost;
            solved.add(new VrpSolution.Route(
                    route.get("vehicleId").asString(),
                    stops,
                    seconds(base, Instant.parse(route.get("departure").asString())),
                    seconds(base, Instant.parse(route.get("returnAt").asString())),
                    cost));
        }
        VrpProblem problem = new VrpProblem(jobs, vehicles, matrix, Objective.TRAVEL_TIME);
        assertThat(new FeasibilityChecker(problem).check(new VrpSolution(solved, List.of(), total)))
                .isEmpty();
        assertThat(jobs.stream().filter(j -> j.maxRideTime() < Double.POSITIVE_INFINITY))
                .isNotEmpty();
    }

    private static double seconds(Instant base, Instant t) {
        return Duration.between(base, t).toMillis() / 1000.0;
    }
}
