package io.coldchain.server.network;

import io.coldchain.gateway.contract.TemperatureZone;
import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Entity
@Table(name = "locker_bank")
class LockerBank {

    @Id
    private String id;

    private String name;
    private String address;
    private double lat;
    private double lon;

    @Column(name = "store_id")
    private String storeId;

    private boolean alwaysOpen;

    @ElementCollection
    @CollectionTable(name = "locker_bank_opening_hours", joinColumns = @JoinColumn(name = "locker_bank_id"))
    private List<OpeningHours> openingHours = new ArrayList<>();

    @OneToMany(mappedBy = "lockerBank", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("code")
    private List<Compartment> compartments = new ArrayList<>();

    @Version
    private long version;

    /** Set by the bank's retained status (the lockers feature writes it; never through this entity). */
    @jakarta.persistence.Column(insertable = false, updatable = false)
    private boolean online;

    private Instant updatedAt;

    protected LockerBank() {}

    LockerBank(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    long version() {
        return version;
    }

    void update(LockerBankRequest request) {
        this.name = request.name();
        this.address = request.address();
        this.lat = request.location().lat();
        this.lon = request.location().lon();
        this.storeId = request.storeId();
        this.alwaysOpen = Boolean.TRUE.equals(request.alwaysOpen());
        this.openingHours.clear();
        if (request.openingHours() != null) {
            this.openingHours.addAll(request.openingHours());
        }
        mergeCompartments(request.compartments());
        this.updatedAt = Instant.now();
    }

    /**
     * Adds, reshapes and removes compartments by code. A compartment holding a parcel can be neither
     * removed nor reshaped.
     */
    private void mergeCompartments(List<CompartmentRequest> wanted) {
        Map<String, CompartmentRequest> byCode = new HashMap<>();
        wanted.forEach(c -> byCode.put(c.code(), c));
        for (Compartment existing : List.copyOf(compartments)) {
            CompartmentRequest request = byCode.remove(existing.code());
            if (request == null) {
                if (existing.status().holdsParcel()) {
                    throw new IllegalStateException(
                            "compartment " + existing.code() + " is " + existing.status() + "; it cannot be removed");
                }
                compartments.remove(existing);
            } else {
                existing.reshape(request.size(), request.zone());
            }
        }
        byCode.values().stream()
                .sorted(Comparator.comparing(CompartmentRequest::code))
                .forEach(c -> compartments.add(new Compartment(this, c.code(), c.size(), c.zone())));
    }

    boolean hasZone(TemperatureZone zone) {
        return compartments.stream().anyMatch(c -> c.zone() == zone);
    }

    boolean holdsParcels() {
        return compartments.stream().anyMatch(c -> c.status().holdsParcel());
    }

    Optional<Compartment> compartment(String code) {
        return compartments.stream().filter(c -> c.code().equals(code)).findFirst();
    }

    void touch() {
        this.updatedAt = Instant.now();
    }

    LockerBankResponse toResponse() {
        return new LockerBankResponse(
                id,
                name,
                address,
                new Location(lat, lon),
                storeId,
                alwaysOpen,
                List.copyOf(openingHours),
                compartments.stream().map(Compartment::toResponse).toList(),
                online,
                version,
                updatedAt);
    }
}
