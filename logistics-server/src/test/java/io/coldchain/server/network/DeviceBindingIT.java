package io.coldchain.server.network;

import static io.coldchain.server.testing.NetworkFixtures.lockerBank;
import static io.coldchain.server.testing.NetworkFixtures.lockerDevice;
import static io.coldchain.server.testing.NetworkFixtures.store;
import static io.coldchain.server.testing.NetworkFixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.gateway.contract.Topics;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.mqtt.MqttBrokerAddress;
import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.IntegrationTest;
import io.coldchain.server.testing.RetainedReader;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The retained binding on the broker follows the registry: created, changed, removed. */
@IntegrationTest
class DeviceBindingIT {

    @LocalServerPort
    int port;

    @Autowired
    MqttBrokerAddress broker;

    @Autowired
    ColdchainProperties properties;

    @Autowired
    NetworkService network;

    @Autowired
    DeviceBindingPublisher publisher;

    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void bindingIsRetainedAfterCreateUpdatedOnChangeAndRemovedAfterDelete() {
        ApiClient admin = ApiClient.as(port, "admin", "demo");
        Topics topics = properties.mqtt().topics();
        String storeId = uniqueId("ST");
        String bankId = uniqueId("LB");
        String deviceId = uniqueId("DV");
        admin.post("/api/v1/stores", store(storeId));
        admin.post("/api/v1/locker-banks", lockerBank(bankId, storeId));
        assertThat(admin.post("/api/v1/devices", lockerDevice(deviceId, bankId)).status())
                .isEqualTo(201);

        String topic = topics.deviceConfig(deviceId);
        JsonNode binding = awaitRetained(topic, b -> b.isPresent());
        assertThat(binding.get("deviceId").asString()).isEqualTo(deviceId);
        assertThat(binding.get("reportingIntervalS").asInt()).isEqualTo(60);
        JsonNode frozen = binding.get("probes").get("frozen");
        assertThat(frozen.get("assetId").asString()).isEqualTo(bankId + "/FROZEN");
        assertThat(frozen.get("assetKind").asString()).isEqualTo("LOCKER_ZONE");
        assertThat(frozen.get("zone").asString()).isEqualTo("FROZEN");
        assertThat(frozen.get("alertAboveC").asDouble()).isEqualTo(-14.0);
        assertThat(frozen.get("forS").asInt()).isEqualTo(600);
        assertThat(binding.get("probes").get("chilled").has("alertAboveC")).isFalse();

        Map<String, Object> changed = lockerDevice(deviceId, bankId);
        changed.put("reportingIntervalS", 30);
        changed.put(
                "version",
                admin.get("/api/v1/devices/" + deviceId).body().get("version").asLong());
        assertThat(admin.put("/api/v1/devices/" + deviceId, changed).status()).isEqualTo(200);
        awaitRetained(
                topic, b -> b.isPresent() && b.get().get("reportingIntervalS").asInt() == 30);

        assertThat(admin.delete("/api/v1/devices/" + deviceId).status()).isEqualTo(204);
        awaitRetained(topic, Optional::isEmpty);
    }

    @Test
    void reconciliationClearsBindingsOfDevicesTheRegistryDoesNotKnow() throws Exception {
        Topics topics = properties.mqtt().topics();
        String ghost = uniqueId("GHOST");
        RetainedReader.publishRetained(broker.url(), topics.deviceConfig(ghost), "{\"deviceId\":\"" + ghost + "\"}");
        awaitRetained(topics.deviceConfig(ghost), Optional::isPresent);

        publisher.reconcile();

        awaitRetained(topics.deviceConfig(ghost), Optional::isEmpty);
        // and the demo devices' bindings are (re)published
        awaitRetained(topics.deviceConfig("LB-0001"), Optional::isPresent);
    }

    private JsonNode awaitRetained(String topic, java.util.function.Predicate<Optional<JsonNode>> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Optional<JsonNode> retained =
                            RetainedReader.read(broker.url(), topic).map(json::readTree);
                    last[0] = retained.orElse(null);
                    return condition.test(retained);
                });
        return last[0];
    }
}
