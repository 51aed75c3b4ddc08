package io.coldchain.server.network;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

@Entity
@Table(name = "store")
class Store {

    @Id
    private String id;

    private String name;
    private String address;
    private double lat;
    private double lon;

    @Version
    private long version;

    private Instant updatedAt;

    protected Store() {}

    Store(String id) {
        this.id = id;
    }

    void update(String name, String address, Location location) {
        this.name = name;
        this.address = address;
        this.lat = location.lat();
        this.lon = location.lon();
        this.updatedAt = Instant.now();
    }

    String id() {
        return id;
    }

    long version() {
        return version;
    }

    StoreResponse toResponse() {
        return new StoreResponse(id, name, address, new Location(lat, lon), version, updatedAt);
    }
}
