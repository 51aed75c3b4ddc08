package io.coldchain.gateway.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.gateway.contract.AlertEvent;
import io.coldchain.gateway.contract.AlertState;
import io.coldchain.gateway.contract.AlertType;
import io.coldchain.gateway.contract.AssetKind;
import io.coldchain.gateway.contract.ProbeBinding;
import io.coldchain.gateway.contract.Reading;
import io.coldchain.gateway.ingest.ReadingDecoder;
import io.coldchain.gateway.rules.ProbeTimeline;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The demo's simulated devices behave like well-kept hardware: days of compressor cycles, door
 * openings and defrosts raise no alert through the real rules, and a scripted excursion raises one.
 * (A fleet that alarms at every defrost holds orders for nothing, and the demo looks broken.)
 */
class SimulatedDeviceTest {

    static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

    @Test
    void twoDaysOfTheDemoFleetRaiseNoAlert() {
        List<AlertEvent> raised = new ArrayList<>();
        for (SimulatedDevice device : SimulatorMain.demoDevices(12, 6)) {
            raised.addAll(raisedOver(device, Duration.ofDays(2)));
        }
        assertThat(raised).isEmpty();
    }

    @Test
    void aScriptedExcursionRaisesOneAlert() {
        SimulatedDevice device = SimulatorMain.demoDevices(3, 0).get(2);
        device.script(
                new SimulatedDevice.Excursion("chilled", T0.plus(Duration.ofHours(3)), Duration.ofMinutes(20), 8.5));
        List<AlertEvent> raised = raisedOver(device, Duration.ofHours(6));
        assertThat(raised).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(AlertType.TEMPERATURE_HIGH);
            assertThat(e.probe()).isEqualTo("chilled");
        });
    }

    /** A reading a minute from T0 through the decoder and each probe's rules; the RAISED events. */
    static List<AlertEvent> raisedOver(SimulatedDevice device, Duration length) {
        ReadingDecoder decoder = new ReadingDecoder();
        Map<String, ProbeTimeline> timelines = new HashMap<>();
        AtomicInteger ids = new AtomicInteger();
        List<AlertEvent> raised = new ArrayList<>();
        for (Instant t = T0; t.isBefore(T0.plus(length)); t = t.plusSeconds(60)) {
            for (String json : device.readingsAt(t)) {
                ReadingDecoder.Decoded decoded =
                        decoder.decode(device.deviceId(), json.getBytes(StandardCharsets.UTF_8), t);
                assertThat(decoded.rejections()).isEmpty();
                for (Reading r : decoded.readings()) {
                    ProbeBinding binding = new ProbeBinding(
                            device.deviceId() + "/" + r.probe(),
                            AssetKind.LOCKER_ZONE,
                            device.probes().get(r.probe()),
                            null,
                            null,
                            null);
                    timelines
                            .computeIfAbsent(r.probe(), p -> ProbeTimeline.empty())
                            .add(List.of(r), binding, () -> "a" + ids.incrementAndGet())
                            .stream()
                            .filter(e -> e.state() == AlertState.RAISED)
                            .forEach(raised::add);
                }
            }
        }
        return raised;
    }
}
