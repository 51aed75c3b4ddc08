package io.coldchain.gateway.rules;

import io.coldchain.gateway.contract.AlertEvent;
import io.coldchain.gateway.contract.AlertState;
import io.coldchain.gateway.contract.AlertType;
import io.coldchain.gateway.contract.TemperatureZone;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What one probe has already announced, and the events that bring the announcements in line with
 * a fresh {@link Scan}: RAISED for a new excursion, UPDATED at most once a minute (event time)
 * while one is open and its peak or degree-minutes changed, CLEARED once it ends. An excursion
 * keeps its {@code alertId} across rescans by matching type and overlapping time.
 */
public final class AlertBook {

    /** Minimum event-time spacing of UPDATED events. */
    public static final Duration UPDATE_EVERY = Duration.ofMinutes(1);

    /** An announced alert. */
    public record Entry(
            String alertId,
            AlertType type,
            Instant startedAt,
            boolean cleared,
            Instant lastEventTs,
            Double peakC,
            double degreeMinutes) {

        /** What was announced of {@code e} under {@code alertId}, last at {@code lastEventTs}. */
        static Entry of(String alertId, Excursion e, boolean cleared, Instant lastEventTs) {
            return new Entry(alertId, e.type(), e.startedAt(), cleared, lastEventTs, e.peakC(), e.degreeMinutes());
        }
    }

    private final List<Entry> entries;

    public AlertBook(List<Entry> entries) {
        this.entries = new ArrayList<>(entries);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** True when every announced alert is cleared: nothing needs remembering. */
    public boolean settled() {
        return entries.stream().allMatch(Entry::cleared);
    }

    public void forgetCleared() {
        entries.removeIf(Entry::cleared);
    }

    /**
     * The events that announce what {@code scan} found and was not yet announced; records them.
     *
     * @param ids new alert ids
     */
    public List<AlertEvent> reconcile(
            List<Excursion> excursions,
            String deviceId,
            String probe,
            String assetId,
            TemperatureZone zone,
            Supplier<String> ids) {
        List<AlertEvent> events = new ArrayList<>();
        for (Excursion e : excursions) {
            int index = match(e);
            if (index < 0) {
                String id = ids.get();
                events.add(event(id, AlertState.RAISED, e, deviceId, probe, assetId, zone, e.raisedAt(), false));
                Instant last = e.raisedAt();
                if (!e.open()) {
                    events.add(event(id, AlertState.CLEARED, e, deviceId, probe, assetId, zone, e.clearedAt(), true));
                    last = e.clearedAt();
                }
                entries.add(Entry.of(id, e, !e.open(), last));
                continue;
            }
            Entry known = entries.get(index);
            if (known.cleared()) {
                continue;
            }
            if (!e.open()) {
                events.add(event(
                        known.alertId(), AlertState.CLEARED, e, deviceId, probe, assetId, zone, e.clearedAt(), true));
                entries.set(index, Entry.of(known.alertId(), e, true, e.clearedAt()));
            } else if (changed(known, e)
                    && !Duration.between(known.lastEventTs(), e.lastTs())
                            .minus(UPDATE_EVERY)
                            .isNegative()) {
                events.add(event(
                        known.alertId(), AlertState.UPDATED, e, deviceId, probe, assetId, zone, e.lastTs(), false));
                entries.set(index, Entry.of(known.alertId(), e, false, e.lastTs()));
            }
        }
        return events;
    }

    private int match(Excursion e) {
        for (int i = 0; i < entries.size(); i++) {
            Entry known = entries.get(i);
            if (known.type() != e.type()) {
                continue;
            }
            if (known.startedAt().equals(e.startedAt())) {
                return i;
            }
            // an open announcement overlapping this excursion is the same one seen with more data
            if (!known.cleared() && (e.open() || !e.endedAt().isBefore(known.startedAt()))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean changed(Entry known, Excursion e) {
        return !java.util.Objects.equals(known.peakC(), e.peakC())
                || Math.abs(known.degreeMinutes() - e.degreeMinutes()) > 1e-9;
    }

    private static AlertEvent event(
            String id,
            AlertState state,
            Excursion e,
            String deviceId,
            String probe,
            String assetId,
            TemperatureZone zone,
            Instant ts,
            boolean withEnd) {
        return new AlertEvent(
                id,
                state,
                e.type(),
                deviceId,
                probe,
                assetId,
                zone,
                e.startedAt(),
                withEnd ? e.endedAt() : null,
                e.peakC(),
                Math.round(e.degreeMinutes() * 100) / 100.0,
                ts);
    }
}
