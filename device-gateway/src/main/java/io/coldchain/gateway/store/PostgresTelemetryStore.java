package io.coldchain.gateway.store;

import io.coldchain.gateway.contract.Reading;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Telemetry in PostgreSQL: one multi-row insert per batch ({@code unnest} of arrays) with {@code ON
 * CONFLICT DO NOTHING RETURNING}, so de-duplication costs no extra round trip. Sequence numbers,
 * times (epoch microseconds) and temperatures go as primitive arrays, which the driver sends in
 * binary: parsing a thousand timestamps from text was a fifth of the insert. Readings the pipeline
 * has not seen before go in without {@code ON CONFLICT} ({@link #storeUnseen}).
 */
public final class PostgresTelemetryStore implements TelemetryStore {

    private static final String INSERT =
            """
            insert into telemetry (device_id, seq, ts, probe, temp_c, door_open, battery_pct, lat, lon)
            select d, s, to_timestamp(us::float8 / 1000000), p, t, o, b, la, lo
              from unnest(?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::float8[], ?::bool[],
                          ?::int2[], ?::float8[], ?::float8[]) as r(d, s, us, p, t, o, b, la, lo)
            """;

    private static final String DEDUPLICATED = " on conflict (device_id, seq) do nothing returning device_id, seq";

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    public PostgresTelemetryStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates or upgrades the gateway's tables. */
    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/gateway")
                .table("gateway_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    @Override
    public List<Reading> store(List<Reading> readings) {
        if (readings.isEmpty()) {
            return List.of();
        }
        Set<String> inserted = new HashSet<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement(INSERT + DEDUPLICATED)) {
            bind(c, st, readings);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1) + "\u0000" + rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw SqlFailures.classify("storing " + readings.size() + " readings failed", e);
        }
        List<Reading> fresh = new ArrayList<>(inserted.size());
        for (Reading r : readings) {
            // a batch may hold the same (device, seq) twice: only its first copy is new
            if (inserted.remove(r.deviceId() + "\u0000" + r.seq())) {
                fresh.add(r);
            }
        }
        return fresh;
    }

    /**
     * A plain insert: on the ingestion bench {@code ON CONFLICT} cost about a quarter of inserting a
     * reading. When one of them was stored after all (the unique key refuses the statement, which
     * then stored nothing), the batch goes again through {@link #store}.
     */
    @Override
    public List<Reading> storeUnseen(List<Reading> readings) {
        if (readings.isEmpty()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement(INSERT)) {
            bind(c, st, readings);
            st.executeUpdate();
            return readings;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw SqlFailures.classify("storing " + readings.size() + " readings failed", e);
            }
        }
        return store(readings);
    }

    /** Microseconds since the epoch, the precision PostgreSQL keeps (truncated, as it is stored). */
    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private static void bind(Connection c, PreparedStatement st, List<Reading> readings) throws SQLException {
        int n = readings.size();
        String[] devices = new String[n];
        long[] seqs = new long[n];
        long[] micros = new long[n];
        String[] probes = new String[n];
        double[] temps = new double[n];
        Boolean[] doors = new Boolean[n];
        Short[] batteries = new Short[n];
        Double[] lats = new Double[n];
        Double[] lons = new Double[n];
        for (int i = 0; i < n; i++) {
            Reading r = readings.get(i);
            devices[i] = r.deviceId();
            seqs[i] = r.seq();
            micros[i] = micros(r.ts());
            probes[i] = r.probe();
            temps[i] = r.tempC();
            doors[i] = r.doorOpen();
            batteries[i] = r.batteryPct() == null ? null : r.batteryPct().shortValue();
            lats[i] = r.lat();
            lons[i] = r.lon();
        }
        st.setArray(1, c.createArrayOf("text", devices));
        st.setObject(2, seqs);
        st.setObject(3, micros);
        st.setArray(4, c.createArrayOf("text", probes));
        st.setObject(5, temps);
        st.setArray(6, c.createArrayOf("bool", doors));
        st.setArray(7, c.createArrayOf("int2", batteries));
        st.setArray(8, c.createArrayOf("float8", lats));
        st.setArray(9, c.createArrayOf("float8", lons));
    }

    @Override
    public List<Reading> history(String deviceId, String probe, Instant from, Instant to) {
        return query(
                "select device_id, seq, ts, probe, temp_c, door_open, battery_pct, lat, lon from telemetry"
                        + " where device_id = ? and probe = ? and ts >= ? and ts < ? order by ts, seq",
                deviceId,
                probe,
                Timestamp.from(from),
                Timestamp.from(to));
    }

    @Override
    public List<Reading> fromSeq(String deviceId, long fromSeq) {
        return query(
                "select device_id, seq, ts, probe, temp_c, door_open, battery_pct, lat, lon from telemetry"
                        + " where device_id = ? and seq >= ? order by seq",
                deviceId,
                fromSeq);
    }

    @Override
    public List<Bucket> aggregate(String deviceId, String probe, Instant from, Instant to, Duration bucket) {
        String sql =
                """
                select to_timestamp(floor(extract(epoch from ts) / ?) * ?) as bucket,
                       min(temp_c), avg(temp_c), max(temp_c), count(*)
                  from telemetry
                 where device_id = ? and probe = ? and ts >= ? and ts < ?
                 group by 1 order by 1
                """;
        List<Bucket> buckets = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement(sql)) {
            double seconds = bucket.toMillis() / 1000.0;
            st.setDouble(1, seconds);
            st.setDouble(2, seconds);
            st.setString(3, deviceId);
            st.setString(4, probe);
            st.setTimestamp(5, Timestamp.from(from));
            st.setTimestamp(6, Timestamp.from(to));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    buckets.add(new Bucket(
                            rs.getTimestamp(1).toInstant(),
                            rs.getDouble(2),
                            rs.getDouble(3),
                            rs.getDouble(4),
                            rs.getLong(5)));
                }
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("aggregating telemetry failed", e);
        }
        return buckets;
    }

    private List<Reading> query(String sql, Object... params) {
        List<Reading> readings = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Object door = rs.getObject(6);
                    Object battery = rs.getObject(7);
                    Object lat = rs.getObject(8);
                    Object lon = rs.getObject(9);
                    readings.add(new Reading(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getTimestamp(3).toInstant(),
                            rs.getString(4),
                            rs.getDouble(5),
                            (Boolean) door,
                            battery == null ? null : ((Number) battery).intValue(),
                            lat == null ? null : ((Number) lat).doubleValue(),
                            lon == null ? null : ((Number) lon).doubleValue()));
                }
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("reading telemetry failed", e);
        }
        return readings;
    }
}
