package io.coldchain.gateway.ingest;

import io.coldchain.gateway.contract.AlertEvent;
import io.coldchain.gateway.contract.AlertState;
import io.coldchain.gateway.contract.AlertType;
import io.coldchain.gateway.contract.DeviceBinding;
import io.coldchain.gateway.contract.ProbeBinding;
import io.coldchain.gateway.contract.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Silent probes: a probe not heard for longer than three reporting intervals raises PROBE_SILENT,
 * cleared when it speaks again. Silence is counted only while the gateway is listening: from its
 * start, or from the last reconnect to the broker, whichever is later, and not while it is behind
 * (the caller skips the check while it cannot hear or store), so an outage of the gateway, the
 * broker or the store never looks like silence of the devices.
 */
final class SilenceWatch {

    private final Map<String, Instant> lastSeen = new HashMap<>(); // wall clock, per probe key
    private final Map<String, Instant> lastEventTs = new HashMap<>();
    private final Map<String, String> silent = new HashMap<>(); // probe key -> alertId
    private Instant listeningSince = Instant.MIN;

    void restore(String probeKey, Instant seen, String silentAlert, Instant lastTs) {
        if (seen != null) {
            lastSeen.put(probeKey, seen);
        }
        if (silentAlert != null) {
            silent.put(probeKey, silentAlert);
        }
        if (lastTs != null) {
            lastEventTs.put(probeKey, lastTs);
        }
    }

    /** Drops the probes of the devices {@code gone} accepts. */
    void forget(java.util.function.Predicate<String> gone) {
        java.util.function.Predicate<String> key = k -> gone.test(k.substring(0, k.indexOf('\u0000')));
        lastSeen.keySet().removeIf(key);
        lastEventTs.keySet().removeIf(key);
        silent.keySet().removeIf(key);
    }

    /** Silence counts from {@code since} at the earliest (start, reconnect). */
    void listeningFrom(Instant since) {
        listeningSince = since;
    }

    Instant lastSeen(String probeKey) {
        return lastSeen.get(probeKey);
    }

    String silentAlert(String probeKey) {
        return silent.get(probeKey);
    }

    /** A reading of the probe was stored: it is heard; an open silence clears. */
    void heard(Reading r, Instant now, DeviceBinding binding, List<AlertEvent> events) {
        String k = Pipeline.key(r.deviceId(), r.probe());
        lastSeen.put(k, now);
        String id = silent.remove(k);
        if (id != null) {
            ProbeBinding probe = binding == null ? null : binding.probes().get(r.probe());
            events.add(new AlertEvent(
                    id,
                    AlertState.CLEARED,
                    AlertType.PROBE_SILENT,
                    r.deviceId(),
                    r.probe(),
                    probe == null ? null : probe.assetId(),
                    probe == null ? null : probe.zone(),
                    lastEventTs.getOrDefault(k, r.ts()),
                    r.ts(),
                    null,
                    0,
                    r.ts()));
        }
    }

    /** The event time of the probe's latest judged reading, for the silence's start. */
    void judged(Reading r) {
        lastEventTs.merge(Pipeline.key(r.deviceId(), r.probe()), r.ts(), (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Raises PROBE_SILENT for the probes silent too long; adds their devices to {@code touched}. */
    void check(Instant now, BindingRegistry registry, List<AlertEvent> events, List<String> touched) {
        for (var entry : lastSeen.entrySet()) {
            String probeKey = entry.getKey();
            int cut = probeKey.indexOf('\u0000');
            String device = probeKey.substring(0, cut);
            String probe = probeKey.substring(cut + 1);
            DeviceBinding binding = registry.get(device).orElse(null);
            if (binding == null || silent.containsKey(probeKey)) {
                continue;
            }
            Instant heard = entry.getValue().isAfter(listeningSince) ? entry.getValue() : listeningSince;
            Duration limit = Duration.ofSeconds(3L * binding.reportingIntervalS());
            if (Duration.between(heard, now).compareTo(limit) > 0) {
                ProbeBinding probeBinding = binding.probes().get(probe);
                String id = UUID.randomUUID().toString();
                silent.put(probeKey, id);
                touched.add(device);
                events.add(new AlertEvent(
                        id,
                        AlertState.RAISED,
                        AlertType.PROBE_SILENT,
                        device,
                        probe,
                        probeBinding == null ? null : probeBinding.assetId(),
                        probeBinding == null ? null : probeBinding.zone(),
                        lastEventTs.getOrDefault(probeKey, entry.getValue()),
                        null,
                        null,
                        0,
                        now));
            }
        }
    }
}
