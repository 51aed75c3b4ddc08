package io.coldchain.server.network;

import io.coldchain.gateway.contract.TemperatureZone;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

@Entity
@Table(name = "vehicle")
class Vehicle {

    @Id
    private String id;

    private String name;

    @Enumerated(EnumType.STRING)
    private VehicleKind kind;

    @Column(name = "home_store_id")
    private String homeStoreId;

    @ElementCollection
    @CollectionTable(name = "vehicle_compartment", joinColumns = @JoinColumn(name = "vehicle_id"))
    private List<VehicleCompartment> compartments = new ArrayList<>();

    @Version
    private long version;

    private Instant updatedAt;

    protected Vehicle() {}

    Vehicle(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    long version() {
        return version;
    }

    void update(VehicleRequest request) {
        this.name = request.name();
        this.kind = request.kind();
        this.homeStoreId = request.homeStoreId();
        this.compartments.clear();
        request.compartments().stream()
                .sorted(Comparator.comparing(VehicleCompartment::zone))
                .forEach(compartments::add);
        this.updatedAt = Instant.now();
    }

    boolean hasZone(TemperatureZone zone) {
        return compartments.stream().anyMatch(c -> c.zone() == zone);
    }

    VehicleResponse toResponse() {
        return new VehicleResponse(id, name, kind, homeStoreId, List.copyOf(compartments), version, updatedAt);
    }
}
