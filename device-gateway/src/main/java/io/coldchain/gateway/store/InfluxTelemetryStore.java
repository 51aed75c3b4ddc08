package io.coldchain.gateway.store;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.domain.InfluxQLQuery;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.query.InfluxQLQueryResult;
import io.coldchain.gateway.BrokerSockets;
import io.coldchain.gateway.contract.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Telemetry in InfluxDB: line protocol through the v2 write API (influxdb-client-java) in one
 * request per batch, reads in InfluxQL through the v1 query endpoint (InfluxDB 1.8+, 2.x with a
 * DBRP mapping, 3.x). InfluxDB stores a point once per series and time, so a redelivered reading
 * overwrites itself; the readings returned as new are those this process has not written before
 * (the rules ignore a reading they already hold, so a duplicate after a restart is harmless).
 */
public final class InfluxTelemetryStore implements TelemetryStore, AutoCloseable {

    /**
     * @param database the InfluxQL database (v1) the bucket is mapped to
     */
    public record Config(String url, String token, String org, String bucket, String database) {}

    private static final int SEEN_PER_DEVICE = 10_000;

    private final InfluxDBClient client;
    private final Config config;
    private final Map<String, Set<Long>> seen = new HashMap<>();

    public InfluxTelemetryStore(Config config) {
        this.config = config;
        // without TCP_NODELAY every write waited for the server's delayed ACK: 45 ms a batch
        this.client = InfluxDBClientFactory.create(com.influxdb.client.InfluxDBClientOptions.builder()
                .url(config.url())
                .authenticateToken(
                        config.token() == null ? new char[0] : config.token().toCharArray())
                .org(config.org())
                .bucket(config.bucket())
                .okHttpClient(new okhttp3.OkHttpClient.Builder().socketFactory(BrokerSockets.noDelay()))
                .build());
    }

