package io.coldchain.server.network;

import io.coldchain.gateway.contract.TemperatureZone;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "compartment")
class Compartment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "locker_bank_id")
    private LockerBank lockerBank;

    private String code;

    @Enumerated(EnumType.STRING)
    private CompartmentSize size;

    @Enumerated(EnumType.STRING)
    private TemperatureZone zone;

    @Enumerated(EnumType.STRING)
    private CompartmentStatus status;

    @Version
    private long version;

    protected Compartment() {}

    Compartment(LockerBank lockerBank, String code, CompartmentSize size, TemperatureZone zone) {
        this.lockerBank = lockerBank;
        this.code = code;
        this.size = size;
        this.zone = zone;
        this.status = CompartmentStatus.AVAILABLE;
    }

    String code() {
        return code;
    }

    TemperatureZone zone() {
        return zone;
    }

    CompartmentStatus status() {
        return status;
    }

    /** Changes size or zone; only while no parcel is held, so nothing inside is misjudged. */
    void reshape(CompartmentSize size, TemperatureZone zone) {
        if ((this.size != size || this.zone != zone) && status.holdsParcel()) {
            throw new IllegalStateException(
                    "compartment " + code + " is " + status + "; it cannot change size or zone");
        }
        this.size = size;
        this.zone = zone;
    }

    /** Staff put a compartment in or out of service; reserved and occupied ones are not theirs to change. */
    void setServiceStatus(CompartmentStatus next) {
        if (next.holdsParcel()) {
            throw new IllegalArgumentException("status " + next + " is set by assignment and pickup, not by staff");
        }
        if (status.holdsParcel()) {
            throw new IllegalStateException("compartment " + code + " is " + status + "; wait until it is emptied");
        }
        status = next;
    }

    CompartmentResponse toResponse() {
        return new CompartmentResponse(code, size, zone, status);
    }
}
