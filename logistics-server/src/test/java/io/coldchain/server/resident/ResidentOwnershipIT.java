package io.coldchain.server.resident;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.ApiClient.Response;
import io.coldchain.server.testing.IntegrationTest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Two residents: each sees and changes only their own profile. */
@IntegrationTest
class ResidentOwnershipIT {

    @LocalServerPort
    int port;

    @Test
    void residentsSeeOnlyTheirOwnProfile() {
        ApiClient ada = ApiClient.as(port, "resident1", "demo");
        ApiClient ben = ApiClient.as(port, "resident2", "demo");
        long adaId = ada.get("/api/v1/residents/me").body().get("id").asLong();
        long benId = ben.get("/api/v1/residents/me").body().get("id").asLong();
        assertThat(adaId).isNotEqualTo(benId);

        assertThat(ada.get("/api/v1/residents/" + adaId).status()).isEqualTo(200);
        assertThat(ben.get("/api/v1/residents/" + benId).status()).isEqualTo(200);
        Response adaReadsBen = ada.get("/api/v1/residents/" + benId);
        assertThat(adaReadsBen.status()).isEqualTo(403);
        assertThat(adaReadsBen.raw()).doesNotContain("displayName");
        assertThat(ben.get("/api/v1/residents/" + adaId).status()).isEqualTo(403);

        ApiClient quality = ApiClient.as(port, "quality", "demo");
        assertThat(quality.get("/api/v1/residents/" + benId).body().get("id").asLong())
                .isEqualTo(benId);
        assertThat(ApiClient.as(port, "courier", "demo")
                        .get("/api/v1/residents/" + benId)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void residentCannotChangeAnotherResidentsProfile() {
        ApiClient ada = ApiClient.as(port, "resident1", "demo");
        ApiClient ben = ApiClient.as(port, "resident2", "demo");
        Response benBefore = ben.get("/api/v1/residents/me");
        long benId = benBefore.body().get("id").asLong();

        Map<String, Object> hijack = new LinkedHashMap<>();
        hijack.put("displayName", "Hijacked");
        hijack.put("version", benBefore.body().get("version").asLong());
        assertThat(ada.put("/api/v1/residents/" + benId, hijack).status()).isEqualTo(403);
        assertThat(ben.get("/api/v1/residents/me").body().get("displayName").asString())
                .isEqualTo(benBefore.body().get("displayName").asString());

        Map<String, Object> own = new LinkedHashMap<>(hijack);
        own.put("displayName", "Ben R.");
        own.put("preferredLockerBankId", "LB-0002");
        Response updated = ben.put("/api/v1/residents/" + benId, own);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().get("preferredLockerBankId").asString()).isEqualTo("LB-0002");
    }

    @Test
    void adminRegistersAResidentWhoCanThenLogIn() {
        ApiClient admin = ApiClient.as(port, "admin", "demo");
        String username = "carla-" + System.nanoTime();
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("displayName", "Carla");
        profile.put("preferredLockerBankId", "LB-0003");
        Response created = admin.post(
                "/api/v1/residents", Map.of("username", username, "password", "s3cret-pass", "profile", profile));
        assertThat(created.status()).isEqualTo(201);
        Response me = ApiClient.as(port, username, "s3cret-pass").get("/api/v1/residents/me");
        assertThat(me.body().get("id").asLong())
                .isEqualTo(created.body().get("id").asLong());

        Response badBank = admin.post(
                "/api/v1/residents",
                Map.of(
                        "username",
                        username + "x",
                        "password",
                        "s3cret-pass",
                        "profile",
                        Map.of("displayName", "X", "preferredLockerBankId", "LB-NOPE")));
        assertThat(badBank.status()).isEqualTo(400);
        assertThat(badBank.body().get("errors").get(0).get("field").asString())
                .isEqualTo("profile.preferredLockerBankId");
    }
}
