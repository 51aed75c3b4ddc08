package io.coldchain.gateway.rules;

import io.coldchain.gateway.contract.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Releases a device's readings for judging only when the readings before them (by {@code seq},
 * which rises by one per reading per device) have arrived, so a store-and-forward backlog that
 * arrives in shuffled pieces is judged whole rather than as a series with holes. A gap that stays
 * open longer than a timeout (wall clock) is given up on and skipped. Readings older than what was
 * already released pass straight through (the probe timeline merges them in event time).
 */
public final class DeviceSequencer {

    /** A first seq at most this high is taken as a count that started at 1 (or 0). */
    static final long FRESH_COUNT_LIMIT = 10_000;

    private long next;
    private final TreeMap<Long, Reading> held = new TreeMap<>();
    private Instant gapSince;

    /** @param next the first seq not yet released; -1 when the device was never seen */
    public DeviceSequencer(long next) {
        this.next = next;
    }

    public long next() {
        return next;
    }

    /** Takes readings (any order); returns those now released, in seq order. */
    public List<Reading> accept(List<Reading> readings, Instant now) {
        List<Reading> released = new ArrayList<>();
        if (next < 0 && !readings.isEmpty()) {
            // a device never seen: most count from 1, so wait for the start of the count unless
            // this one is far into it (then begin with what came)
            long min = readings.stream().mapToLong(Reading::seq).min().getAsLong();
            next = min <= FRESH_COUNT_LIMIT ? Math.min(min, 1) : min;
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

    /** Gives up on a gap older than {@code timeout}: releases everything held. */
    public List<Reading> expire(Instant now, Duration timeout) {
        List<Reading> released = new ArrayList<>();
        if (gapSince != null && !Duration.between(gapSince, now).minus(timeout).isNegative()) {
            released.addAll(held.values());
            next = held.lastKey() + 1;
            held.clear();
            gapSince = null;
        }
        return released;
    }

    public int held() {
        return held.size();
    }

    private void drain(List<Reading> released) {
        while (!held.isEmpty() && held.firstKey() == next) {
            released.add(held.pollFirstEntry().getValue());
            next++;
        }
    }
}
