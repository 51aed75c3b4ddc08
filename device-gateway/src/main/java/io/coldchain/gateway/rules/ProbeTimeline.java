package io.coldchain.gateway.rules;

import io.coldchain.gateway.contract.AlertEvent;
import io.coldchain.gateway.contract.ProbeBinding;
import io.coldchain.gateway.contract.Reading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * One probe's readings since its last quiet point, kept in event-time order, and its announced
 * alerts. New readings (in any order, late ones included) are merged in and the whole window is
 * judged again from the quiet point, so a store-and-forward batch that arrives late and shuffled is
 * judged as if it had arrived in time. When the probe is quiet again the window shrinks to its
 * last reading.
 */
public final class ProbeTimeline {

    private static final Comparator<Reading> EVENT_ORDER =
            Comparator.comparing(Reading::ts).thenComparingLong(Reading::seq);

    /** A safety bound: a probe open for days keeps at most this many readings. */
    static final int MAX_READINGS = 50_000;

    private final TreeSet<Reading> window = new TreeSet<>(EVENT_ORDER);
    private final AlertBook book;

    public ProbeTimeline(List<Reading> window, List<AlertBook.Entry> announced) {
        this.window.addAll(window);
        this.book = new AlertBook(announced);
    }

    public static ProbeTimeline empty() {
        return new ProbeTimeline(List.of(), List.of());
    }

    /** Merges {@code readings} and returns the alert events they cause. */
    public List<AlertEvent> add(List<Reading> readings, ProbeBinding binding, Supplier<String> ids) {
        if (readings.isEmpty()) {
            return List.of();
        }
        window.addAll(readings);
        while (window.size() > MAX_READINGS) {
            window.pollFirst();
        }
        Scan.Result scan = Scan.of(new ArrayList<>(window), Thresholds.of(binding));
        Reading first = readings.get(0);
        List<AlertEvent> events = book.reconcile(
                scan.excursions(), first.deviceId(), first.probe(), binding.assetId(), binding.zone(), ids);
        if (scan.quiet() && book.settled()) {
            Reading last = window.last();
            window.clear();
            window.add(last);
            book.forgetCleared();
        }
        return events;
    }

    /** Where the window starts: the quiet point readings must be reloaded from after a restart. */
    public Instant since() {
        return window.isEmpty() ? null : window.first().ts();
    }

    public List<AlertBook.Entry> announced() {
        return book.entries();
    }

    public int size() {
        return window.size();
    }
}
