package io.coldchain.gateway.rules;

import io.coldchain.gateway.contract.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Releases a device's readings for judging only when the readings before them (by {@code seq},
 * which rises by one per reading per device) have arrived, so a store-and-forward backlog that
 * arrives in shuffled pieces is judged whole rather than as a series with holes. While readings
 * are held it can say which seqs are missing (for a RESEND); a gap that stays open longer than a
 * timeout (wall clock) is given up on: the held readings are released and the missing runs are
 * returned as {@link Gap}s to be recorded. Readings older than what was already released pass
 * straight through (the probe timeline merges them in event time).
 */
public final class DeviceSequencer {

    /** A first seq at most this high is taken as a count that started at 1 (or 0). */
    static final long FRESH_COUNT_LIMIT = 10_000;

    /** Most missing runs reported at once: a device with a thousand holes gets the first ones asked for. */
    static final int MAX_RUNS = 20;

    /**
     * A run of missing seqs.
     *
     * @param after the event time of the reading just before the run (null when not known)
     * @param before the event time of the reading just after it
     */
    public record Gap(long fromSeq, long toSeq, Instant after, Instant before) {

        public long size() {
            return toSeq - fromSeq + 1;
        }
    }

    /** What a given-up gap releases: the held readings, and the runs that never came. */
    public record Expiry(List<Reading> released, List<Gap> skipped) {
        static final Expiry NONE = new Expiry(List.of(), List.of());
    }

    private long next;
    private Instant lastTs;
    private final TreeMap<Long, Reading> held = new TreeMap<>();
    private Instant gapSince;
    private boolean startUnknown;

    /**
     * @param next the first seq not yet released; -1 when the device was never seen
     * @param lastTs the event time of reading {@code next - 1}, when known
     */
    public DeviceSequencer(long next, Instant lastTs) {
        this.next = next;
        this.lastTs = lastTs;
    }

    public DeviceSequencer(long next) {
        this(next, null);
    }

    public long next() {
        return next;
    }

    /** The event time of the last reading released in order (seq {@code next - 1}). */
    public Instant lastTs() {
        return lastTs;
    }

    /** Since when (wall clock) readings have been held behind a gap; null when none are. */
    public Instant gapSince() {
        return gapSince;
    }

    /** Takes readings (any order); returns those now released, in seq order. */
    public List<Reading> accept(List<Reading> readings, Instant now) {
        List<Reading> released = new ArrayList<>();
        if (next < 0 && !readings.isEmpty()) {
            // a device never seen: most count from 1, so wait for the start of the count unless
            // this one is far into it (then begin with what came)
            long min = readings.stream().mapToLong(Reading::seq).min().getAsLong();
            next = min <= FRESH_COUNT_LIMIT ? Math.min(min, 1) : min;
            startUnknown = next < min;
        }
        for (Reading r : readings) {
            if (r.seq() < next) {
                released.add(r); // late: already past it
            } else {
                held.putIfAbsent(r.seq(), r);
            }
        }
        drain(released);
        if (held.isEmpty()) {
            gapSince = null;
        } else if (gapSince == null) {
            gapSince = now;
        }
        return released;
    }

    /** The runs of seqs missing before the held readings, oldest first (at most {@link #MAX_RUNS}). */
    public List<Gap> missing() {
        List<Gap> runs = new ArrayList<>();
        long expected = next;
        Instant after = lastTs;
        for (Map.Entry<Long, Reading> entry : held.entrySet()) {
            if (runs.size() == MAX_RUNS) {
                break;
            }
            if (entry.getKey() > expected) {
                runs.add(new Gap(
                        expected, entry.getKey() - 1, after, entry.getValue().ts()));
            }
            expected = entry.getKey() + 1;
            after = entry.getValue().ts();
        }
        return runs;
    }

    /**
     * Gives up on a gap older than {@code timeout}: releases everything held and returns the runs
     * skipped over. A run before a new device's first reading is not returned (nothing says the
     * device ever had those readings).
     */
    public Expiry expire(Instant now, Duration timeout) {
        if (gapSince == null || Duration.between(gapSince, now).minus(timeout).isNegative()) {
            return Expiry.NONE;
        }
        List<Gap> skipped = new ArrayList<>(missing());
        if (startUnknown && !skipped.isEmpty() && skipped.get(0).after() == null) {
            skipped.remove(0);
        }
        startUnknown = false;
        List<Reading> released = new ArrayList<>(held.values());
        Reading last = held.lastEntry().getValue();
        next = last.seq() + 1;
        lastTs = last.ts();
        held.clear();
        gapSince = null;
        return new Expiry(released, skipped);
    }

    /**
     * Whether {@code seq} is past everything this sequencer has seen: not released, not held. False
     * while the device's start is unknown.
     */
    public boolean unseen(long seq) {
        return next >= 0 && seq >= next && !held.containsKey(seq);
    }

    public int held() {
        return held.size();
    }

    private void drain(List<Reading> released) {
        while (!held.isEmpty() && held.firstKey() == next) {
            Reading r = held.pollFirstEntry().getValue();
            released.add(r);
            lastTs = r.ts();
            startUnknown = false;
            next++;
        }
    }
}
