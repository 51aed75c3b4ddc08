package io.coldchain.server.resident;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "resident")
class Resident {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String displayName;
    private String address;
    private Double lat;
    private Double lon;

    @Column(name = "preferred_locker_bank_id")
    private String preferredLockerBankId;

    @Version
    private long version;

    protected Resident() {}

    Resident(String displayName) {
        this.displayName = displayName;
    }

    Long id() {
        return id;
    }

    long version() {
        return version;
    }

    void update(ResidentProfile profile) {
        this.displayName = profile.displayName();
        this.address = profile.address();
        this.lat = profile.location() == null ? null : profile.location().lat();
        this.lon = profile.location() == null ? null : profile.location().lon();
        this.preferredLockerBankId = profile.preferredLockerBankId();
    }

    ResidentResponse toResponse() {
        return new ResidentResponse(
                id,
                displayName,
                address,
                lat == null ? null : new io.coldchain.server.network.Location(lat, lon),
                preferredLockerBankId,
                version);
    }
}
