package io.coldchain.server.network;

import static io.coldchain.server.testing.NetworkFixtures.compartment;
import static io.coldchain.server.testing.NetworkFixtures.lockerBank;
import static io.coldchain.server.testing.NetworkFixtures.lockerDevice;
import static io.coldchain.server.testing.NetworkFixtures.store;
import static io.coldchain.server.testing.NetworkFixtures.uniqueId;
import static io.coldchain.server.testing.NetworkFixtures.vehicle;
import static io.coldchain.server.testing.NetworkFixtures.vehicleCompartment;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.ApiClient.Response;
import io.coldchain.server.testing.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class NetworkApiIT {

    @LocalServerPort
    int port;

    ApiClient admin;
    String storeId;

    @BeforeEach
    void setUp() {
        admin = ApiClient.as(port, "admin", "demo");
        storeId = uniqueId("ST");
        assertThat(admin.post("/api/v1/stores", store(storeId)).status()).isEqualTo(201);
    }

    @Test
    void demoCitySeedsTheRequiredNetwork() {
        assertThat(admin.get("/api/v1/stores").body().size()).isGreaterThanOrEqualTo(3);
        assertThat(count(admin.get("/api/v1/locker-banks"), "LB-\\d{4}")).isEqualTo(12);
        assertThat(count(admin.get("/api/v1/vehicles"), "VH-\\d{2}")).isEqualTo(6);
        Response devices = admin.get("/api/v1/devices");
        // every zone of every demo locker bank and every demo vehicle compartment has a probe
        for (var bank : admin.get("/api/v1/locker-banks").body()) {
            if (!bank.get("id").asString().matches("LB-\\d{4}")) {
                continue;
            }
            var device = find(devices, bank.get("id").asString());
            for (var compartment : bank.get("compartments")) {
                String zone = compartment.get("zone").asString();
                assertThat(device.get("probes")
                                .get(zone.toLowerCase())
                                .get("assetId")
                                .asString())
                        .isEqualTo(bank.get("id").asString() + "/" + zone);
            }
        }
        for (var vehicle : admin.get("/api/v1/vehicles").body()) {
            if (!vehicle.get("id").asString().matches("VH-\\d{2}")) {
                continue;
            }
            var device = find(devices, "DEV-" + vehicle.get("id").asString());
            assertThat(device.get("probes").size())
                    .isEqualTo(vehicle.get("compartments").size());
        }
    }

    @Test
    void lockerBankRoundTripMergesCompartmentsByCode() {
        String bankId = uniqueId("LB");
        Response created = admin.post("/api/v1/locker-banks", lockerBank(bankId, storeId));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("compartments").size()).isEqualTo(3);
        assertThat(created.body().get("openingHours").get(0).get("opens").asString())
                .isEqualTo("07:00:00");

        Map<String, Object> update = lockerBank(bankId, storeId);
        update.put("version", created.body().get("version").asLong());
        update.put("compartments", List.of(compartment("C01", "XL", "CHILLED"), compartment("A01", "L", "AMBIENT")));
        Response updated = admin.put("/api/v1/locker-banks/" + bankId, update);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().get("version").asLong())
                .isGreaterThan(created.body().get("version").asLong());
        assertThat(updated.body().get("compartments").toString())
                .contains("\"code\":\"A01\"", "\"size\":\"XL\"")
                .doesNotContain("F01", "C02");
    }

    @Test
    void compartmentCanBeTakenOutOfServiceButNotReservedByStaff() {
        String bankId = uniqueId("LB");
        admin.post("/api/v1/locker-banks", lockerBank(bankId, storeId));
        ApiClient dispatcher = ApiClient.as(port, "dispatcher", "demo");
        String path = "/api/v1/locker-banks/" + bankId + "/compartments/C01/status";

        Response out = dispatcher.put(path, Map.of("status", "OUT_OF_SERVICE"));
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.body().get("compartments").get(0).get("status").asString())
                .isEqualTo("OUT_OF_SERVICE");

        Response reserve = dispatcher.put(path, Map.of("status", "RESERVED"));
        assertThat(reserve.status()).isEqualTo(400);
        assertThat(reserve.body().get("errors").get(0).get("field").asString()).isEqualTo("status");
        assertThat(dispatcher
                        .put(
                                "/api/v1/locker-banks/" + bankId + "/compartments/ZZ9/status",
                                Map.of("status", "AVAILABLE"))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void missingFieldIsA400NamingTheField() {
        Map<String, Object> body = store(uniqueId("ST"));
        body.remove("name");
        assertFieldProblem(admin.post("/api/v1/stores", body), "name");
    }

    @Test
    void unknownZoneIsA400NamingTheField() {
        Map<String, Object> body = lockerBank(uniqueId("LB"), storeId);
        body.put("compartments", List.of(compartment("C01", "M", "LUKEWARM")));
        Response response = admin.post("/api/v1/locker-banks", body);
        assertFieldProblem(response, "compartments[0].zone");
        assertThat(response.body().get("detail").asString()).contains("LUKEWARM", "CHILLED");
    }

    @Test
    void negativeCapacityIsA400NamingTheField() {
        Map<String, Object> body = vehicle(uniqueId("VH"), storeId);
        body.put("compartments", List.of(vehicleCompartment("CHILLED", -5, 100)));
        assertFieldProblem(admin.post("/api/v1/vehicles", body), "compartments[0].capacityLitres");
    }

    @Test
    void malformedJsonIsA400ProblemDetail() {
        Response response = admin.post("/api/v1/stores", "{\"id\": \"ST-X\", \"name\": ");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("title").asString()).isEqualTo("Malformed request body");
    }

    @Test
    void wrongTypeIsA400NamingTheField() {
        Map<String, Object> body = store(uniqueId("ST"));
        body.put("location", Map.of("lat", "north", "lon", 9.0));
        assertFieldProblem(admin.post("/api/v1/stores", body), "location.lat");
    }

    @Test
    void idThatCannotBeATopicLevelIsRejected() {
        assertFieldProblem(admin.post("/api/v1/stores", store("bad/id#")), "id");
    }

    @Test
    void duplicateIdIsAConflict() {
        Response again = admin.post("/api/v1/stores", store(storeId));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("detail").asString()).contains(storeId, "already exists");
    }

    @Test
    void unknownResourceIsA404ProblemDetail() {
        Response response = admin.get("/api/v1/locker-banks/NOPE-1");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("detail").asString()).contains("NOPE-1");
    }

    @Test
    void deviceBoundToAZoneTheBankDoesNotHaveIsRejected() {
        String bankId = uniqueId("LB");
        admin.post("/api/v1/locker-banks", lockerBank(bankId, storeId));
        Map<String, Object> device = lockerDevice(uniqueId("DV"), bankId);
        @SuppressWarnings("unchecked")
        Map<String, Object> probes = (Map<String, Object>) device.get("probes");
        probes.put("cool", io.coldchain.server.testing.NetworkFixtures.probe("LOCKER_ZONE", bankId, "COOL"));
        assertFieldProblem(admin.post("/api/v1/devices", device), "probes.cool.zone");

        Map<String, Object> unknownOwner = lockerDevice(uniqueId("DV"), "LB-DOES-NOT-EXIST");
        assertFieldProblem(admin.post("/api/v1/devices", unknownOwner), "probes.chilled.ownerId");
    }

    @Test
    void aZoneMeasuredByAProbeCannotBeRemovedFromItsBank() {
        String bankId = uniqueId("LB");
        Response bank = admin.post("/api/v1/locker-banks", lockerBank(bankId, storeId));
        String deviceId = uniqueId("DV");
        assertThat(admin.post("/api/v1/devices", lockerDevice(deviceId, bankId)).status())
                .isEqualTo(201);
        Map<String, Object> withoutFrozen = lockerBank(bankId, storeId);
        withoutFrozen.put("version", bank.body().get("version").asLong());
        withoutFrozen.put("compartments", List.of(compartment("C01", "M", "CHILLED")));
        Response refused = admin.put("/api/v1/locker-banks/" + bankId, withoutFrozen);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("detail").asString()).contains("'frozen'", deviceId, bankId + "/FROZEN");
        assertThat(admin.get("/api/v1/locker-banks/" + bankId)
                        .body()
                        .get("compartments")
                        .toString())
                .contains("F01");
    }

    @Test
    void storeInUseCannotBeDeleted() {
        admin.post("/api/v1/locker-banks", lockerBank(uniqueId("LB"), storeId));
        Response response = admin.delete("/api/v1/stores/" + storeId);
        assertThat(response.status()).isEqualTo(409);
        assertThat(admin.get("/api/v1/stores/" + storeId).status()).isEqualTo(200);
    }

    @Test
    void rolesAreEnforced() {
        ApiClient courier = ApiClient.as(port, "courier", "demo");
        ApiClient resident = ApiClient.as(port, "resident1", "demo");
        assertThat(courier.get("/api/v1/vehicles").status()).isEqualTo(200);
        assertThat(courier.post("/api/v1/stores", store(uniqueId("ST"))).status())
                .isEqualTo(403);
        assertThat(resident.get("/api/v1/locker-banks").status()).isEqualTo(200);
        Response forbidden = resident.get("/api/v1/stores");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.contentType()).startsWith("application/problem+json");
        assertThat(resident.get("/api/v1/devices").status()).isEqualTo(403);

        Response anonymous = ApiClient.anonymous(port).get("/api/v1/stores");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(ApiClient.as(port, "admin", "wrong").get("/api/v1/stores").status())
                .isEqualTo(401);
    }

    @Test
    void healthAndApiDocsArePublic() {
        ApiClient anonymous = ApiClient.anonymous(port);
        Response health = anonymous.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");
        // details (database, broker address, disk path) only for an administrator
        assertThat(health.body().has("components")).as(health.raw()).isFalse();
        assertThat(health.raw()).doesNotContain("tcp://").doesNotContain("path");
        Response dispatcher = ApiClient.as(port, "dispatcher", "demo").get("/actuator/health");
        assertThat(dispatcher.body().has("components")).isFalse();
        Response admin = ApiClient.as(port, "admin", "demo").get("/actuator/health");
        assertThat(admin.body().get("components").get("db").get("status").asString())
                .isEqualTo("UP");
        Response docs = anonymous.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().get("paths").has("/api/v1/locker-banks/{id}")).isTrue();
    }

    @Test
    void apiDocsSayWhatTheApiIsHowToSignInAndWhatEveryOperationAnswers() {
        var docs = ApiClient.anonymous(port).get("/v3/api-docs").body();
        assertThat(docs.get("info").get("title").asString()).isEqualTo("coldchain API");
        assertThat(docs.get("info").get("description").asString()).contains("problem");
        var schemes = docs.get("components").get("securitySchemes");
        assertThat(schemes.get("basicAuth").get("scheme").asString()).isEqualTo("basic");
        assertThat(schemes.get("apiToken").get("scheme").asString()).isEqualTo("bearer");
        java.util.List<String> undocumented = new java.util.ArrayList<>();
        java.util.List<String> withoutErrors = new java.util.ArrayList<>();
        int operations = 0;
        for (var path : docs.get("paths").properties()) {
            for (var op : path.getValue().properties()) {
                operations++;
                String name = op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
                if (!op.getValue().has("summary")
                        || op.getValue().get("summary").asString().isBlank()) {
                    undocumented.add(name);
                }
                var responses = op.getValue().get("responses");
                if (!responses.has("401") || !responses.has("403") || !responses.has("500")) {
                    withoutErrors.add(name);
                }
            }
        }
        assertThat(operations).isGreaterThan(60);
        assertThat(undocumented).as("operations without a summary").isEmpty();
        assertThat(withoutErrors).as("operations without their error answers").isEmpty();
        var place = docs.get("paths").get("/api/v1/orders").get("post");
        assertThat(place.get("responses").has("409")).isTrue();
        assertThat(StreamSupport.stream(place.get("parameters").spliterator(), false)
                        .filter(p -> p.get("name").asString().equals("Idempotency-Key"))
                        .map(p -> p.get("required").asBoolean()))
                .containsExactly(true);
    }

    private static void assertFieldProblem(Response response, String field) {
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(StreamSupport.stream(response.body().get("errors").spliterator(), false)
                        .map(e -> e.get("field").asString()))
                .as(response.raw())
                .contains(field);
        assertThat(response.body().get("detail").asString()).contains(field);
    }

    private static long count(Response list, String idPattern) {
        return StreamSupport.stream(list.body().spliterator(), false)
                .filter(n -> n.get("id").asString().matches(idPattern))
                .count();
    }

    private static tools.jackson.databind.JsonNode find(Response list, String id) {
        return StreamSupport.stream(list.body().spliterator(), false)
                .filter(n -> n.get("id").asString().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " in " + list.raw()));
    }
}