    @Override
    public List<Reading> store(List<Reading> readings) {
        List<Reading> fresh = new ArrayList<>();
        Set<String> inBatch = new java.util.HashSet<>();
        for (Reading r : readings) {
            boolean known = seen.computeIfAbsent(r.deviceId(), d -> new LinkedHashSet<>())
                    .contains(r.seq());
            if (!known && inBatch.add(r.deviceId() + "\u0000" + r.seq())) {
                fresh.add(r);
            }
        }
        if (fresh.isEmpty()) {
            return List.of();
        }
        try {
            client.getWriteApiBlocking()
                    .writeRecords(
                            config.bucket(),
                            config.org(),
                            WritePrecision.MS,
                            fresh.stream().map(LineProtocol::encode).toList());
        } catch (com.influxdb.exceptions.BadRequestException | com.influxdb.exceptions.UnprocessableEntityException e) {
            throw new DataRejectedException("InfluxDB refused " + fresh.size() + " readings: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("writing " + fresh.size() + " readings to InfluxDB failed", e);
        }
        for (Reading r : fresh) {
            Set<Long> device = seen.get(r.deviceId());
            device.add(r.seq());
            if (device.size() > SEEN_PER_DEVICE) {
                device.remove(device.iterator().next());
            }
        }
        return fresh;
    }

    @Override
    public void recordStats(String gatewayId, Instant at, java.util.Map<String, Long> values) {
        client.getWriteApiBlocking()
                .writeRecord(
                        config.bucket(), config.org(), WritePrecision.MS, LineProtocol.stats(gatewayId, at, values));
    }

    @Override
    public void recordAlerts(List<io.coldchain.gateway.contract.AlertEvent> events) {
        if (!events.isEmpty()) {
            client.getWriteApiBlocking()
                    .writeRecords(
                            config.bucket(),
                            config.org(),
                            WritePrecision.MS,
                            events.stream().map(LineProtocol::alert).toList());
        }
    }

    @Override
    public List<Reading> history(String deviceId, String probe, Instant from, Instant to) {
        return select(
                "SELECT temp_c, seq, door_open, battery_pct, lat, lon FROM " + LineProtocol.MEASUREMENT
                        + " WHERE device = " + quote(deviceId) + " AND probe = " + quote(probe) + " AND time >= "
                        + from.toEpochMilli() + "ms AND time < " + to.toEpochMilli() + "ms",
                deviceId,
                probe);
    }

    @Override
    public List<Reading> fromSeq(String deviceId, long fromSeq) {
        List<Reading> readings = new ArrayList<>();
        for (InfluxQLQueryResult.Result result : query("SELECT temp_c, seq, door_open, battery_pct, lat, lon FROM "
                        + LineProtocol.MEASUREMENT + " WHERE device = " + quote(deviceId) + " AND seq >= " + fromSeq
                        + " GROUP BY probe")
                .getResults()) {
            for (InfluxQLQueryResult.Series series : result.getSeries()) {
                readings.addAll(readingsOf(series, deviceId, series.getTags().get("probe")));
            }
        }
        readings.sort(Comparator.comparingLong(Reading::seq));
        return readings;
    }

    @Override
    public List<Bucket> aggregate(String deviceId, String probe, Instant from, Instant to, Duration bucket) {
        String q = "SELECT min(temp_c), mean(temp_c), max(temp_c), count(temp_c) FROM " + LineProtocol.MEASUREMENT
                + " WHERE device = " + quote(deviceId) + " AND probe = " + quote(probe) + " AND time >= "
                + from.toEpochMilli() + "ms AND time < " + to.toEpochMilli() + "ms GROUP BY time(" + bucket.toSeconds()
                + "s)";
        List<Bucket> buckets = new ArrayList<>();
        for (InfluxQLQueryResult.Result result : query(q).getResults()) {
            for (InfluxQLQueryResult.Series series : result.getSeries()) {
                for (InfluxQLQueryResult.Series.Record record : series.getValues()) {
                    Object[] v = record.getValues();
                    if (present(v[1]) == null || present(v[4]) == null || number(v[4]) == 0) {
                        continue; // an empty bucket
                    }
                    buckets.add(new Bucket(
                            Instant.ofEpochMilli((long) number(v[0])), number(v[1]), number(v[2]), number(v[3]), (long)
                                    number(v[4])));
                }
            }
        }
        return buckets;
    }

    private List<Reading> select(String q, String deviceId, String probe) {
        List<Reading> readings = new ArrayList<>();
        for (InfluxQLQueryResult.Result result : query(q).getResults()) {
            for (InfluxQLQueryResult.Series series : result.getSeries()) {
                readings.addAll(readingsOf(series, deviceId, probe));
            }
        }
        readings.sort(Comparator.comparing(Reading::ts).thenComparingLong(Reading::seq));
        return readings;
    }

    private static List<Reading> readingsOf(InfluxQLQueryResult.Series series, String deviceId, String probe) {
        List<Reading> readings = new ArrayList<>();
        Map<String, Integer> col = series.getColumns();
        for (InfluxQLQueryResult.Series.Record record : series.getValues()) {
            Object[] v = record.getValues();
            Object door = present(v[col.get("door_open")]);
            Object battery = present(v[col.get("battery_pct")]);
            Object lat = present(v[col.get("lat")]);
            Object lon = present(v[col.get("lon")]);
            readings.add(new Reading(
                    deviceId,
                    (long) number(v[col.get("seq")]),
                    Instant.ofEpochMilli((long) number(v[col.get("time")])),
                    probe,
                    number(v[col.get("temp_c")]),
                    door == null ? null : Boolean.valueOf(door.toString()),
                    battery == null ? null : (int) number(battery),
                    lat == null ? null : number(lat),
                    lon == null ? null : number(lon)));
        }
        return readings;
    }

    private InfluxQLQueryResult query(String q) {
        try {
            return client.getInfluxQLQueryApi()
                    // CSV: the client's JSON reader fails on null field values (JsonNull)
                    .queryCSV(new InfluxQLQuery(q, config.database())
                            .setPrecision(InfluxQLQuery.InfluxQLPrecision.MILLISECONDS));
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("InfluxQL query failed: " + q, e);
        }
    }

    /** CSV answers carry an absent field as an empty string. */
    private static Object present(Object value) {
        return value == null || value.toString().isEmpty() ? null : value;
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString());
    }

    private static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public void close() {
        client.close();
    }
}
