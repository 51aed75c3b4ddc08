package io.coldchain.server.network;

import io.coldchain.gateway.contract.DeviceBinding;
import io.coldchain.gateway.contract.ProbeBinding;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

@Entity
@Table(name = "device")
class Device {

    @Id
    private String id;

    @jakarta.persistence.Column(name = "reporting_interval_s")
    private int reportingIntervalS;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "device_probe", joinColumns = @JoinColumn(name = "device_id"))
    @MapKeyColumn(name = "probe")
    private Map<String, ProbeConfig> probes = new TreeMap<>();

    @Version
    private long version;

    private Instant updatedAt;

    protected Device() {}

    Device(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    long version() {
        return version;
    }

    void update(int reportingIntervalS, Map<String, ProbeConfig> probes) {
        this.reportingIntervalS = reportingIntervalS;
        this.probes.clear();
        this.probes.putAll(probes);
        this.updatedAt = Instant.now();
    }

    DeviceBinding toBinding() {
        Map<String, ProbeBinding> bindings = new TreeMap<>();
        probes.forEach((name, probe) -> bindings.put(name, probe.toBinding()));
        return new DeviceBinding(id, reportingIntervalS, bindings);
    }

    DeviceResponse toResponse() {
        return new DeviceResponse(id, reportingIntervalS, toBinding().probes(), version, updatedAt);
    }
}
