package io.coldchain.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coldchain.gateway.contract.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The full round trip against InfluxDB 2 (write through the v2 API, read back in InfluxQL through
 * the v1 endpoint and the bucket's automatic DBRP mapping). It needs a Docker engine: where none
 * answers (as on the development machines of this project) it is skipped with that message; the
 * write and read paths are covered without Docker by InfluxWritePathIT and InfluxQlReadPathIT.
 */
class InfluxRoundTripIT {

    @Test
    void writesAndReadsBackThroughInfluxDb2() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        assumeTrue(docker, "no Docker engine: the influxdb:2 round trip runs only where Docker exists");
        try (GenericContainer<?> influx = new GenericContainer<>("influxdb:2.7")
                .withEnv("DOCKER_INFLUXDB_INIT_MODE", "setup")
                .withEnv("DOCKER_INFLUXDB_INIT_USERNAME", "coldchain")
                .withEnv("DOCKER_INFLUXDB_INIT_PASSWORD", "coldchain-secret")
                .withEnv("DOCKER_INFLUXDB_INIT_ORG", "coldchain")
                .withEnv("DOCKER_INFLUXDB_INIT_BUCKET", "telemetry")
                .withEnv("DOCKER_INFLUXDB_INIT_ADMIN_TOKEN", "test-token")
                .withExposedPorts(8086)
                .waitingFor(Wait.forHttp("/ping").forStatusCode(204))) {
            influx.start();
            String url = "http://" + influx.getHost() + ":" + influx.getMappedPort(8086);
            try (InfluxTelemetryStore store = new InfluxTelemetryStore(
                    new InfluxTelemetryStore.Config(url, "test-token", "coldchain", "telemetry", "telemetry"))) {
                Instant t0 = Instant.parse("2026-11-22T06:00:00Z");
                List<Reading> readings = new ArrayList<>();
                for (int m = 0; m < 30; m++) {
                    readings.add(new Reading(
                            "LB-1", m + 1, t0.plusSeconds(60L * m), "chilled", 3.0, null, null, null, null));
                }
                assertThat(store.store(readings)).hasSize(30);
                assertThat(store.history("LB-1", "chilled", t0, t0.plus(Duration.ofHours(1))))
                        .hasSize(30);
            }
        }
    }
}
