package io.coldchain.gateway;

import io.coldchain.gateway.cluster.ClusterStore;
import io.coldchain.gateway.ingest.GatewayMetrics;
import io.coldchain.gateway.ingest.Pipeline;
import io.coldchain.gateway.ingest.Spool;
import io.coldchain.gateway.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateway's worker does with a batch: runs it through the pipeline with every message's
 * failure isolated, or spools it while the store is down (acknowledging nothing when the spool is
 * full), replays the spool oldest first, and takes in what other gateways parked for this one.
 * Only the worker thread calls it.
 */
final class Batches {

    // logged as the gateway, as before the split: operators' log filters name that category
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    /** An unexplained failure of one message this often dead-letters it. */
    static final int STRIKES = 3;

    private final Pipeline pipeline;
    private final GatewayGroup group;
    private final Spool spool;
    private final GatewayMetrics metrics;
    private final Map<String, Integer> strikes = new HashMap<>();
    private final int batchSize;

    Batches(Pipeline pipeline, GatewayGroup group, Spool spool, GatewayMetrics metrics, int batchSize) {
        this.batchSize = batchSize;
        this.pipeline = pipeline;
        this.group = group;
        this.spool = spool;
        this.metrics = metrics;
    }

    /**
     * Processes a batch, or spools it when the store is down (or when earlier batches still wait in
     * the spool, to keep the order). Returns the messages that may be acknowledged.
     */
    List<BrokerLink.Inbound> handle(List<BrokerLink.Inbound> batch) {
        List<Pipeline.Message> messages =
                batch.stream().map(BrokerLink.Inbound::message).toList();
        if (spool.isEmpty()) {
            try {
                boolean[] done = processIsolating(messages);
                List<BrokerLink.Inbound> ackable = new ArrayList<>();
                for (int i = 0; i < done.length; i++) {
                    if (done[i]) {
                        ackable.add(batch.get(i));
                    }
                }
                return ackable;
            } catch (StoreUnavailableException e) {
                metrics.storeUnavailable.incrementAndGet();
                log.warn("Store unavailable ({}); spooling", e.getMessage());
            }
        }
        if (spool.append(messages)) {
            metrics.spooledBatches.incrementAndGet();
            return batch;
        }
        log.warn(
                "Store unavailable and spool full ({} batches, {} bytes): holding {} messages unacknowledged",
                spool.batches(),
                spool.bytes(),
                batch.size());
        return List.of();
    }

    /** Replays spooled batches oldest first; false when the store is still down. */
    boolean replay() {
        while (!spool.isEmpty()) {
            List<Pipeline.Message> oldest = spool.peek().orElseThrow();
            try {
                boolean[] done = processIsolating(oldest);
                for (boolean d : done) {
                    if (!d) {
                        return false; // a message to try again later; the batch stays spooled
                    }
                }
            } catch (StoreUnavailableException e) {
                return false;
            }
            spool.remove();
            if (spool.isEmpty()) {
                log.info("Spool replayed: the store is back");
            }
        }
        return true;
    }

    /**
     * Runs the batch through the pipeline. On a failure the pipeline does not explain (not the store
     * down, not the broker), it runs message by message, and a message that fails alone {@link
     * #STRIKES} times is dead-lettered with the error: one message can never stop the others.
     * Returns which messages are done (false: try again later).
     */
    private boolean[] processIsolating(List<Pipeline.Message> messages) {
        boolean[] parked = group.parkForeign(messages);
        List<Pipeline.Message> own = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (!parked[i]) {
                own.add(messages.get(i));
            }
        }
        boolean[] ownDone = processOwn(own);
        boolean[] done = new boolean[messages.size()];
        for (int i = 0, j = 0; i < messages.size(); i++) {
            done[i] = parked[i] || ownDone[j++];
        }
        return done;
    }

    /** Takes in what other gateways parked for this one's partitions. */
    void drainParked() {
        List<ClusterStore.Parked> parked = group.parked(batchSize);
        if (parked.isEmpty()) {
            return;
        }
        boolean[] done =
                processOwn(parked.stream().map(ClusterStore.Parked::message).toList());
        List<ClusterStore.Parked> delivered = new ArrayList<>();
        for (int i = 0; i < done.length; i++) {
            if (done[i]) {
                delivered.add(parked.get(i));
            }
        }
        group.delivered(delivered);
    }

    private boolean[] processOwn(List<Pipeline.Message> messages) {
        boolean[] done = new boolean[messages.size()];
        if (messages.isEmpty()) {
            return done;
        }
        try {
            pipeline.process(messages);
            Arrays.fill(done, true);
            return done;
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("A batch of {} failed; retrying its messages one by one", messages.size(), e);
        }
        for (int i = 0; i < messages.size(); i++) {
            Pipeline.Message m = messages.get(i);
            String key = m.topic() + "\u0000" + Arrays.hashCode(m.payload());
            try {
                pipeline.process(List.of(m));
                strikes.remove(key);
                done[i] = true;
            } catch (StoreUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                int n = strikes.merge(key, 1, Integer::sum);
                if (n >= STRIKES) {
                    pipeline.deadLetter(m, "processing failed " + n + " times: " + e);
                    strikes.remove(key);
                    done[i] = true;
                }
            }
        }
        return done;
    }
}
