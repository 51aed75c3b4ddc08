package io.coldchain.gateway.ingest;

import io.coldchain.gateway.contract.AlertEvent;
import io.coldchain.gateway.contract.AlertState;
import io.coldchain.gateway.contract.AlertType;
import io.coldchain.gateway.contract.DeviceBinding;
import io.coldchain.gateway.contract.ProbeBinding;
import io.coldchain.gateway.contract.Reading;
import io.coldchain.gateway.rules.DeviceSequencer;
import io.coldchain.gateway.rules.ProbeTimeline;
import io.coldchain.gateway.store.DeadLetterStore;
import io.coldchain.gateway.store.DeadLetterStore.DeadLetter;
import io.coldchain.gateway.store.RuleStateStore;
import io.coldchain.gateway.store.TelemetryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The ordered stages a batch of telemetry messages goes through: decode and validate (rejections
 * to the dead-letter store), store with de-duplication, sequence per device, judge per probe in
 * event time, publish alert events, save rule state. When {@link #process} returns, everything is
 * safely stored and the messages may be acknowledged; when it throws, none may be.
 *
 * <p>Single-threaded by design: one pipeline per worker keeps every device's readings in order.
 */
public final class Pipeline {

    /** A telemetry message as it came off the broker. */
    public record Message(String topic, String deviceId, byte[] payload) {}

    private static final Instant FAR_FUTURE = Instant.parse("9999-01-01T00:00:00Z");

    private final BindingRegistry registry;
    private final TelemetryStore telemetry;
    private final DeadLetterStore deadLetters;
    private final RuleStateStore ruleState;
    private final AlertSink alerts;
    private final Clock clock;
    private final Duration gapTimeout;
    private final GatewayMetrics metrics;
    private final ReadingDecoder decoder = new ReadingDecoder();

    private final Map<String, DeviceSequencer> sequencers = new HashMap<>();
    private final Map<String, Map<String, ProbeTimeline>> timelines = new HashMap<>(); // device -> probe
    private final Map<String, Instant> lastSeen = new HashMap<>(); // wall clock, per probe
    private final Map<String, Instant> lastEventTs = new HashMap<>();
    private final Map<String, String> silent = new HashMap<>(); // probe key -> alertId
    // decided but not yet confirmed by the broker: published first on the next attempt
    private final List<AlertEvent> unpublished = new ArrayList<>();

    public Pipeline(
            BindingRegistry registry,
            TelemetryStore telemetry,
            DeadLetterStore deadLetters,
            RuleStateStore ruleState,
            AlertSink alerts,
            Clock clock,
            Duration gapTimeout,
            GatewayMetrics metrics) {
        this.registry = registry;
        this.telemetry = telemetry;
        this.deadLetters = deadLetters;
        this.ruleState = ruleState;
        this.alerts = alerts;
        this.clock = clock;
        this.gapTimeout = gapTimeout;
        this.metrics = metrics;
    }

    /** Rebuilds the rule state saved by a previous run: windows, announcements and held readings. */
    public void restore() {
        for (RuleStateStore.ProbeState state : ruleState.probes()) {
            List<Reading> window = state.since() == null
                    ? List.of()
                    : telemetry.history(state.deviceId(), state.probe(), state.since(), FAR_FUTURE);
            timelines
                    .computeIfAbsent(state.deviceId(), d -> new HashMap<>())
                    .put(state.probe(), new ProbeTimeline(window, state.announced()));
            String k = key(state.deviceId(), state.probe());
            if (state.lastSeen() != null) {
                lastSeen.put(k, state.lastSeen());
            }
            if (state.silentAlert() != null) {
                silent.put(k, state.silentAlert());
            }
            if (!window.isEmpty()) {
                lastEventTs.put(k, window.get(window.size() - 1).ts());
            }
        }
        for (var entry : ruleState.nextSeqs().entrySet()) {
            sequencers.put(entry.getKey(), new DeviceSequencer(entry.getValue()));
            // readings stored but not yet judged when the previous run stopped
            List<Reading> held = telemetry.fromSeq(entry.getKey(), entry.getValue());
            if (!held.isEmpty()) {
                judge(entry.getKey(), sequencers.get(entry.getKey()).accept(held, clock.instant()), new ArrayList<>());
            }
        }
    }

    public void process(List<Message> messages) {
        Instant now = clock.instant();
        List<Reading> valid = new ArrayList<>();
        List<DeadLetter> rejected = new ArrayList<>();
        for (Message message : messages) {
            metrics.messages.incrementAndGet();
            DeviceBinding binding = registry.get(message.deviceId()).orElse(null);
            if (binding == null) {
                rejected.add(new DeadLetter(
                        message.topic(),
                        message.deviceId(),
                        "unknown device " + message.deviceId(),
                        new String(message.payload(), java.nio.charset.StandardCharsets.UTF_8)));
                continue;
            }
            ReadingDecoder.Decoded decoded = decoder.decode(message.deviceId(), message.payload(), now);
            decoded.rejections()
                    .forEach(r ->
                            rejected.add(new DeadLetter(message.topic(), message.deviceId(), r.reason(), r.raw())));
            for (Reading r : decoded.readings()) {
                Reading withProbe = resolveProbe(r, binding);
                if (withProbe == null) {
                    rejected.add(new DeadLetter(
                            message.topic(),
                            message.deviceId(),
                            "device " + r.deviceId() + " has no probe '" + r.probe() + "'",
                            "{\"seq\":" + r.seq() + ",\"probe\":\"" + r.probe() + "\"}"));
                } else {
                    valid.add(withProbe);
                }
            }
        }
        deadLetters.store(rejected);
        metrics.deadLetters.addAndGet(rejected.size());
        List<Reading> fresh = telemetry.store(valid);
        metrics.readingsStored.addAndGet(fresh.size());
        metrics.duplicates.addAndGet(valid.size() - fresh.size());

        Map<String, List<Reading>> byDevice = new LinkedHashMap<>();
        fresh.forEach(r ->
                byDevice.computeIfAbsent(r.deviceId(), d -> new ArrayList<>()).add(r));
        List<AlertEvent> events = new ArrayList<>();
        for (var entry : byDevice.entrySet()) {
            String device = entry.getKey();
            DeviceSequencer sequencer = sequencers.computeIfAbsent(device, d -> new DeviceSequencer(-1));
            for (Reading r : entry.getValue()) {
                clearSilence(r, events);
                lastSeen.put(key(device, r.probe()), now);
            }
            judge(device, sequencer.accept(entry.getValue(), now), events);
        }
        publishAndSave(events, byDevice.keySet());
    }

    /** Wall-clock duties: gives up on stale sequence gaps and raises silent-probe alerts. */
    public void tick() {
        Instant now = clock.instant();
        List<AlertEvent> events = new ArrayList<>();
        List<String> touched = new ArrayList<>();
        for (var entry : sequencers.entrySet()) {
            List<Reading> released = entry.getValue().expire(now, gapTimeout);
            if (!released.isEmpty()) {
                judge(entry.getKey(), released, events);
                touched.add(entry.getKey());
            }
        }
        for (var entry : lastSeen.entrySet()) {
            String probeKey = entry.getKey();
            String device = probeKey.substring(0, probeKey.indexOf('\u0000'));
            String probe = probeKey.substring(probeKey.indexOf('\u0000') + 1);
            DeviceBinding binding = registry.get(device).orElse(null);
            if (binding == null || silent.containsKey(probeKey)) {
                continue;
            }
            Duration limit = Duration.ofSeconds(3L * binding.reportingIntervalS());
            if (Duration.between(entry.getValue(), now).compareTo(limit) > 0) {
                ProbeBinding probeBinding = binding.probes().get(probe);
                String id = UUID.randomUUID().toString();
                silent.put(probeKey, id);
                touched.add(device);
                Instant last = lastEventTs.getOrDefault(probeKey, entry.getValue());
                events.add(new AlertEvent(
                        id,
                        AlertState.RAISED,
                        AlertType.PROBE_SILENT,
                        device,
                        probe,
                        probeBinding == null ? null : probeBinding.assetId(),
                        probeBinding == null ? null : probeBinding.zone(),
                        last,
                        null,
                        null,
                        0,
                        now));
            }
        }
        publishAndSave(events, touched);
    }

    private void judge(String device, List<Reading> released, List<AlertEvent> events) {
        DeviceBinding binding = registry.get(device).orElse(null);
        if (binding == null || released.isEmpty()) {
            return;
        }
        Map<String, List<Reading>> byProbe = new LinkedHashMap<>();
        released.forEach(
                r -> byProbe.computeIfAbsent(r.probe(), p -> new ArrayList<>()).add(r));
        for (var entry : byProbe.entrySet()) {
            ProbeBinding probe = binding.probes().get(entry.getKey());
            if (probe == null) {
                continue;
            }
            String k = key(device, entry.getKey());
            ProbeTimeline timeline = timelines
                    .computeIfAbsent(device, d -> new HashMap<>())
                    .computeIfAbsent(entry.getKey(), x -> ProbeTimeline.empty());
            events.addAll(timeline.add(
                    entry.getValue(), probe, () -> UUID.randomUUID().toString()));
            entry.getValue().forEach(r -> lastEventTs.merge(k, r.ts(), (a, b) -> a.isAfter(b) ? a : b));
        }
    }

    private void clearSilence(Reading r, List<AlertEvent> events) {
        String k = key(r.deviceId(), r.probe());
        String id = silent.remove(k);
        if (id != null) {
            DeviceBinding binding = registry.get(r.deviceId()).orElse(null);
            ProbeBinding probe = binding == null ? null : binding.probes().get(r.probe());
            events.add(new AlertEvent(
                    id,
                    AlertState.CLEARED,
                    AlertType.PROBE_SILENT,
                    r.deviceId(),
                    r.probe(),
                    probe == null ? null : probe.assetId(),
                    probe == null ? null : probe.zone(),
                    lastEventTs.getOrDefault(k, r.ts()),
                    r.ts(),
                    null,
                    0,
                    r.ts()));
        }
    }

    /**
     * Publishes the events (after any left over from a failed attempt) and saves the rule state.
     * The rules have already recorded these events as announced, so when publishing fails they are
     * kept and go out first on the next attempt instead of being lost with the retried batch.
     */
    private void publishAndSave(List<AlertEvent> events, Iterable<String> devices) {
        unpublished.addAll(events);
        if (!unpublished.isEmpty()) {
            alerts.publish(List.copyOf(unpublished));
            metrics.alertEvents.addAndGet(unpublished.size());
            unpublished.clear();
        }
        List<RuleStateStore.ProbeState> states = new ArrayList<>();
        Map<String, Long> next = new HashMap<>();
        for (String device : devices) {
            DeviceSequencer sequencer = sequencers.get(device);
            if (sequencer != null) {
                next.put(device, sequencer.next());
            }
            timelines.getOrDefault(device, Map.of()).forEach((probe, timeline) -> {
                String k = key(device, probe);
                states.add(new RuleStateStore.ProbeState(
                        device, probe, timeline.since(), timeline.announced(), lastSeen.get(k), silent.get(k)));
            });
        }
        if (!states.isEmpty() || !next.isEmpty()) {
            ruleState.save(states, next);
        }
    }

    /** A reading without a probe takes the device's only probe; an unknown probe is null. */
    private static Reading resolveProbe(Reading r, DeviceBinding binding) {
        if (r.probe().isEmpty() && binding.probes().size() == 1) {
            String only = binding.probes().keySet().iterator().next();
            return new Reading(
                    r.deviceId(), r.seq(), r.ts(), only, r.tempC(), r.doorOpen(), r.batteryPct(), r.lat(), r.lon());
        }
        return binding.probes().containsKey(r.probe()) ? r : null;
    }

    private static String key(String device, String probe) {
        return device + "\u0000" + probe;
    }
}
