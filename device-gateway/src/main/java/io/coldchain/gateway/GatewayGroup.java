package io.coldchain.gateway;

import io.coldchain.gateway.cluster.Cluster;
import io.coldchain.gateway.cluster.ClusterStore;
import io.coldchain.gateway.cluster.Partitions;
import io.coldchain.gateway.ingest.GatewayMetrics;
import io.coldchain.gateway.ingest.Pipeline;
import io.coldchain.gateway.store.AlertOutbox;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's side of {@link Cluster}: restores and forgets devices as partitions come and go,
 * parks the messages of devices judged elsewhere, takes in what others parked for it, and stands
 * in for dead members (their broker sessions and their unpublished alert events).
 */
final class GatewayGroup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayGroup.class);

    private final Gateway.Config config;
    private final DataSource dataSource;
    private final Cluster cluster;
    private final Pipeline pipeline;
    private final Consumer<BrokerLink.Inbound> queue;
    private final Map<String, AdoptedSession> sessions = new HashMap<>();
    private final Map<String, AlertRelay> relays = new HashMap<>();
    private BrokerLink link;
    private GatewayMetrics metrics;

    GatewayGroup(Gateway.Config config, DataSource dataSource, Pipeline pipeline, Consumer<BrokerLink.Inbound> queue) {
        this.config = config;
        this.dataSource = dataSource;
        this.cluster = new Cluster(new ClusterStore(dataSource, config.clientId(), Cluster.TTL), config.clientId());
        this.pipeline = pipeline;
        this.queue = queue;
    }

    /** Joins: takes its share of partitions and restores their devices' rule state. */
    void start() {
        Cluster.Changes changes = cluster.tick();
        pipeline.restore(cluster::owns);
        cluster.release(changes.lost());
    }

    /** Once the broker link is up: dead members' sessions and outboxes can be taken over. */
    void connect(BrokerLink link, GatewayMetrics metrics) {
        this.link = link;
        this.metrics = metrics;
    }

    /** Wall-clock duty: leases, the share of partitions, dead members. */
    void tick() {
        Cluster.Changes changes = cluster.tick();
        if (!changes.lost().isEmpty()) {
            pipeline.forget(d -> changes.lost().contains(Partitions.of(d)));
            cluster.release(changes.lost());
        }
        if (!changes.acquired().isEmpty()) {
            pipeline.restore(d -> changes.acquired().contains(Partitions.of(d)));
        }
        if (link == null) {
            return;
        }
        for (String dead : changes.adopt()) {
            adopt(dead);
        }
        for (String id : List.copyOf(sessions.keySet())) {
            if (!changes.adopted().contains(id) || !sessions.get(id).connected()) {
                sessions.remove(id).close();
                AlertRelay relay = relays.remove(id);
                if (relay != null) {
                    relay.close();
                }
            }
        }
    }

    private void adopt(String dead) {
        try {
            AdoptedSession session = new AdoptedSession(config, dead, queue);
            if (session.start()) {
                sessions.put(dead, session);
            }
        } catch (MqttException e) {
            log.warn("Gateway {} cannot stand in for {}: {}", config.clientId(), dead, e.getMessage());
        }
        // what it decided and had not published yet goes out through us
        AlertRelay relay = new AlertRelay(new AlertOutbox(dataSource, dead), link, metrics);
        relay.start();
        relays.put(dead, relay);
    }

    /**
     * Parks the messages of devices another member judges (one transaction) and says which they
     * were; the rest are for this member's pipeline.
     */
    boolean[] parkForeign(List<Pipeline.Message> messages) {
        if (cluster.owned().isEmpty()) {
            tick(); // the leases lapsed (a store outage): renew them before sending everything away
        }
        boolean[] parked = new boolean[messages.size()];
        List<Pipeline.Message> foreign = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (!cluster.judgesHere(messages.get(i).deviceId())) {
                parked[i] = true;
                foreign.add(messages.get(i));
            }
        }
        if (!foreign.isEmpty()) {
            cluster.store().park(foreign);
        }
        return parked;
    }

    /** Messages other members parked for this one's partitions, oldest first. */
    List<ClusterStore.Parked> parked(int limit) {
        Set<Integer> owned = cluster.owned();
        return owned.isEmpty() ? List.of() : cluster.store().parked(owned, limit);
    }

    void delivered(List<ClusterStore.Parked> parked) {
        if (!parked.isEmpty()) {
            cluster.store().delivered(parked);
        }
    }

    /** Drops the connections as a killed process would (tests). */
    void kill() {
        sessions.values().forEach(AdoptedSession::close);
        relays.values().forEach(AlertRelay::close);
    }

    /** A graceful stop hands the partitions over at once (its session is adopted once it is missed). */
    @Override
    public void close() {
        try {
            cluster.release(cluster.owned());
        } catch (RuntimeException e) {
            log.debug("releasing partitions at stop: {}", e.getMessage());
        }
        kill();
        sessions.clear();
        relays.clear();
    }
}
