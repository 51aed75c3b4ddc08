package io.coldchain.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.server.ColdchainServer;
import io.coldchain.server.testing.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The zero-install mode: no database or broker configured, so both start in-process; the data
 * directory keeps the system across a restart, and {@code fresh=true} starts from nothing.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class EmbeddedModeIT {

    @TempDir
    Path dataDir;

    @Test
    void startsEmbeddedKeepsDataAcrossRestartAndStartsFreshOnRequest(
            org.springframework.boot.test.system.CapturedOutput output) {
        String storeId;
        try (ConfigurableApplicationContext app = start(false)) {
            int port = port(app);
            ApiClient admin = ApiClient.as(port, "admin", "demo");
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> "UP"
                            .equals(ApiClient.anonymous(port)
                                    .get("/actuator/health")
                                    .body()
                                    .get("status")
                                    .asString()));
            assertThat(app.getEnvironment().getProperty("spring.datasource.url"))
                    .isNull();
            // durable by default: an acknowledged order survives a power cut
            var jdbc = app.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
            assertThat(jdbc.sql("show fsync").query(String.class).single()).isEqualTo("on");
            assertThat(jdbc.sql("show synchronous_commit").query(String.class).single())
                    .isEqualTo("on");
            storeId = "ST-KEEP-" + System.nanoTime();
            assertThat(admin.post("/api/v1/stores", io.coldchain.server.testing.NetworkFixtures.store(storeId))
                            .status())
                    .isEqualTo(201);
        }
        // the log says what a person needs, not the broker's storage internals (about 190 lines of
        // them at start, cache hit rates at stop) nor an empty registry before seeding as news
        assertThat(output.getOut())
                .contains("Embedded PostgreSQL 15 ready")
                .doesNotContain("Exodus environment created")
                .doesNotContainIgnoringCase("hit rate")
                .doesNotContain("Published 0 device bindings")
                .doesNotContain("NOT DURABLE");
        assertThat(Files.isDirectory(dataDir.resolve("postgres"))).isTrue();
        assertThat(Files.isDirectory(dataDir.resolve("mqtt"))).isTrue();

        try (ConfigurableApplicationContext app = start(false)) {
            ApiClient admin = ApiClient.as(port(app), "admin", "demo");
            assertThat(admin.get("/api/v1/stores/" + storeId).status()).isEqualTo(200);
            // the demo city is seeded once, not again on restart
            assertThat(admin.get("/api/v1/locker-banks").body().size()).isEqualTo(12);
            // every demo device is registered at the interval the demo simulator reports at (vehicles
            // once said 30 s against the simulator's 60 s, and went PROBE_SILENT for nothing)
            var devices = admin.get("/api/v1/devices").body();
            assertThat(devices.size()).isEqualTo(18);
            devices.forEach(d -> assertThat(d.get("reportingIntervalS").asInt())
                    .as(d.get("id").asString())
                    .isEqualTo(60));
        }

        try (ConfigurableApplicationContext app = start(true)) {
            ApiClient admin = ApiClient.as(port(app), "admin", "demo");
            assertThat(admin.get("/api/v1/stores/" + storeId).status()).isEqualTo(404);
        }
    }

    private ConfigurableApplicationContext start(boolean fresh) {
        return new SpringApplicationBuilder(ColdchainServer.class)
                .run(
                        "--server.port=0",
                        "--coldchain.demo.enabled=true",
                        "--coldchain.demo.simulate=false",
                        "--coldchain.embedded.data-dir=" + dataDir,
                        "--coldchain.embedded.fresh=" + fresh,
                        "--coldchain.embedded.mqtt-port=0");
    }

    private static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }
}
