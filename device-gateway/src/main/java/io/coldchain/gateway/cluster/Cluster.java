package io.coldchain.gateway.cluster;

import io.coldchain.gateway.contract.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway's part in a group of gateways on one shared subscription. The broker hands each
 * message to any member, but a device's readings must be sequenced and judged in one place: each
 * device belongs to a partition ({@link Partitions}), each partition to one member at a time by a
 * lease in PostgreSQL. Members share the partitions evenly; a member that stops renewing (killed,
 * cut off) loses its leases after {@link #TTL}, and the others take its partitions and adopt its
 * broker session, so what the broker still held for it is not lost. A lone gateway holds them all.
 *
 * <p>Not thread-safe: the gateway's worker calls it between batches.
 */
public final class Cluster {

    private static final Logger log = LoggerFactory.getLogger(Cluster.class);

    /** How long a lease or a heartbeat holds without renewal. */
    public static final Duration TTL = Duration.ofSeconds(10);
    /** A lease is trusted locally for this much less than it holds in the database. */
    private static final Duration MARGIN = Duration.ofSeconds(3);

    /**
     * What one tick changed.
     *
     * @param acquired partitions now this member's: restore their devices' rule state
     * @param lost partitions no longer this member's: forget their devices
     * @param adopt dead members whose broker sessions this member now takes over
     * @param adopted the dead members this member still stands in for
     */
    public record Changes(Set<Integer> acquired, Set<Integer> lost, List<String> adopt, Set<String> adopted) {}

    private final ClusterStore store;
    private final String me;
    private final Set<Integer> owned = new TreeSet<>();
    private long validUntil = Long.MIN_VALUE;

    public Cluster(ClusterStore store, String clientId) {
        this.store = store;
        this.me = clientId;
    }

    /** Whether this member sequences and judges the device (an invalid id: wherever it arrives). */
    public boolean judgesHere(String deviceId) {
        return !Topics.isValidId(deviceId) || (leaseValid() && owned.contains(Partitions.of(deviceId)));
    }

    public boolean owns(String deviceId) {
        return owned.contains(Partitions.of(deviceId));
    }

    /** The partitions held now (empty once the leases may have lapsed). */
    public Set<Integer> owned() {
        return leaseValid() ? Set.copyOf(owned) : Set.of();
    }

    private boolean leaseValid() {
        return System.nanoTime() < validUntil;
    }

    /**
     * Heartbeat, lease renewal, and the share of partitions: takes free ones up to an even share,
     * and gives back what is above it so a member that joined gets its part. The caller restores
     * {@code acquired} and forgets {@code lost}; released partitions are given back in the
     * database only once the caller has forgotten them ({@link #release}).
     */
    public Changes tick() {
        long started = System.nanoTime();
        int live = Math.max(1, store.heartbeat());
        Set<Integer> held = store.renew();
        validUntil = started + TimeUnit.MILLISECONDS.toNanos(TTL.minus(MARGIN).toMillis());
        Set<Integer> lost = new TreeSet<>(owned);
        lost.removeAll(held);
        int fair = (Partitions.COUNT + live - 1) / live;
        Set<Integer> acquired = new TreeSet<>();
        if (held.size() < fair) {
            acquired.addAll(store.claim(fair - held.size()));
        } else if (held.size() > fair) {
            held.stream()
                    .sorted(java.util.Comparator.reverseOrder())
                    .limit(held.size() - fair)
                    .forEach(lost::add);
        }
        owned.clear();
        owned.addAll(held);
        owned.addAll(acquired);
        owned.removeAll(lost);
        if (!acquired.isEmpty() || !lost.isEmpty()) {
            log.info(
                    "Gateway {} ({} live): takes partitions {}, gives up {}; holds {}",
                    me,
                    live,
                    acquired,
                    lost,
                    owned.size());
        }
        List<String> adopt = store.adoptDead();
        return new Changes(acquired, lost, adopt, store.stillAdopted());
    }

    /** Gives partitions back in the database, after their devices' state was saved and forgotten. */
    public void release(Set<Integer> partitions) {
        if (!partitions.isEmpty()) {
            store.release(partitions);
        }
    }

    public ClusterStore store() {
        return store;
    }
}
