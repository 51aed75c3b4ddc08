package io.coldchain.gateway.store;

import io.coldchain.gateway.rules.AlertBook;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The rule state that survives a restart: per probe its window start and announcements, per device its next seq. */
public final class RuleStateStore {

    /** A probe's persisted state. */
    /**
     * @param lastSeen when the probe was last heard, on the gateway's clock
     * @param silentAlert the id of its open PROBE_SILENT alert, or null
     */
    public record ProbeState(
            String deviceId,
            String probe,
            Instant since,
            List<AlertBook.Entry> announced,
            Instant lastSeen,
            String silentAlert) {}

    private final DataSource dataSource;
    private final JsonMapper json = JsonMapper.builder().build();

    public RuleStateStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void save(List<ProbeState> probes, Map<String, Long> nextSeq) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement(
                    "insert into probe_state (device_id, probe, since, announced, last_seen, silent_alert)"
                            + " values (?, ?, ?, ?, ?, ?) on conflict (device_id, probe) do update set"
                            + " since = excluded.since, announced = excluded.announced,"
                            + " last_seen = excluded.last_seen, silent_alert = excluded.silent_alert")) {
                for (ProbeState p : probes) {
                    st.setString(1, p.deviceId());
                    st.setString(2, p.probe());
                    st.setTimestamp(3, p.since() == null ? null : Timestamp.from(p.since()));
                    st.setString(4, json.writeValueAsString(p.announced()));
                    st.setTimestamp(5, p.lastSeen() == null ? null : Timestamp.from(p.lastSeen()));
                    st.setString(6, p.silentAlert());
                    st.addBatch();
                }
                st.executeBatch();
            }
            try (PreparedStatement st =
                    c.prepareStatement("insert into device_sequence (device_id, next_seq) values (?, ?)"
                            + " on conflict (device_id) do update set next_seq = excluded.next_seq")) {
                for (var entry : nextSeq.entrySet()) {
                    st.setString(1, entry.getKey());
                    st.setLong(2, entry.getValue());
                    st.addBatch();
                }
                st.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            throw new StoreUnavailableException("saving rule state failed", e);
        }
    }

    public List<ProbeState> probes() {
        List<ProbeState> states = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement(
                        "select device_id, probe, since, announced, last_seen, silent_alert from probe_state");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                Timestamp since = rs.getTimestamp(3);
                Timestamp lastSeen = rs.getTimestamp(5);
                states.add(new ProbeState(
                        rs.getString(1),
                        rs.getString(2),
                        since == null ? null : since.toInstant(),
                        json.readValue(rs.getString(4), new TypeReference<List<AlertBook.Entry>>() {}),
                        lastSeen == null ? null : lastSeen.toInstant(),
                        rs.getString(6)));
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("loading rule state failed", e);
        }
        return states;
    }

    public Map<String, Long> nextSeqs() {
        Map<String, Long> next = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("select device_id, next_seq from device_sequence");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                next.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("loading sequences failed", e);
        }
        return next;
    }
}
