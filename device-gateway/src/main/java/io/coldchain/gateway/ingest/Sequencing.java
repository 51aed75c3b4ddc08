package io.coldchain.gateway.ingest;

import io.coldchain.gateway.contract.AlertEvent;
import io.coldchain.gateway.contract.DeviceBinding;
import io.coldchain.gateway.contract.DeviceCommand;
import io.coldchain.gateway.contract.Reading;
import io.coldchain.gateway.rules.DataGaps;
import io.coldchain.gateway.rules.DeviceSequencer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every device's sequencer and recorded data gaps, and when to ask a device to upload what is
 * missing: a RESEND once readings have waited behind a gap for {@code resendAfter}, again every
 * {@code resendEvery} while anything is missing, at most {@link #MAX_RESENDS} times. A gap still
 * open after {@code gapTimeout} is recorded (DATA_GAP raised) and cleared when it fills.
 */
final class Sequencing {

    static final int MAX_RESENDS = 6;

    /** Readings of one device released for judging. */
    record Released(String deviceId, List<Reading> readings) {}

    private record Schedule(Instant nextAt, int attempts) {}

    private final Map<String, DeviceSequencer> sequencers = new HashMap<>();
    private final Map<String, DataGaps> gaps = new HashMap<>();
    private final Map<String, Schedule> resends = new HashMap<>();
    private final Map<String, List<DataGaps.Gap>> cleared = new HashMap<>();
    // devices whose recorded gaps were partly filled since their state was last saved
    private final java.util.Set<String> gapsChanged = new java.util.HashSet<>();
    private final Duration gapTimeout;
    private final Duration resendAfter;
    private final Duration resendEvery;
    private final GatewayMetrics metrics;

    Sequencing(Duration gapTimeout, Duration resendAfter, GatewayMetrics metrics) {
        this.gapTimeout = gapTimeout;
        this.resendAfter = resendAfter;
        this.resendEvery = resendAfter.compareTo(gapTimeout.dividedBy(3)) > 0 ? resendAfter : gapTimeout.dividedBy(3);
        this.metrics = metrics;
    }

    /** Drops the devices {@code gone} accepts (their state is saved; another gateway has them). */
    void forget(java.util.function.Predicate<String> gone) {
        sequencers.keySet().removeIf(gone);
        gaps.keySet().removeIf(gone);
        resends.keySet().removeIf(gone);
        cleared.keySet().removeIf(gone);
        gapsChanged.removeIf(gone);
    }

    void restore(String deviceId, long next, Instant lastTs, List<DataGaps.Gap> open) {
        sequencers.put(deviceId, new DeviceSequencer(next, lastTs));
        if (!open.isEmpty()) {
            gaps.put(deviceId, new DataGaps(deviceId, open));
        }
    }

    DeviceSequencer sequencer(String deviceId) {
        return sequencers.get(deviceId);
    }

    Iterable<String> devices() {
        return List.copyOf(sequencers.keySet());
    }

    /** Whether the reading's seq is past everything seen of its device (see {@link DeviceSequencer#unseen}). */
    boolean unseen(Reading reading) {
        DeviceSequencer sequencer = sequencers.get(reading.deviceId());
        return sequencer != null && sequencer.unseen(reading.seq());
    }

    /** Newly stored readings of one device: those now released, and CLEARED for gaps they fill. */
    List<Reading> accept(
            String deviceId, List<Reading> fresh, DeviceBinding binding, Instant now, List<AlertEvent> events) {
        DeviceSequencer sequencer = sequencers.computeIfAbsent(deviceId, d -> new DeviceSequencer(-1));
        boolean wasHolding = sequencer.gapSince() != null;
        List<Reading> released = sequencer.accept(fresh, now);
        if (wasHolding && sequencer.gapSince() == null) {
            metrics.gapsHealed.incrementAndGet();
        }
        DataGaps recorded = gaps.get(deviceId);
        if (recorded != null) {
            List<DataGaps.Gap> before = recorded.open();
            List<AlertEvent> filled =
                    recorded.fill(fresh.stream().map(Reading::seq).toList(), binding, now);
            if (!filled.isEmpty()) {
                List<DataGaps.Gap> after = recorded.open();
                before.stream()
                        .filter(g -> after.stream().noneMatch(a -> a.fromSeq() == g.fromSeq()))
                        .forEach(g -> cleared.computeIfAbsent(deviceId, d -> new ArrayList<>())
                                .add(g));
                metrics.gapsFilled.addAndGet(before.size() - after.size());
                events.addAll(filled);
            }
            if (!before.equals(recorded.open())) {
                gapsChanged.add(deviceId);
            }
            if (recorded.isEmpty()) {
                gaps.remove(deviceId);
            }
        }
        return released;
    }

    /**
     * Wall-clock duties: gives up on gaps older than the timeout (records them and releases what
     * waited behind them) and decides the RESEND commands due now.
     */
    List<Released> tick(
            Instant now, BindingRegistry registry, List<AlertEvent> events, Map<String, List<DeviceCommand>> commands) {
        List<Released> out = new ArrayList<>();
        for (var entry : sequencers.entrySet()) {
            String device = entry.getKey();
            DeviceSequencer sequencer = entry.getValue();
            requestResend(device, sequencer, now, commands);
            DeviceSequencer.Expiry expiry = sequencer.expire(now, gapTimeout);
            if (!expiry.released().isEmpty()) {
                out.add(new Released(device, expiry.released()));
            }
            if (!expiry.skipped().isEmpty()) {
                DeviceBinding binding = registry.get(device).orElse(null);
                if (binding != null) {
                    metrics.gapsRecorded.addAndGet(expiry.skipped().size());
                    events.addAll(gaps.computeIfAbsent(device, d -> new DataGaps(d, List.of()))
                            .record(expiry.skipped(), binding, now, () -> UUID.randomUUID()
                                    .toString()));
                }
            }
        }
        return out;
    }

    private void requestResend(
            String device, DeviceSequencer sequencer, Instant now, Map<String, List<DeviceCommand>> commands) {
        List<DeviceCommand> wanted = new ArrayList<>();
        sequencer.missing().forEach(g -> wanted.add(DeviceCommand.resend(g.fromSeq(), g.toSeq())));
        DataGaps recorded = gaps.get(device);
        if (recorded != null) {
            recorded.open().forEach(g -> wanted.add(DeviceCommand.resend(g.fromSeq(), g.toSeq())));
        }
        if (wanted.isEmpty()) {
            resends.remove(device);
            return;
        }
        Schedule schedule = resends.get(device);
        if (schedule == null) {
            Instant since = sequencer.gapSince() != null ? sequencer.gapSince() : now;
            schedule = new Schedule(since.plus(resendAfter), 0);
            resends.put(device, schedule);
        }
        if (schedule.attempts() >= MAX_RESENDS || now.isBefore(schedule.nextAt())) {
            return;
        }
        resends.put(device, new Schedule(now.plus(resendEvery), schedule.attempts() + 1));
        List<DeviceCommand> distinct = wanted.stream().distinct().toList();
        commands.put(device, distinct);
        metrics.resendsRequested.addAndGet(distinct.size());
    }

    /** Whether the device's recorded gaps changed since its state was last saved. */
    boolean gapsChanged(String deviceId) {
        return gapsChanged.contains(deviceId) || cleared.containsKey(deviceId);
    }

    /** The device's state, its gaps with it, is saved. */
    void saved(String deviceId) {
        gapsChanged.remove(deviceId);
    }

    /** The device's recorded gaps still open. */
    List<DataGaps.Gap> openGaps(String deviceId) {
        DataGaps recorded = gaps.get(deviceId);
        return recorded == null ? List.of() : recorded.open();
    }

    /** Puts back cleared gaps whose save failed, to be saved with the next. */
    void keepCleared(String deviceId, List<DataGaps.Gap> done) {
        if (!done.isEmpty()) {
            cleared.computeIfAbsent(deviceId, d -> new ArrayList<>()).addAll(0, done);
        }
    }

    /** The gaps of {@code deviceId} cleared since the last call. */
    List<DataGaps.Gap> drainCleared(String deviceId) {
        List<DataGaps.Gap> done = cleared.remove(deviceId);
        return done == null ? List.of() : done;
    }
}
