package io.coldchain.server.telemetry;

import io.coldchain.gateway.contract.Reading;
import io.coldchain.gateway.store.TelemetryStore;
import io.coldchain.server.web.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Temperature history per asset (a locker zone {@code LB-0007/CHILLED}, a vehicle compartment
 * {@code VH-02/FROZEN}): the device registry says which device and probe measure it, the telemetry
 * store holds the readings.
 */
@Component
public class TelemetryHistory {

    /** The device and probe measuring an asset. */
    public record Probe(String deviceId, String probe) {}

    private final JdbcClient jdbc;
    private final TelemetryStore store;

    TelemetryHistory(JdbcClient jdbc, TelemetryStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    /** The probe measuring {@code assetId}, if one does. */
    public Optional<Probe> probeOf(String assetId) {
        int slash = assetId.lastIndexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        return jdbc.sql("select device_id, probe from device_probe where owner_id = ? and zone = ?")
                .params(assetId.substring(0, slash), assetId.substring(slash + 1))
                .query((rs, n) -> new Probe(rs.getString(1), rs.getString(2)))
                .optional();
    }

    /**
     * The readings of the asset in {@code [from, to)}, preceded by the last reading before {@code
     * from} within {@code lookBack} (it stands for the range's start).
     */
    public List<Reading> readings(String assetId, Instant from, Instant to, Duration lookBack) {
        Probe probe = probeOf(assetId).orElse(null);
        if (probe == null) {
            return List.of();
        }
        List<Reading> all = store.history(probe.deviceId(), probe.probe(), from.minus(lookBack), to);
        List<Reading> out = new ArrayList<>();
        Reading before = null;
        for (Reading r : all) {
            if (r.ts().isBefore(from)) {
                before = r;
            } else {
                out.add(r);
            }
        }
        if (before != null) {
            out.add(0, before);
        }
        return out;
    }

    /** Min, mean and max per bucket of the asset's readings. */
    public List<TelemetryStore.Bucket> buckets(String assetId, Instant from, Instant to, Duration bucket) {
        Probe probe = probeOf(assetId).orElseThrow(() -> new NotFoundException("measured asset", assetId));
        return store.aggregate(probe.deviceId(), probe.probe(), from, to, bucket);
    }

    /** Raw readings of the asset (for charts), at most {@code limit}. */
    public List<Reading> raw(String assetId, Instant from, Instant to, int limit) {
        Probe probe = probeOf(assetId).orElseThrow(() -> new NotFoundException("measured asset", assetId));
        List<Reading> all = store.history(probe.deviceId(), probe.probe(), from, to);
        return all.size() <= limit ? all : all.subList(all.size() - limit, all.size());
    }
}
