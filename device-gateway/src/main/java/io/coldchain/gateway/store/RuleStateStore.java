package io.coldchain.gateway.store;

import io.coldchain.gateway.contract.AlertEvent;
import io.coldchain.gateway.rules.AlertBook;
import io.coldchain.gateway.rules.DataGaps;
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

/**
 * The rule state that survives a restart: per probe its window start, announcements and silence;
 * per device its next seq, and its recorded data gaps.
 */
public final class RuleStateStore {

    /**
     * A probe's persisted state.
     *
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

    /**
     * A device's persisted sequencing.
     *
     * @param next the first seq not yet released in order
     * @param lastTs the event time of the reading before it
     * @param openGaps its recorded gaps still open
     * @param clearedGaps gaps cleared since the last save
     */
    public record DeviceState(
            String deviceId, long next, Instant lastTs, List<DataGaps.Gap> openGaps, List<DataGaps.Gap> clearedGaps) {}

    private final DataSource dataSource;
    private final AlertOutbox outbox;
    private final JsonMapper json = JsonMapper.builder().build();

    /** @param outbox where the alert events saved with the state wait to be published */
    public RuleStateStore(DataSource dataSource, AlertOutbox outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    /** Saves the state and, in the same transaction, the alert events it announces into the outbox. */
    public void save(List<ProbeState> probes, List<DeviceState> devices, List<AlertEvent> events) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            outbox.add(c, events);
            saveProbes(c, probes);
            saveSequences(c, devices);
            saveGaps(c, devices);
            c.commit();
        } catch (SQLException e) {
            throw SqlFailures.classify("saving rule state failed", e);
        }
    }

    /**
     * One statement for all the probes ({@code unnest} of arrays): the save every second of a
     * flood's few hundred probes is on the path of the batch it falls in, alert readings included.
     */
    private void saveProbes(Connection c, List<ProbeState> all) throws SQLException {
        List<ProbeState> probes = lastOfEach(all, p -> p.deviceId() + "\u0000" + p.probe());
        if (probes.isEmpty()) {
            return;
        }
        int n = probes.size();
        String[] devices = new String[n];
        String[] names = new String[n];
        Long[] since = new Long[n];
        String[] announced = new String[n];
        Long[] lastSeen = new Long[n];
        String[] silent = new String[n];
        for (int i = 0; i < n; i++) {
            ProbeState p = probes.get(i);
            devices[i] = p.deviceId();
            names[i] = p.probe();
            since[i] = micros(p.since());
            announced[i] = json.writeValueAsString(p.announced());
            lastSeen[i] = micros(p.lastSeen());
            silent[i] = p.silentAlert();
        }
        try (PreparedStatement st = c.prepareStatement(
                """
                insert into probe_state (device_id, probe, since, announced, last_seen, silent_alert)
                select d, p, timestamptz 'epoch' + s * interval '1 microsecond', a,
                       timestamptz 'epoch' + l * interval '1 microsecond', q
                  from unnest(?::text[], ?::text[], ?::int8[], ?::text[], ?::int8[], ?::text[]) as r(d, p, s, a, l, q)
                on conflict (device_id, probe) do update set since = excluded.since, announced = excluded.announced,
                    last_seen = excluded.last_seen, silent_alert = excluded.silent_alert
                """)) {
            st.setArray(1, c.createArrayOf("text", devices));
            st.setArray(2, c.createArrayOf("text", names));
            st.setArray(3, c.createArrayOf("int8", since));
            st.setArray(4, c.createArrayOf("text", announced));
            st.setArray(5, c.createArrayOf("int8", lastSeen));
            st.setArray(6, c.createArrayOf("text", silent));
            st.executeUpdate();
        }
    }

    private void saveSequences(Connection c, List<DeviceState> all) throws SQLException {
        List<DeviceState> states = lastOfEach(all, DeviceState::deviceId);
        if (states.isEmpty()) {
            return;
        }
        int n = states.size();
        String[] devices = new String[n];
        long[] next = new long[n];
        Long[] lastTs = new Long[n];
        for (int i = 0; i < n; i++) {
            DeviceState d = states.get(i);
            devices[i] = d.deviceId();
            next[i] = d.next();
            lastTs[i] = micros(d.lastTs());
        }
        try (PreparedStatement st = c.prepareStatement(
                """
                insert into device_sequence (device_id, next_seq, last_ts)
                select d, n, timestamptz 'epoch' + l * interval '1 microsecond'
                  from unnest(?::text[], ?::int8[], ?::int8[]) as r(d, n, l)
                on conflict (device_id) do update set next_seq = excluded.next_seq, last_ts = excluded.last_ts
                """)) {
            st.setArray(1, c.createArrayOf("text", devices));
            st.setObject(2, next);
            st.setArray(3, c.createArrayOf("int8", lastTs));
            st.executeUpdate();
        }
    }

    /** One row per key, the last given: one statement may not update a row twice. */
    private static <T> List<T> lastOfEach(List<T> rows, java.util.function.Function<T, String> key) {
        Map<String, T> last = new java.util.LinkedHashMap<>();
        for (T row : rows) {
            last.put(key.apply(row), row);
        }
        return new ArrayList<>(last.values());
    }

    private static Long micros(Instant instant) {
        return instant == null ? null : PostgresTelemetryStore.micros(instant);
    }

    private void saveGaps(Connection c, List<DeviceState> devices) throws SQLException {
        try (PreparedStatement open = c.prepareStatement(
                        """
                        insert into data_gap (device_id, from_seq, to_seq, started_at, ended_at, filled, alert_ids, recorded_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (device_id, from_seq) do update set filled = excluded.filled
                        """);
                PreparedStatement closed =
                        c.prepareStatement("update data_gap set filled = to_seq - from_seq + 1, cleared_at = now()"
                                + " where device_id = ? and from_seq = ? and cleared_at is null")) {
            for (DeviceState d : devices) {
                for (DataGaps.Gap g : d.openGaps()) {
                    addGap(open, d.deviceId(), g);
                }
                for (DataGaps.Gap g : d.clearedGaps()) {
                    // a gap recorded and filled between two saves is written whole, then closed
                    addGap(open, d.deviceId(), g);
                    closed.setString(1, d.deviceId());
                    closed.setLong(2, g.fromSeq());
                    closed.addBatch();
                }
            }
            open.executeBatch();
            closed.executeBatch();
        }
    }

    private void addGap(PreparedStatement st, String deviceId, DataGaps.Gap g) throws SQLException {
        st.setString(1, deviceId);
        st.setLong(2, g.fromSeq());
        st.setLong(3, g.toSeq());
        st.setTimestamp(4, timestamp(g.startedAt()));
        st.setTimestamp(5, timestamp(g.endedAt()));
        st.setLong(6, g.filled());
        st.setString(7, json.writeValueAsString(g.alertIds()));
        st.setTimestamp(8, timestamp(g.recordedAt()));
        st.addBatch();
    }

    public List<ProbeState> probes() {
        List<ProbeState> states = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement(
                        "select device_id, probe, since, announced, last_seen, silent_alert from probe_state");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                states.add(new ProbeState(
                        rs.getString(1),
                        rs.getString(2),
                        instant(rs.getTimestamp(3)),
                        json.readValue(rs.getString(4), new TypeReference<List<AlertBook.Entry>>() {}),
                        instant(rs.getTimestamp(5)),
                        rs.getString(6)));
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("loading rule state failed", e);
        }
        return states;
    }

    /** Every device's sequencing with its open gaps (cleared gaps are not loaded). */
    public List<DeviceState> devices() {
        Map<String, List<DataGaps.Gap>> open = new HashMap<>();
        List<DeviceState> devices = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement st = c.prepareStatement(
                            "select device_id, from_seq, to_seq, started_at, ended_at, filled, alert_ids, recorded_at"
                                    + " from data_gap where cleared_at is null order by device_id, from_seq");
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    open.computeIfAbsent(rs.getString(1), d -> new ArrayList<>())
                            .add(new DataGaps.Gap(
                                    rs.getLong(2),
                                    rs.getLong(3),
                                    instant(rs.getTimestamp(4)),
                                    instant(rs.getTimestamp(5)),
                                    rs.getLong(6),
                                    json.readValue(rs.getString(7), new TypeReference<Map<String, String>>() {}),
                                    instant(rs.getTimestamp(8))));
                }
            }
            try (PreparedStatement st = c.prepareStatement("select device_id, next_seq, last_ts from device_sequence");
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String device = rs.getString(1);
                    devices.add(new DeviceState(
                            device,
                            rs.getLong(2),
                            instant(rs.getTimestamp(3)),
                            open.getOrDefault(device, List.of()),
                            List.of()));
                }
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("loading sequences failed", e);
        }
        return devices;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
