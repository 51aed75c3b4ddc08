package io.coldchain.gateway.ingest;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the pipeline, readable by any metrics system (the standalone process logs them). */
public final class GatewayMetrics {
    public final AtomicLong messages = new AtomicLong();
    public final AtomicLong readingsStored = new AtomicLong();
    public final AtomicLong duplicates = new AtomicLong();
    public final AtomicLong deadLetters = new AtomicLong();
    public final AtomicLong alertEvents = new AtomicLong();
    public final AtomicLong spooledBatches = new AtomicLong();

    @Override
    public String toString() {
        return "messages=" + messages + " stored=" + readingsStored + " duplicates=" + duplicates + " deadLetters="
                + deadLetters + " alertEvents=" + alertEvents;
    }
}
