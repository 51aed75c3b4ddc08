package io.coldchain.gateway.ingest;

import io.coldchain.gateway.contract.AlertEvent;
import io.coldchain.gateway.contract.DeviceBinding;
import io.coldchain.gateway.contract.DeviceCommand;
import io.coldchain.gateway.contract.ProbeBinding;
import io.coldchain.gateway.contract.Reading;
import io.coldchain.gateway.contract.Topics;
import io.coldchain.gateway.rules.DataGaps;
import io.coldchain.gateway.rules.ProbeTimeline;
import io.coldchain.gateway.store.DataRejectedException;
import io.coldchain.gateway.store.DeadLetterStore;
import io.coldchain.gateway.store.DeadLetterStore.DeadLetter;
import io.coldchain.gateway.store.RuleStateStore;
import io.coldchain.gateway.store.StoreUnavailableException;
import io.coldchain.gateway.store.TelemetryStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordered stages a batch of telemetry messages goes through: decode and validate (rejections
 * to the dead-letter store), store with de-duplication, sequence per device, judge per probe in
 * event time, publish alert events, save rule state. When {@link #process} returns, everything is
 * safely stored and the messages may be acknowledged; when it throws, none may be.
 *
 * <p>Failures are isolated: whatever one message causes (it does not decode, a value the store
 * refuses) dead-letters that message with the reason and lets the rest through, and a fault in
 * judging one device does not stop the others. Every message ends stored, dead-lettered or counted
 * as a duplicate. Only an unreachable store or broker fails a batch.
 *
 * <p>Single-threaded by design: one pipeline per worker keeps every device's readings in order.
 */
public final class Pipeline {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    /**
     * A telemetry message as it came off the broker.
     *
     * @param deviceId the device level of the topic as it came (it may not be a valid id)
     */
    public record Message(String topic, String deviceId, byte[] payload) {}

    /** Where device commands go ({@code devices/{id}/commands}); fire and forget. */
    @FunctionalInterface
    public interface CommandSink {
        void send(String deviceId, List<DeviceCommand> commands);
    }

    /** Tuning of the pipeline's waiting. */
    public record Timing(Duration gapTimeout, Duration resendAfter) {
        public static Timing of(Duration gapTimeout) {
            return new Timing(gapTimeout, Duration.ofSeconds(2));
        }
    }

    private static final Instant FAR_FUTURE = Instant.parse("9999-01-01T00:00:00Z");

    /**
     * How long rule state that announces nothing may wait before it is saved. A flood touches every
     * device in every batch, and saving each one's sequence and probe state per batch cost as much as
     * storing the readings. What waits is derived from stored readings: after a crash the restore
     * judges again from the last saved point, so nothing is lost, and a batch that decides an alert
     * event or touches a data gap saves at once, in the transaction that puts the event in the outbox.
     */
    static final Duration STATE_SAVE_EVERY = Duration.ofSeconds(1);

    private final BindingRegistry registry;
    private final TelemetryStore telemetry;
    private final DeadLetterStore deadLetters;
    private final RuleStateStore ruleState;
    private final AlertSink alerts;
    private final CommandSink commands;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final ReadingDecoder decoder = new ReadingDecoder();
    private final Sequencing sequencing;
    private final SilenceWatch silence = new SilenceWatch();

    private final Map<String, Map<String, ProbeTimeline>> timelines = new HashMap<>(); // device -> probe
    // decided but not yet confirmed by the broker: published first on the next attempt
    private final List<AlertEvent> unpublished = new ArrayList<>();
    // judged since the last save, saved within STATE_SAVE_EVERY
    private final Set<String> unsaved = new LinkedHashSet<>();
    private Instant savedAt = Instant.MIN;

    public Pipeline(
            BindingRegistry registry,
            TelemetryStore telemetry,
            DeadLetterStore deadLetters,
            RuleStateStore ruleState,
            AlertSink alerts,
            CommandSink commands,
            Clock clock,
            Timing timing,
            GatewayMetrics metrics) {
        this.registry = registry;
        this.telemetry = telemetry;
        this.deadLetters = deadLetters;
        this.ruleState = ruleState;
        this.alerts = alerts;
        this.commands = commands;
        this.clock = clock;
        this.metrics = metrics;
        this.sequencing = new Sequencing(timing.gapTimeout(), timing.resendAfter(), metrics);
    }

    /**
     * Rebuilds the rule state saved by a previous run: windows, announcements, sequencing, data
     * gaps, and judges readings stored but not yet judged when it stopped (their alert events go
     * out with the first batch). Silence counts from now.
     */
    public void restore() {
        restore(device -> true);
        silence.listeningFrom(clock.instant());
    }

    /**
     * Rebuilds the saved rule state of the devices {@code here} accepts (the partitions this
     * gateway just took over from another), and judges what they have stored but not judged.
     */
    public void restore(java.util.function.Predicate<String> here) {
        Instant now = clock.instant();
        for (RuleStateStore.ProbeState state : ruleState.probes()) {
            if (!here.test(state.deviceId())) {
                continue;
            }
            List<Reading> window = state.since() == null
                    ? List.of()
                    : telemetry.history(state.deviceId(), state.probe(), state.since(), FAR_FUTURE);
            timelines
                    .computeIfAbsent(state.deviceId(), d -> new HashMap<>())
                    .put(state.probe(), new ProbeTimeline(window, state.announced()));
            silence.restore(
                    key(state.deviceId(), state.probe()),
                    state.lastSeen(),
                    state.silentAlert(),
                    window.isEmpty() ? null : window.get(window.size() - 1).ts());
        }
        for (RuleStateStore.DeviceState device : ruleState.devices()) {
            if (!here.test(device.deviceId())) {
                continue;
            }
            sequencing.restore(device.deviceId(), device.next(), device.lastTs(), device.openGaps());
            List<Reading> held = telemetry.fromSeq(device.deviceId(), device.next());
            if (!held.isEmpty()) {
                judge(device.deviceId(), sequencing.sequencer(device.deviceId()).accept(held, now), unpublished);
            }
        }
    }

    /**
     * Drops what is held in memory for the devices {@code gone} accepts (partitions handed to
     * another gateway, which restores them from the saved state). Pending alert events are saved
     * first, so nothing decided is lost.
     */
    public void forget(java.util.function.Predicate<String> gone) {
        flush();
        timelines.keySet().removeIf(gone);
        sequencing.forget(gone);
        silence.forget(gone);
    }

    /** Saves the rule state still waiting ({@link #STATE_SAVE_EVERY}): at a handover, at stop. */
    public void flush() {
        save(List.of(), List.of(), true);
    }

    /** The gateway (re)connected to the broker: silence counts from now. */
    public void listeningFrom(Instant since) {
        silence.listeningFrom(since);
    }

    public void process(List<Message> messages) {
        Instant now = clock.instant();
        List<Reading> valid = new ArrayList<>();
        Map<Reading, Message> origin = new IdentityHashMap<>();
        List<DeadLetter> rejected = new ArrayList<>();
        for (Message message : messages) {
            int before = valid.size() + rejected.size();
            try {
                classify(message, now, valid, rejected);
            } catch (RuntimeException e) {
                rejected.add(letter(message, "message cannot be processed: " + e));
            }
            if (valid.size() + rejected.size() == before) {
                rejected.add(letter(message, "message carried nothing to store"));
            }
            for (int i = before; i < valid.size(); i++) {
                origin.put(valid.get(i), message);
            }
        }
        deadLetters.store(rejected);
        Outcome outcome = store(valid, origin);
        List<Reading> fresh = outcome.fresh();

        Map<String, List<Reading>> byDevice = new LinkedHashMap<>();
        fresh.forEach(r ->
                byDevice.computeIfAbsent(r.deviceId(), d -> new ArrayList<>()).add(r));
        List<AlertEvent> events = new ArrayList<>();
        for (var entry : byDevice.entrySet()) {
            String device = entry.getKey();
            try (var context = org.slf4j.MDC.putCloseable("deviceId", device)) {
                DeviceBinding binding = registry.get(device).orElse(null);
                for (Reading r : entry.getValue()) {
                    silence.heard(r, now, binding, events);
                }
                judge(device, sequencing.accept(device, entry.getValue(), binding, now, events), events);
            } catch (StoreUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                metrics.ruleFailures.incrementAndGet();
                log.error("Judging the readings of device {} failed; they are stored, the others go on", device, e);
            }
        }
        save(events, byDevice.keySet(), false);
        // counted once the batch is through, so a retried batch is not counted twice
        metrics.messages.addAndGet(messages.size());
        metrics.deadLettered(java.util.stream.Stream.concat(
                        rejected.stream().map(DeadLetter::reason), outcome.refusedReasons().stream())
                .toList());
        metrics.readingsStored.addAndGet(fresh.size());
        metrics.duplicates.addAndGet(valid.size() - outcome.refused() - fresh.size());
    }

    /**
     * Dead-letters a message the caller could not get through the pipeline (it failed alone, again
     * and again, for a reason the stages did not foresee).
     */
    public void deadLetter(Message message, String reason) {
        deadLetters.store(List.of(letter(message, reason)));
        metrics.messages.incrementAndGet();
        metrics.deadLettered(List.of(reason));
    }

    /** What storing a batch came to: the readings new to the store, and how many it refused. */
    private record Outcome(List<Reading> fresh, List<String> refusedReasons) {
        int refused() {
            return refusedReasons.size();
        }
    }

    /**
     * Wall-clock duties: asks devices to resend what is missing, records gaps given up on (and
     * judges what waited behind them), and raises silent-probe alerts unless {@code judgeSilence}
     * is false (the gateway cannot hear or store right now).
     */
    public void tick(boolean judgeSilence) {
        Instant now = clock.instant();
        List<AlertEvent> events = new ArrayList<>();
        Set<String> touched = new LinkedHashSet<>();
        Map<String, List<DeviceCommand>> due = new LinkedHashMap<>();
        for (Sequencing.Released released : sequencing.tick(now, registry, events, due)) {
            judge(released.deviceId(), released.readings(), events);
            touched.add(released.deviceId());
        }
        List<String> silent = new ArrayList<>();
        if (judgeSilence) {
            silence.check(now, registry, events, silent);
        }
        touched.addAll(silent);
        events.forEach(e -> touched.add(e.deviceId()));
        due.forEach((device, list) -> {
            try {
                commands.send(device, list);
            } catch (RuntimeException e) {
                log.warn("RESEND to {} not sent ({}); asked again later", device, e.getMessage());
            }
        });
        save(events, touched, false);
    }

    public void tick() {
        tick(true);
    }

    private void classify(Message message, Instant now, List<Reading> valid, List<DeadLetter> rejected) {
        if (!Topics.isValidId(message.deviceId())) {
            rejected.add(letter(
                    message,
                    "device id '" + message.deviceId()
                            + "' is not a valid id (1 to 64 ASCII letters, digits, _ . : -)"));
            return;
        }
        DeviceBinding binding = registry.get(message.deviceId()).orElse(null);
        if (binding == null) {
            rejected.add(letter(message, "unknown device " + message.deviceId()));
            return;
        }
        ReadingDecoder.Decoded decoded = decoder.decode(message.deviceId(), message.payload(), now);
        decoded.rejections()
                .forEach(r -> rejected.add(new DeadLetter(message.topic(), message.deviceId(), r.reason(), r.raw())));
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

    /**
     * Stores the batch; when the store refuses its data, stores it reading by reading and
     * dead-letters the readings refused. Returns the readings not stored before.
     */
    private Outcome store(List<Reading> valid, Map<Reading, Message> origin) {
        try {
            return new Outcome(unseen(valid) ? telemetry.storeUnseen(valid) : telemetry.store(valid), List.of());
        } catch (DataRejectedException batchRefused) {
            List<Reading> fresh = new ArrayList<>();
            List<DeadLetter> refused = new ArrayList<>();
            for (Reading r : valid) {
                try {
                    fresh.addAll(telemetry.store(List.of(r)));
                } catch (DataRejectedException e) {
                    Message m = origin.get(r);
                    refused.add(new DeadLetter(
                            m.topic(),
                            r.deviceId(),
                            "the telemetry store refused reading seq " + r.seq() + ": " + e.getMessage(),
                            new String(m.payload(), StandardCharsets.UTF_8)));
                }
            }
            deadLetters.store(refused);
            return new Outcome(fresh, refused.stream().map(DeadLetter::reason).toList());
        }
    }

    /**
     * Whether every reading is past what its device's sequencer has seen: then the store may skip
     * looking for duplicates (a flood's steady state; a redelivery, a resend or a device not seen
     * since the start takes the de-duplicating path). A batch holding the same reading twice, which
     * this does not look for, is refused by the store's key and stored again the other way.
     */
    private boolean unseen(List<Reading> readings) {
        for (Reading r : readings) {
            if (!sequencing.unseen(r)) {
                return false;
            }
        }
        return true;
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
            ProbeTimeline timeline = timelines
                    .computeIfAbsent(device, d -> new HashMap<>())
                    .computeIfAbsent(entry.getKey(), x -> ProbeTimeline.empty());
            events.addAll(timeline.add(
                    entry.getValue(), probe, () -> UUID.randomUUID().toString()));
            entry.getValue().forEach(silence::judged);
        }
    }

    /**
     * Saves the rule state of {@code devices} (and of those waiting since the last save) and, in the
     * same transaction, the events it announces into the alert outbox (after any left over from a
     * failed attempt). Only the devices with events or changed data gaps are saved at once (an alert
     * does not wait for a flood's worth of other state); the others wait up to {@link
     * #STATE_SAVE_EVERY}, unless {@code now}. The rules have already recorded the events as
     * announced, so when saving fails they are kept and saved first on the next attempt instead of
     * being lost with the retried batch.
     */
    private void save(List<AlertEvent> events, Iterable<String> devices, boolean now) {
        unpublished.addAll(events);
        // the devices whose state announces something: saved at once, the others wait
        Set<String> saving = new LinkedHashSet<>();
        unpublished.forEach(e -> saving.add(e.deviceId()));
        for (String device : devices) {
            unsaved.add(device);
            if (sequencing.gapsChanged(device)) {
                saving.add(device);
            }
        }
        Instant at = clock.instant();
        boolean due = now || !at.isBefore(savedAt.plus(STATE_SAVE_EVERY));
        if (due) {
            saving.addAll(unsaved);
        }
        if (saving.isEmpty() && unpublished.isEmpty()) {
            return;
        }
        List<RuleStateStore.ProbeState> probes = new ArrayList<>();
        List<RuleStateStore.DeviceState> states = new ArrayList<>();
        Map<String, List<DataGaps.Gap>> cleared = new HashMap<>();
        for (String device : saving) {
            var sequencer = sequencing.sequencer(device);
            if (sequencer != null) {
                List<DataGaps.Gap> done = sequencing.drainCleared(device);
                cleared.put(device, done);
                states.add(new RuleStateStore.DeviceState(
                        device, sequencer.next(), sequencer.lastTs(), sequencing.openGaps(device), done));
            }
            timelines.getOrDefault(device, Map.of()).forEach((probe, timeline) -> {
                String k = key(device, probe);
                probes.add(new RuleStateStore.ProbeState(
                        device,
                        probe,
                        timeline.since(),
                        timeline.announced(),
                        silence.lastSeen(k),
                        silence.silentAlert(k)));
            });
        }
        List<AlertEvent> announcing = List.copyOf(unpublished);
        if (!probes.isEmpty() || !states.isEmpty() || !announcing.isEmpty()) {
            try {
                ruleState.save(probes, states, announcing);
            } catch (RuntimeException e) {
                cleared.forEach(sequencing::keepCleared);
                throw e;
            }
        }
        saving.forEach(sequencing::saved);
        unsaved.removeAll(saving);
        if (due) {
            savedAt = at;
        }
        unpublished.clear();
        if (!announcing.isEmpty()) {
            metrics.alertEvents.addAndGet(announcing.size());
            alerts.decided(announcing);
        }
    }

    private static DeadLetter letter(Message message, String reason) {
        return new DeadLetter(
                message.topic(), message.deviceId(), reason, new String(message.payload(), StandardCharsets.UTF_8));
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

    static String key(String device, String probe) {
        return device + "\u0000" + probe;
    }
}
