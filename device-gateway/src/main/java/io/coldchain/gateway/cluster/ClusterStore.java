package io.coldchain.gateway.cluster;

import io.coldchain.gateway.ingest.Pipeline;
import io.coldchain.gateway.store.StoreUnavailableException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The gateways' shared bookkeeping in PostgreSQL, on the database's clock: members and their
 * heartbeats, partition leases, and the inbox of messages parked for another partition's owner.
 */
public final class ClusterStore {

    /** A parked message and its inbox row. */
    public record Parked(long id, Pipeline.Message message) {}

    private final DataSource dataSource;
    private final String me;
    private final String ttl;

    public ClusterStore(DataSource dataSource, String clientId, Duration ttl) {
        this.dataSource = dataSource;
        this.me = clientId;
        this.ttl = ttl.toMillis() + " milliseconds";
    }

    /** Heartbeat: this member is alive (and no longer adopted by anyone). Returns the live members. */
    int heartbeat() {
        return call(c -> {
            try (PreparedStatement up = c.prepareStatement(
                    """
                    insert into gateway_member (client_id, seen_at) values (?, now())
                    on conflict (client_id) do update set seen_at = now(), adopted_by = null
                    """)) {
                up.setString(1, me);
                up.executeUpdate();
            }
            try (PreparedStatement live = c.prepareStatement(
                            "select count(*) from gateway_member where seen_at > now() - ?::interval");
                    ResultSet rs = query(live, ttl)) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** Renews this member's leases; returns the partitions it holds. */
    Set<Integer> renew() {
        return call(c -> partitions(
                c,
                "update gateway_partition set lease_until = now() + ?::interval where owner = ? returning partition",
                ttl,
                me));
    }

    /** Takes up to {@code count} free or expired partitions; returns those taken. */
    Set<Integer> claim(int count) {
        return call(c -> partitions(
                c,
                """
                update gateway_partition set owner = ?, lease_until = now() + ?::interval
                where partition in (select partition from gateway_partition
                    where owner is null or lease_until < now() order by partition limit ? for update skip locked)
                returning partition
                """,
                me,
                ttl,
                count));
    }

    /** Gives the partitions back (after this member judged everything it had of them). */
    void release(Set<Integer> partitions) {
        call(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "update gateway_partition set owner = null, lease_until = '-infinity' where owner = ? and partition = any(?)")) {
                st.setString(1, me);
                st.setArray(2, ints(c, partitions));
                return st.executeUpdate();
            }
        });
    }

    /**
     * Members whose heartbeat stopped and whom no live member has adopted: this member adopts them
     * (takes over their broker sessions). Returns the ids it adopted now.
     */
    List<String> adoptDead() {
        return call(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(
                    """
                    update gateway_member m set adopted_by = ? where client_id <> ?
                    and seen_at < now() - ?::interval
                    and (adopted_by is null or not exists (select 1 from gateway_member a
                        where a.client_id = m.adopted_by and a.seen_at > now() - ?::interval))
                    returning client_id
                    """)) {
                st.setString(1, me);
                st.setString(2, me);
                st.setString(3, ttl);
                st.setString(4, ttl);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
    }

    /** Of the members this one adopted, those that are still dead and still its own. */
    Set<String> stillAdopted() {
        return call(c -> {
            Set<String> ids = new TreeSet<>();
            try (PreparedStatement st = c.prepareStatement(
                            "select client_id from gateway_member where adopted_by = ? and seen_at < now() - ?::interval");
                    ResultSet rs = query(st, me, ttl)) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    /** Parks messages for their partitions' owners, in one transaction. */
    public void park(List<Pipeline.Message> messages) {
        call(c -> {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement(
                    "insert into gateway_inbox (partition, topic, device_id, payload, parked_by) values (?, ?, ?, ?, ?)")) {
                for (Pipeline.Message m : messages) {
                    st.setInt(1, Partitions.of(m.deviceId()));
                    st.setString(2, m.topic());
                    st.setString(3, m.deviceId());
                    st.setBytes(4, m.payload());
                    st.setString(5, me);
                    st.addBatch();
                }
                st.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
            return null;
        });
    }

    /** The oldest messages parked for these partitions. */
    public List<Parked> parked(Set<Integer> partitions, int limit) {
        return call(c -> {
            List<Parked> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(
                    "select id, topic, device_id, payload from gateway_inbox where partition = any(?) order by id limit ?")) {
                st.setArray(1, ints(c, partitions));
                st.setInt(2, limit);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Parked(
                                rs.getLong(1), new Pipeline.Message(rs.getString(2), rs.getString(3), rs.getBytes(4))));
                    }
                }
            }
            return out;
        });
    }

    /** Removes inbox rows once their messages went through the pipeline. */
    public void delivered(List<Parked> parked) {
        call(c -> {
            try (PreparedStatement st = c.prepareStatement("delete from gateway_inbox where id = any(?)")) {
                st.setArray(
                        1,
                        c.createArrayOf(
                                "bigint", parked.stream().map(Parked::id).toArray()));
                return st.executeUpdate();
            }
        });
    }

    private static Array ints(Connection c, Set<Integer> values) throws SQLException {
        return c.createArrayOf("integer", values.toArray());
    }

    private static ResultSet query(PreparedStatement st, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            st.setObject(i + 1, params[i]);
        }
        return st.executeQuery();
    }

    private static Set<Integer> partitions(Connection c, String sql, Object... params) throws SQLException {
        Set<Integer> out = new TreeSet<>();
        try (PreparedStatement st = c.prepareStatement(sql);
                ResultSet rs = query(st, params)) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T call(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreUnavailableException("gateway cluster tables: " + e.getMessage(), e);
        }
    }
}
