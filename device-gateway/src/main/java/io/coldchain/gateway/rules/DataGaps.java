package io.coldchain.gateway.rules;

import io.coldchain.gateway.contract.AlertEvent;
import io.coldchain.gateway.contract.AlertState;
import io.coldchain.gateway.contract.AlertType;
import io.coldchain.gateway.contract.DeviceBinding;
import io.coldchain.gateway.contract.ProbeBinding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One device's recorded data gaps: runs of seqs that did not arrive within the gap timeout. Each is
 * announced as a DATA_GAP alert per probe of the device (the missing readings may belong to any of
 * them) and cleared when every missing reading has arrived after all (a RESEND answered).
 */
public final class DataGaps {

    /**
     * A recorded gap.
     *
     * @param startedAt the event time of the reading before the run (or the first after it when unknown)
     * @param endedAt the event time of the reading after it
     * @param filled how many of its readings have arrived since
     * @param alertIds per probe, the DATA_GAP alert announcing it
     */
    public record Gap(
            long fromSeq,
            long toSeq,
            Instant startedAt,
            Instant endedAt,
            long filled,
            Map<String, String> alertIds,
            Instant recordedAt) {

        public long size() {
            return toSeq - fromSeq + 1;
        }

        boolean covers(long seq) {
            return seq >= fromSeq && seq <= toSeq;
        }
    }

    private final String deviceId;
    private final List<Gap> open;

    public DataGaps(String deviceId, List<Gap> open) {
        this.deviceId = deviceId;
        this.open = new ArrayList<>(open);
    }

    public List<Gap> open() {
        return List.copyOf(open);
    }

    public boolean isEmpty() {
        return open.isEmpty();
    }

    /** Records skipped runs and returns their RAISED events. */
    public List<AlertEvent> record(
            List<DeviceSequencer.Gap> runs, DeviceBinding binding, Instant now, Supplier<String> ids) {
        List<AlertEvent> events = new ArrayList<>();
        for (DeviceSequencer.Gap run : runs) {
            Instant start = run.after() != null ? run.after() : run.before();
            Map<String, String> alertIds = new LinkedHashMap<>();
            binding.probes().keySet().forEach(probe -> alertIds.put(probe, ids.get()));
            Gap gap = new Gap(run.fromSeq(), run.toSeq(), start, run.before(), 0, alertIds, now);
            open.add(gap);
            events.addAll(events(gap, AlertState.RAISED, binding, now));
        }
        return events;
    }

    /**
     * Counts newly stored readings of the device that fall into a recorded gap; returns the CLEARED
     * events of the gaps now complete.
     */
    public List<AlertEvent> fill(List<Long> freshSeqs, DeviceBinding binding, Instant now) {
        if (open.isEmpty() || freshSeqs.isEmpty()) {
            return List.of();
        }
        List<AlertEvent> events = new ArrayList<>();
        for (int i = 0; i < open.size(); i++) {
            Gap gap = open.get(i);
            long in = freshSeqs.stream().filter(gap::covers).count();
            if (in > 0) {
                open.set(
                        i,
                        new Gap(
                                gap.fromSeq(),
                                gap.toSeq(),
                                gap.startedAt(),
                                gap.endedAt(),
                                gap.filled() + in,
                                gap.alertIds(),
                                gap.recordedAt()));
            }
        }
        for (Iterator<Gap> it = open.iterator(); it.hasNext(); ) {
            Gap gap = it.next();
            if (gap.filled() >= gap.size()) {
                events.addAll(events(gap, AlertState.CLEARED, binding, now));
                it.remove();
            }
        }
        return events;
    }

    private List<AlertEvent> events(Gap gap, AlertState state, DeviceBinding binding, Instant now) {
        List<AlertEvent> events = new ArrayList<>();
        gap.alertIds().forEach((probe, id) -> {
            ProbeBinding probeBinding =
                    binding == null ? null : binding.probes().get(probe);
            events.add(new AlertEvent(
                    id,
                    state,
                    AlertType.DATA_GAP,
                    deviceId,
                    probe,
                    probeBinding == null ? null : probeBinding.assetId(),
                    probeBinding == null ? null : probeBinding.zone(),
                    gap.startedAt(),
                    gap.endedAt(),
                    null,
                    0,
                    now,
                    gap.fromSeq(),
                    gap.toSeq()));
        });
        return events;
    }
}
