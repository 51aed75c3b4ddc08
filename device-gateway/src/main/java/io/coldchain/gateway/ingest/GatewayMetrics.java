package io.coldchain.gateway.ingest;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of the pipeline, readable by any metrics system (the standalone process logs them).
 * Every message that reaches the pipeline ends in {@code readingsStored}, {@code duplicates} or
 * {@code deadLetters} (a message holding an array counts once per element).
 */
public final class GatewayMetrics {
    public final AtomicLong messages = new AtomicLong();
    public final AtomicLong readingsStored = new AtomicLong();
    public final AtomicLong duplicates = new AtomicLong();
    public final AtomicLong deadLetters = new AtomicLong();
    /** Dead letters by the kind of their reason (they sum to {@code deadLetters}). */
    public final java.util.Map<DeadLetterReason, AtomicLong> deadLettersByReason = byReason();
    /** Alert events decided (saved to the outbox). */
    public final AtomicLong alertEvents = new AtomicLong();
    /** Alert events the broker confirmed. */
    public final AtomicLong alertsPublished = new AtomicLong();

    public final AtomicLong spooledBatches = new AtomicLong();
    /** Batches that found the telemetry store unavailable (then spooled, or held unacknowledged). */
    public final AtomicLong storeUnavailable = new AtomicLong();
    /** Devices whose judging threw (their readings were stored; a bug to look at). */
    public final AtomicLong ruleFailures = new AtomicLong();
    /** RESEND ranges asked of devices. */
    public final AtomicLong resendsRequested = new AtomicLong();
    /** Gaps in a device's seqs that filled before the gap timeout. */
    public final AtomicLong gapsHealed = new AtomicLong();
    /** Gaps given up on and recorded (DATA_GAP raised). */
    public final AtomicLong gapsRecorded = new AtomicLong();
    /** Recorded gaps filled afterwards (DATA_GAP cleared). */
    public final AtomicLong gapsFilled = new AtomicLong();
    /** Reconnections to the broker. */
    public final AtomicLong reconnects = new AtomicLong();

    private static java.util.Map<DeadLetterReason, AtomicLong> byReason() {
        java.util.Map<DeadLetterReason, AtomicLong> map = new java.util.EnumMap<>(DeadLetterReason.class);
        for (DeadLetterReason r : DeadLetterReason.values()) {
            map.put(r, new AtomicLong());
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    /** Counts dead letters by their reasons (and in {@code deadLetters}). */
    public void deadLettered(java.util.Collection<String> reasons) {
        for (String reason : reasons) {
            deadLettersByReason.get(DeadLetterReason.of(reason)).incrementAndGet();
        }
        deadLetters.addAndGet(reasons.size());
    }

    @Override
    public String toString() {
        return "messages=" + messages + " stored=" + readingsStored + " duplicates=" + duplicates + " deadLetters="
                + deadLetters + " alertEvents=" + alertEvents + " alertsPublished=" + alertsPublished
                + " spooledBatches=" + spooledBatches + " storeUnavailable=" + storeUnavailable
                + " resendsRequested=" + resendsRequested + " gapsHealed=" + gapsHealed + " gapsRecorded="
                + gapsRecorded + " gapsFilled=" + gapsFilled + " reconnects=" + reconnects + " ruleFailures="
                + ruleFailures;
    }
}
