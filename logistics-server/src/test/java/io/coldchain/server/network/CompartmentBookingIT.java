package io.coldchain.server.network;

import static io.coldchain.server.testing.OrderFixtures.lockerOrder;
import static io.coldchain.server.testing.OrderFixtures.place;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.Deliveries;
import io.coldchain.server.testing.IntegrationTest;
import io.coldchain.server.testing.NetworkFixtures;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Compartments are booked for a parcel's stay, not forever: a bank serves orders of different days
 * from the same compartment, the database refuses two overlapping bookings, and the capacity of a
 * bank is a function of the day.
 */
@IntegrationTest
@TestPropertySource(properties = "coldchain.test.context=bookings") // its own database
class CompartmentBookingIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    /** A bank on the demo's roads with one CHILLED compartment. */
    private String oneCompartmentBank() {
        ApiClient admin = ApiClient.as(port, "admin", "demo");
        JsonNode near = admin.get("/api/v1/locker-banks/LB-0002").body();
        String id = NetworkFixtures.uniqueId("LB");
        Map<String, Object> bank = NetworkFixtures.lockerBank(id, "ST-01");
        bank.put(
                "location",
                NetworkFixtures.location(
                        near.get("location").get("lat").asDouble(),
                        near.get("location").get("lon").asDouble()));
        bank.put("alwaysOpen", true);
        bank.put("compartments", new ArrayList<>(List.of(NetworkFixtures.compartment("C01", "L", "CHILLED"))));
        ApiClient.Response created = admin.post("/api/v1/locker-banks", bank);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return id;
    }

    private static Map<String, Object> on(String bank, LocalDate day) {
        Map<String, Object> order = lockerOrder(bank, "MILK-1L", 1);
        order.put(
                "pickupSlot",
                Map.of(
                        "start", day.atTime(14, 0).toInstant(ZoneOffset.UTC).toString(),
                        "end", day.atTime(20, 0).toInstant(ZoneOffset.UTC).toString()));
        return order;
    }

    private long order(ApiClient resident, String bank, LocalDate day) {
        ApiClient.Response placed = place(resident, on(bank, day));
        assertThat(placed.status()).as(placed.raw()).isEqualTo(201);
        return placed.body().get("id").asLong();
    }

    @Test
    void oneCompartmentServesOrdersOfDifferentDaysButNotTwoOnTheSameDay() {
        String bank = oneCompartmentBank();
        ApiClient resident = ApiClient.as(port, "resident1", "demo");
        ApiClient dispatcher = ApiClient.as(port, "dispatcher", "demo");
        LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        long first = order(resident, bank, tomorrow);
        long sameDay = order(resident, bank, tomorrow);
        long nextWeek = order(resident, bank, tomorrow.plusDays(7));
        long nextYear = order(resident, bank, tomorrow.plusDays(365));

        JsonNode run = dispatcher.post("/api/v1/assignment-runs", Map.of()).body();
        assertThat(state(resident, first)).isEqualTo("ASSIGNED");
        assertThat(state(resident, nextWeek))
                .as("a booking next week does not clash with tomorrow's")
                .isEqualTo("ASSIGNED");
        assertThat(state(resident, nextYear)).isEqualTo("ASSIGNED");
        assertThat(state(resident, sameDay)).isEqualTo("PLACED");
        assertThat(run.get("unplaced"))
                .filteredOn(u -> u.get("orderId").asLong() == sameDay)
                .singleElement()
                .satisfies(u -> assertThat(u.get("reason").asString()).contains("no free compartment"));
        assertThat(jdbc.sql(
                                """
                                select count(distinct p.compartment_id) from parcel p
                                where p.order_id in (?, ?, ?)
                                """)
                        .params(first, nextWeek, nextYear)
                        .query(Integer.class)
                        .single())
                .as("the three orders share the bank's one compartment at different times")
                .isEqualTo(1);

        // the capacity is a function of the day
        JsonNode busy = zone(dispatcher
                .get("/api/v1/locker-banks/" + bank + "/capacity?date=" + tomorrow)
                .body());
        assertThat(busy.get("compartments").asInt()).isEqualTo(1);
        assertThat(busy.get("booked").asInt()).isEqualTo(1);
        assertThat(busy.get("free").asInt()).isZero();
        JsonNode quiet = zone(dispatcher
                .get("/api/v1/locker-banks/" + bank + "/capacity?date=" + tomorrow.plusDays(4))
                .body());
        assertThat(quiet.get("booked").asInt()).isZero();
        assertThat(quiet.get("free").asInt()).isEqualTo(1);
        assertThat(quiet.get("freeBySize").get("L").asInt()).isEqualTo(1);
        assertThat(dispatcher
                        .get("/api/v1/locker-banks/NOPE/capacity?date=" + tomorrow)
                        .status())
                .isEqualTo(404);
        assertThat(dispatcher
                        .get("/api/v1/locker-banks/" + bank + "/capacity?date=tomorrow")
                        .status())
                .isEqualTo(400);

        // cancelling tomorrow's order frees tomorrow for the one that waited
        assertThat(resident.post("/api/v1/orders/" + first + "/cancel", Map.of())
                        .status())
                .isEqualTo(200);
        dispatcher.post("/api/v1/assignment-runs", Map.of());
        assertThat(state(resident, sameDay)).isEqualTo("ASSIGNED");
    }

    @Test
    void theDatabaseRefusesTwoOverlappingBookingsOfOneCompartment() {
        String bank = oneCompartmentBank();
        ApiClient resident = ApiClient.as(port, "resident2", "demo");
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(30);
        long a = order(resident, bank, day);
        long b = order(resident, bank, day);
        long compartment = jdbc.sql("select id from compartment where locker_bank_id = ?")
                .param(bank)
                .query(Long.class)
                .single();
        String book = "update parcel set compartment_id = ?, booked = tstzrange(?::timestamptz, ?::timestamptz)"
                + " where order_id = ?";
        String from = day.atTime(6, 0).toInstant(ZoneOffset.UTC).toString();
        String until = day.plusDays(2).atTime(0, 0).toInstant(ZoneOffset.UTC).toString();
        jdbc.sql(book).params(compartment, from, until, a).update();
        assertThatThrownBy(() -> jdbc.sql(book)
                        .params(
                                compartment,
                                day.plusDays(1)
                                        .atTime(0, 0)
                                        .toInstant(ZoneOffset.UTC)
                                        .toString(),
                                day.plusDays(3)
                                        .atTime(0, 0)
                                        .toInstant(ZoneOffset.UTC)
                                        .toString(),
                                b)
                        .update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("parcel_compartment_booking_excl");
        // back to back is fine: the ranges are half-open
        jdbc.sql(book)
                .params(
                        compartment,
                        until,
                        day.plusDays(3).atTime(0, 0).toInstant(ZoneOffset.UTC).toString(),
                        b)
                .update();
        assertThatThrownBy(() -> jdbc.sql("update parcel set booked = null where order_id = ?")
                        .param(a)
                        .update())
                .as("a held compartment always has its period")
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void anExtensionThatWouldRunIntoTheNextBookingIsRefused() {
        String bank = oneCompartmentBank();
        ApiClient resident = ApiClient.as(port, "resident1", "demo");
        ApiClient dispatcher = ApiClient.as(port, "dispatcher", "demo");
        ApiClient courier = ApiClient.as(port, "courier", "demo");
        LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        long now = order(resident, bank, tomorrow);
        long later = order(resident, bank, tomorrow.plusDays(2)); // booked from that day's shift start
        List<JsonNode> routes = Deliveries.sendOut(dispatcher, courier);
        assertThat(state(resident, later)).isEqualTo("ASSIGNED");
        JsonNode[] at = Deliveries.stopOf(routes, now);
        ApiClient.Response dropped = Deliveries.dropByHand(courier, at[0], at[1], List.of(now));
        assertThat(dropped.status()).as(dropped.raw()).isEqualTo(200);
        assertThat(state(resident, now)).isEqualTo("READY_FOR_PICKUP");

        ApiClient.Response refused = resident.post("/api/v1/orders/" + now + "/extend", Map.of());
        assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
        assertThat(refused.body().get("type").asString()).isEqualTo("/problems/pickup-extension-unavailable");
        // the next order keeps its compartment; once it is cancelled the extension is granted
        assertThat(resident.post("/api/v1/orders/" + later + "/cancel", Map.of())
                        .status())
                .isEqualTo(200);
        ApiClient.Response extended = resident.post("/api/v1/orders/" + now + "/extend", Map.of());
        assertThat(extended.status()).as(extended.raw()).isEqualTo(200);
        assertThat(extended.body().get("extended").asBoolean()).isTrue();
    }

    private static JsonNode zone(JsonNode capacity) {
        for (JsonNode z : capacity.get("zones")) {
            if (z.get("zone").asString().equals("CHILLED")) {
                return z;
            }
        }
        throw new AssertionError("no CHILLED zone in " + capacity);
    }

    private static String state(ApiClient resident, long order) {
        return resident.get("/api/v1/orders/" + order).body().get("state").asString();
    }
}
