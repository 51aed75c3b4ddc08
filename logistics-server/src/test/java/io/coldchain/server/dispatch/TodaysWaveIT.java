package io.coldchain.server.dispatch;

import static io.coldchain.server.testing.OrderFixtures.awaitWave;
import static io.coldchain.server.testing.OrderFixtures.lockerOrder;
import static io.coldchain.server.testing.OrderFixtures.place;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A wave planned during its own day: in a site time zone where it is mid-morning now (whatever the
 * clock of the machine running the test), no route departs before now plus the loading time, and a
 * parcel whose slot ends before then says why it stays behind.
 */
@IntegrationTest
class TodaysWaveIT {

    /** The offset (to the quarter hour) at which it is about 10:00 now. */
    static final ZoneOffset MORNING = morningOffset();

    @DynamicPropertySource
    static void siteTimeZone(DynamicPropertyRegistry registry) {
        registry.add("coldchain.orders.time-zone", MORNING::getId);
    }

    @LocalServerPort
    int port;

    static ZoneOffset morningOffset() {
        LocalTime utc = LocalTime.now(ZoneOffset.UTC);
        int minutes = 10 * 60 - (utc.getHour() * 60 + utc.getMinute());
        if (minutes < -12 * 60) {
            minutes += 24 * 60;
        }
        return ZoneOffset.ofTotalSeconds(Math.round(minutes / 15f) * 15 * 60);
    }

    @Test
    void todaysRoutesLeaveAfterLoadingAndAParcelTooLateSaysSo() {
        ApiClient resident = ApiClient.as(port, "resident1", "demo");
        ApiClient dispatcher = ApiClient.as(port, "dispatcher", "demo");
        Instant now = Instant.now();
        long later = place(resident, slotted("LB-0003", now.plus(Duration.ofHours(2)), now.plus(Duration.ofHours(6))))
                .body()
                .get("id")
                .asLong();
        long soon = place(resident, slotted("LB-0006", now.plusSeconds(5 * 60), now.plusSeconds(12 * 60)))
                .body()
                .get("id")
                .asLong();
        assertThat(dispatcher.post("/api/v1/assignment-runs", Map.of()).status())
                .isEqualTo(201);
        assertThat(resident.get("/api/v1/orders/" + soon).body().get("state").asString())
                .isEqualTo("ASSIGNED");

        Instant planned = Instant.now();
        ApiClient.Response created = dispatcher.post(
                "/api/v1/waves",
                Map.of(
                        "deliveryDate",
                        LocalDate.now(MORNING).toString(),
                        "storeIds",
                        List.of("ST-01", "ST-02", "ST-03"),
                        "timeLimitSeconds",
                        3));
        assertThat(created.status()).as(created.raw()).isEqualTo(202);
        JsonNode wave = awaitWave(dispatcher, created.body().get("id").asLong());
        assertThat(wave.get("status").asString()).as(wave.toString()).isEqualTo("PLANNED");
        Instant earliest = planned.plus(Duration.ofMinutes(15)).minusSeconds(1);
        assertThat(Instant.parse(wave.get("shiftStart").asString())).isAfter(earliest);

        assertThat(wave.get("unserved"))
                .filteredOn(u -> u.get("orderId").asLong() == soon)
                .singleElement()
                .satisfies(u -> assertThat(u.get("reason").asString())
                        .startsWith("cannot be delivered in time today: the earliest departure is")
                        .contains("15 min loading time"));
        assertThat(wave.get("routeIds")).isNotEmpty();
        boolean laterPlanned = false;
        for (JsonNode id : wave.get("routeIds")) {
            JsonNode route = dispatcher.get("/api/v1/routes/" + id.asLong()).body();
            assertThat(Instant.parse(route.get("departure").asString()))
                    .as("route %s departs after loading", id)
                    .isAfter(earliest);
            for (JsonNode stop : route.get("stops")) {
                assertThat(Instant.parse(stop.get("plannedArrival").asString())).isAfter(earliest);
                for (JsonNode parcel : stop.get("parcels")) {
                    laterPlanned |= parcel.get("orderId").asLong() == later;
                }
            }
        }
        assertThat(laterPlanned).as("the order due in two hours is on a route").isTrue();
    }

    private static Map<String, Object> slotted(String bank, Instant start, Instant end) {
        Map<String, Object> order = lockerOrder(bank, "MILK-1L", 1);
        order.put("pickupSlot", Map.of("start", start.toString(), "end", end.toString()));
        return order;
    }
}
