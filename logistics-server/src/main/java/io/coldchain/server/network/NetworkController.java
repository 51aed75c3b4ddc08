package io.coldchain.server.network;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The network registry over REST. Everyone with a staff role reads it; residents read locker banks
 * (to choose one); only administrators change it, dispatchers may take compartments out of service.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "network", description = "Stores, locker banks, vehicles and devices")
class NetworkController {

    private static final String STAFF = "hasAnyRole('ADMIN','DISPATCHER','QUALITY','COURIER')";
    private static final String ADMIN = "hasRole('ADMIN')";

    private final NetworkService network;
    private final LockerCapacity capacity;
    private final BrokerCredentials credentials;

    NetworkController(NetworkService network, LockerCapacity capacity, BrokerCredentials credentials) {
        this.network = network;
        this.capacity = capacity;
        this.credentials = credentials;
    }

    // ---- stores

    @io.swagger.v3.oas.annotations.Operation(summary = "List the stores")
    @GetMapping("/stores")
    @PreAuthorize(STAFF)
    List<StoreResponse> stores() {
        return network.stores();
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "One store")
    @GetMapping("/stores/{id}")
    @PreAuthorize(STAFF)
    StoreResponse store(@PathVariable String id) {
        return network.store(id);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Add a store")
    @PostMapping("/stores")
    @PreAuthorize(ADMIN)
    ResponseEntity<StoreResponse> createStore(@Valid @RequestBody StoreRequest request) {
        StoreResponse created = network.createStore(request);
        return ResponseEntity.created(URI.create("/api/v1/stores/" + created.id()))
                .body(created);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Change a store (send the version it is based on)")
    @PutMapping("/stores/{id}")
    @PreAuthorize(ADMIN)
    StoreResponse updateStore(@PathVariable String id, @Valid @RequestBody StoreRequest request) {
        return network.updateStore(id, request);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Remove a store nothing refers to")
    @DeleteMapping("/stores/{id}")
    @PreAuthorize(ADMIN)
    ResponseEntity<Void> deleteStore(@PathVariable String id) {
        network.deleteStore(id);
        return ResponseEntity.noContent().build();
    }

    // ---- locker banks

    @io.swagger.v3.oas.annotations.Operation(summary = "List the locker banks with their compartments")
    @GetMapping("/locker-banks")
    @PreAuthorize(STAFF + " or hasRole('RESIDENT')")
    List<LockerBankResponse> lockerBanks() {
        return network.lockerBanks();
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "One locker bank with its compartments")
    @GetMapping("/locker-banks/{id}")
    @PreAuthorize(STAFF + " or hasRole('RESIDENT')")
    LockerBankResponse lockerBank(@PathVariable String id) {
        return network.lockerBank(id);
    }

    @io.swagger.v3.oas.annotations.Operation(
            summary = "A locker bank's capacity on a day: per zone, compartments booked and free all day")
    @GetMapping("/locker-banks/{id}/capacity")
    @PreAuthorize(STAFF + " or hasRole('RESIDENT')")
    LockerCapacity.Response capacity(@PathVariable String id, @RequestParam java.time.LocalDate date) {
        return capacity.on(id, date);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Add a locker bank and its compartments")
    @PostMapping("/locker-banks")
    @PreAuthorize(ADMIN)
    ResponseEntity<LockerBankResponse> createLockerBank(@Valid @RequestBody LockerBankRequest request) {
        LockerBankResponse created = network.createLockerBank(request);
        return ResponseEntity.created(URI.create("/api/v1/locker-banks/" + created.id()))
                .body(created);
    }

    @PutMapping("/locker-banks/{id}")
    @PreAuthorize(ADMIN)
    @Operation(summary = "Update a locker bank; compartments are merged by code, 'version' is required")
    LockerBankResponse updateLockerBank(@PathVariable String id, @Valid @RequestBody LockerBankRequest request) {
        return network.updateLockerBank(id, request);
    }

    record CompartmentStatusRequest(@NotNull CompartmentStatus status) {}

    @PutMapping("/locker-banks/{id}/compartments/{code}/status")
    @PreAuthorize("hasAnyRole('ADMIN','DISPATCHER')")
    @Operation(summary = "Put a compartment in (AVAILABLE) or out of service (OUT_OF_SERVICE)")
    LockerBankResponse setCompartmentStatus(
            @PathVariable String id, @PathVariable String code, @Valid @RequestBody CompartmentStatusRequest request) {
        return network.setCompartmentStatus(id, code, request.status());
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Remove a locker bank nothing refers to")
    @DeleteMapping("/locker-banks/{id}")
    @PreAuthorize(ADMIN)
    ResponseEntity<Void> deleteLockerBank(@PathVariable String id) {
        network.deleteLockerBank(id);
        return ResponseEntity.noContent().build();
    }

    // ---- vehicles

    @io.swagger.v3.oas.annotations.Operation(summary = "List the vehicles")
    @GetMapping("/vehicles")
    @PreAuthorize(STAFF)
    List<VehicleResponse> vehicles() {
        return network.vehicles();
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "One vehicle")
    @GetMapping("/vehicles/{id}")
    @PreAuthorize(STAFF)
    VehicleResponse vehicle(@PathVariable String id) {
        return network.vehicle(id);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Add a vehicle and its compartments")
    @PostMapping("/vehicles")
    @PreAuthorize(ADMIN)
    ResponseEntity<VehicleResponse> createVehicle(@Valid @RequestBody VehicleRequest request) {
        VehicleResponse created = network.createVehicle(request);
        return ResponseEntity.created(URI.create("/api/v1/vehicles/" + created.id()))
                .body(created);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Change a vehicle (send the version it is based on)")
    @PutMapping("/vehicles/{id}")
    @PreAuthorize(ADMIN)
    VehicleResponse updateVehicle(@PathVariable String id, @Valid @RequestBody VehicleRequest request) {
        return network.updateVehicle(id, request);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Remove a vehicle nothing refers to")
    @DeleteMapping("/vehicles/{id}")
    @PreAuthorize(ADMIN)
    ResponseEntity<Void> deleteVehicle(@PathVariable String id) {
        network.deleteVehicle(id);
        return ResponseEntity.noContent().build();
    }

    // ---- devices

    @io.swagger.v3.oas.annotations.Operation(summary = "List the devices and what each probe measures")
    @GetMapping("/devices")
    @PreAuthorize("hasAnyRole('ADMIN','DISPATCHER','QUALITY')")
    List<DeviceResponse> devices() {
        return network.devices();
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "One device")
    @GetMapping("/devices/{id}")
    @PreAuthorize("hasAnyRole('ADMIN','DISPATCHER','QUALITY')")
    DeviceResponse device(@PathVariable String id) {
        return network.device(id);
    }

    @PostMapping("/devices")
    @PreAuthorize(ADMIN)
    @Operation(summary = "Register a device; its binding is published retained on config/devices/{id}")
    ResponseEntity<DeviceResponse> createDevice(@Valid @RequestBody DeviceRequest request) {
        DeviceResponse created = network.createDevice(request);
        return ResponseEntity.created(URI.create("/api/v1/devices/" + created.id()))
                .body(created);
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Change a device's binding (published retained to the gateways)")
    @PutMapping("/devices/{id}")
    @PreAuthorize(ADMIN)
    DeviceResponse updateDevice(@PathVariable String id, @Valid @RequestBody DeviceRequest request) {
        return network.updateDevice(id, request);
    }

    @DeleteMapping("/devices/{id}")
    @PreAuthorize(ADMIN)
    @Operation(summary = "Delete a device; its retained binding is cleared")
    ResponseEntity<Void> deleteDevice(@PathVariable String id) {
        network.deleteDevice(id);
        return ResponseEntity.noContent().build();
    }

    // ---- broker accounts

    @PostMapping("/devices/{id}/credentials")
    @PreAuthorize(ADMIN)
    @Operation(
            summary = "Issue (or rotate) the device's broker password; shown once. It may publish only its own"
                    + " telemetry and status")
    ResponseEntity<BrokerCredentials.Issued> deviceCredentials(@PathVariable String id, java.security.Principal user) {
        return ResponseEntity.status(201).body(credentials.issue(BrokerCredentials.Kind.DEVICE, id, user.getName()));
    }

    @DeleteMapping("/devices/{id}/credentials")
    @PreAuthorize(ADMIN)
    @Operation(summary = "Revoke the device's broker password; its live connection is cut")
    ResponseEntity<Void> revokeDeviceCredentials(@PathVariable String id) {
        credentials.revoke(BrokerCredentials.Kind.DEVICE, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/locker-banks/{id}/credentials")
    @PreAuthorize(ADMIN)
    @Operation(
            summary = "Issue (or rotate) the bank's broker password; shown once. It may publish only its own"
                    + " events and status and read only its own commands")
    ResponseEntity<BrokerCredentials.Issued> bankCredentials(@PathVariable String id, java.security.Principal user) {
        return ResponseEntity.status(201)
                .body(credentials.issue(BrokerCredentials.Kind.LOCKER_BANK, id, user.getName()));
    }

    @DeleteMapping("/locker-banks/{id}/credentials")
    @PreAuthorize(ADMIN)
    @Operation(summary = "Revoke the bank's broker password; its live connection is cut")
    ResponseEntity<Void> revokeBankCredentials(@PathVariable String id) {
        credentials.revoke(BrokerCredentials.Kind.LOCKER_BANK, id);
        return ResponseEntity.noContent().build();
    }
}
