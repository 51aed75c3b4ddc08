package io.coldchain.gateway.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The binding serialises to, and reads back from, the architecture's example. */
class DeviceBindingJsonTest {

    private static final String ARCHITECTURE_EXAMPLE =
            """
            {"deviceId": "LB-0007", "reportingIntervalS": 60,
             "probes": {"chilled": {"assetId": "LB-0007/CHILLED", "assetKind": "LOCKER_ZONE", "zone": "CHILLED"},
                        "frozen":  {"assetId": "LB-0007/FROZEN",  "assetKind": "LOCKER_ZONE", "zone": "FROZEN",
                                    "alertAboveC": -14.0, "forS": 600}}}
            """;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void writesTheContractShape() {
        DeviceBinding binding = new DeviceBinding(
                "LB-0007",
                60,
                Map.of(
                        "frozen",
                        new ProbeBinding(
                                "LB-0007/FROZEN", AssetKind.LOCKER_ZONE, TemperatureZone.FROZEN, -14.0, null, 600),
                        "chilled",
                        new ProbeBinding(
                                "LB-0007/CHILLED", AssetKind.LOCKER_ZONE, TemperatureZone.CHILLED, null, null, null)));
        JsonNode written = json.readTree(json.writeValueAsString(binding));
        assertThat(written).isEqualTo(json.readTree(ARCHITECTURE_EXAMPLE));
    }

    @Test
    void readsTheContractShape() {
        DeviceBinding binding = json.readValue(ARCHITECTURE_EXAMPLE, DeviceBinding.class);
        assertThat(binding.probes().keySet()).containsExactly("chilled", "frozen");
        assertThat(binding.probes().get("frozen").alertAboveC()).isEqualTo(-14.0);
        assertThat(binding.probes().get("chilled").forS()).isNull();
    }

    @Test
    void rejectsAnInvertedBand() {
        assertThatThrownBy(() ->
                        new ProbeBinding("X/CHILLED", AssetKind.LOCKER_ZONE, TemperatureZone.CHILLED, 2.0, 5.0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
