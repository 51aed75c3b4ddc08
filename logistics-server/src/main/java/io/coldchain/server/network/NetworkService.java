package io.coldchain.server.network;

import io.coldchain.gateway.contract.AssetKind;
import io.coldchain.server.web.ConflictException;
import io.coldchain.server.web.InvalidFieldException;
import io.coldchain.server.web.NotFoundException;
import io.coldchain.server.web.Versions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The network registry's use cases; every write checks references and versions. */
@Service
@Transactional
public class NetworkService {

    private final StoreRepository stores;
    private final LockerBankRepository lockerBanks;
    private final VehicleRepository vehicles;
    private final DeviceRepository devices;
    private final ApplicationEventPublisher events;

    NetworkService(
            StoreRepository stores,
            LockerBankRepository lockerBanks,
            VehicleRepository vehicles,
            DeviceRepository devices,
            ApplicationEventPublisher events) {
        this.stores = stores;
        this.lockerBanks = lockerBanks;
        this.vehicles = vehicles;
        this.devices = devices;
        this.events = events;
    }

    // ---- stores

    @Transactional(readOnly = true)
    public List<StoreResponse> stores() {
        return stores.findAll(org.springframework.data.domain.Sort.by("id")).stream()
                .map(Store::toResponse)
                .toList();
    }

    @Transactional(readOnly = true)
    public StoreResponse store(String id) {
        return findStore(id).toResponse();
    }

    public StoreResponse createStore(StoreRequest request) {
        String id = requireNewId(request.id(), stores.existsById(nullSafe(request.id())), "store");
        Store store = new Store(id);
        store.update(request.name(), request.address(), request.location());
        return stores.saveAndFlush(store).toResponse();
    }

    public StoreResponse updateStore(String id, StoreRequest request) {
        requireSameId(id, request.id());
        Store store = findStore(id);
        Versions.check("store", id, request.version(), store.version());
        store.update(request.name(), request.address(), request.location());
        return stores.saveAndFlush(store).toResponse();
    }

    public void deleteStore(String id) {
        Store store = findStore(id);
        if (lockerBanks.existsByStoreId(id) || vehicles.existsByHomeStoreId(id)) {
            throw new ConflictException("store '" + id + "' still serves locker banks or is home to vehicles");
        }
        stores.delete(store);
    }

    // ---- locker banks

    @Transactional(readOnly = true)
    public List<LockerBankResponse> lockerBanks() {
        return lockerBanks.findAllByOrderById().stream()
                .map(LockerBank::toResponse)
                .toList();
    }

    @Transactional(readOnly = true)
    public LockerBankResponse lockerBank(String id) {
        return findLockerBank(id).toResponse();
    }

    public LockerBankResponse createLockerBank(LockerBankRequest request) {
        String id = requireNewId(request.id(), lockerBanks.existsById(nullSafe(request.id())), "locker bank");
        requireStoreIfGiven(request.storeId());
        LockerBank bank = new LockerBank(id);
        bank.update(request);
        return lockerBanks.saveAndFlush(bank).toResponse();
    }

    public LockerBankResponse updateLockerBank(String id, LockerBankRequest request) {
        requireSameId(id, request.id());
        requireStoreIfGiven(request.storeId());
        LockerBank bank = findLockerBank(id);
        Versions.check("locker bank", id, request.version(), bank.version());
        try {
            bank.update(request);
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage());
        }
        requireZonesStillBound(bank);
        return lockerBanks.saveAndFlush(bank).toResponse();
    }

    public LockerBankResponse setCompartmentStatus(String bankId, String code, CompartmentStatus status) {
        LockerBank bank = findLockerBank(bankId);
        Compartment compartment =
                bank.compartment(code).orElseThrow(() -> new NotFoundException("compartment", bankId + "/" + code));
        try {
            compartment.setServiceStatus(status);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("status", e.getMessage());
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage());
        }
        bank.touch();
        return lockerBanks.saveAndFlush(bank).toResponse();
    }

    public void deleteLockerBank(String id) {
        LockerBank bank = findLockerBank(id);
        if (bank.holdsParcels()) {
            throw new ConflictException("locker bank '" + id + "' holds reserved or occupied compartments");
        }
        if (devices.anyProbeOn(AssetKind.LOCKER_ZONE.name(), id)) {
            throw new ConflictException("locker bank '" + id + "' is measured by a device; unbind it first");
        }
        lockerBanks.delete(bank);
    }

    // ---- vehicles

    @Transactional(readOnly = true)
    public List<VehicleResponse> vehicles() {
        return vehicles.findAll(org.springframework.data.domain.Sort.by("id")).stream()
                .map(Vehicle::toResponse)
                .toList();
    }

    @Transactional(readOnly = true)
    public VehicleResponse vehicle(String id) {
        return findVehicle(id).toResponse();
    }

    public VehicleResponse createVehicle(VehicleRequest request) {
        String id = requireNewId(request.id(), vehicles.existsById(nullSafe(request.id())), "vehicle");
        requireStore("homeStoreId", request.homeStoreId());
        Vehicle vehicle = new Vehicle(id);
        vehicle.update(request);
        return vehicles.saveAndFlush(vehicle).toResponse();
    }

    public VehicleResponse updateVehicle(String id, VehicleRequest request) {
        requireSameId(id, request.id());
        requireStore("homeStoreId", request.homeStoreId());
        Vehicle vehicle = findVehicle(id);
        Versions.check("vehicle", id, request.version(), vehicle.version());
        vehicle.update(request);
        requireZonesStillBound(vehicle);
        return vehicles.saveAndFlush(vehicle).toResponse();
    }

    public void deleteVehicle(String id) {
        Vehicle vehicle = findVehicle(id);
        if (devices.anyProbeOn(AssetKind.VEHICLE_COMPARTMENT.name(), id)) {
            throw new ConflictException("vehicle '" + id + "' is measured by a device; unbind it first");
        }
        vehicles.delete(vehicle);
    }

    // ---- devices

    @Transactional(readOnly = true)
    public List<DeviceResponse> devices() {
        return devices.findAll(org.springframework.data.domain.Sort.by("id")).stream()
                .map(Device::toResponse)
                .toList();
    }

    @Transactional(readOnly = true)
    public DeviceResponse device(String id) {
        return findDevice(id).toResponse();
    }

    public DeviceResponse createDevice(DeviceRequest request) {
        String id = requireNewId(request.id(), devices.existsById(nullSafe(request.id())), "device");
        Device device = new Device(id);
        device.update(request.reportingIntervalS(), probeConfigs(request));
        DeviceResponse response = devices.saveAndFlush(device).toResponse();
        events.publishEvent(new DeviceBindingChanged(id, false));
        return response;
    }

    public DeviceResponse updateDevice(String id, DeviceRequest request) {
        requireSameId(id, request.id());
        Device device = findDevice(id);
        Versions.check("device", id, request.version(), device.version());
        device.update(request.reportingIntervalS(), probeConfigs(request));
        DeviceResponse response = devices.saveAndFlush(device).toResponse();
        events.publishEvent(new DeviceBindingChanged(id, false));
        return response;
    }

    public void deleteDevice(String id) {
        devices.delete(findDevice(id));
        events.publishEvent(new DeviceBindingChanged(id, true));
    }

    // ---- checks

    private Map<String, ProbeConfig> probeConfigs(DeviceRequest request) {
        Map<String, ProbeConfig> configs = new LinkedHashMap<>();
        request.probes().forEach((name, probe) -> {
            String field = "probes." + name + ".ownerId";
            switch (probe.assetKind()) {
                case LOCKER_ZONE -> {
                    LockerBank bank = lockerBanks
                            .findById(probe.ownerId())
                            .orElseThrow(() -> new InvalidFieldException(
                                    field, "locker bank '" + probe.ownerId() + "' does not exist"));
                    if (!bank.hasZone(probe.zone())) {
                        throw new InvalidFieldException(
                                "probes." + name + ".zone",
                                "locker bank '" + probe.ownerId() + "' has no " + probe.zone() + " compartments");
                    }
                }
                case VEHICLE_COMPARTMENT -> {
                    Vehicle vehicle = vehicles.findById(probe.ownerId())
                            .orElseThrow(() -> new InvalidFieldException(
                                    field, "vehicle '" + probe.ownerId() + "' does not exist"));
                    if (!vehicle.hasZone(probe.zone())) {
                        throw new InvalidFieldException(
                                "probes." + name + ".zone",
                                "vehicle '" + probe.ownerId() + "' has no " + probe.zone() + " compartment");
                    }
                }
            }
            configs.put(name, probe.toConfig());
        });
        return configs;
    }

    /** A locker bank must keep every zone a device probe is bound to. */
    private void requireZonesStillBound(LockerBank bank) {
        requireZonesStillBound(AssetKind.LOCKER_ZONE, bank.id(), bank::hasZone);
    }

    /** A vehicle must keep every compartment a device probe is bound to. */
    private void requireZonesStillBound(Vehicle vehicle) {
        requireZonesStillBound(AssetKind.VEHICLE_COMPARTMENT, vehicle.id(), vehicle::hasZone);
    }

    private void requireZonesStillBound(
            AssetKind kind,
            String ownerId,
            java.util.function.Predicate<io.coldchain.gateway.contract.TemperatureZone> has) {
        for (Object[] row : devices.probesOn(kind.name(), ownerId)) {
            var zone = io.coldchain.gateway.contract.TemperatureZone.valueOf((String) row[2]);
            if (!has.test(zone)) {
                throw new ConflictException("probe '" + row[1] + "' of device '" + row[0] + "' measures " + ownerId
                        + "/" + zone + "; keep a " + zone + " compartment or unbind it first");
            }
        }
    }

    private void requireStoreIfGiven(String storeId) {
        if (storeId != null) {
            requireStore("storeId", storeId);
        }
    }

    private void requireStore(String field, String storeId) {
        if (!stores.existsById(storeId)) {
            throw new InvalidFieldException(field, "store '" + storeId + "' does not exist");
        }
    }

    private static String requireNewId(String id, boolean exists, String what) {
        if (id == null) {
            throw new InvalidFieldException("id", "must be given when creating a " + what);
        }
        if (exists) {
            throw new ConflictException(what + " '" + id + "' already exists");
        }
        return id;
    }

    private static void requireSameId(String pathId, String bodyId) {
        if (bodyId != null && !bodyId.equals(pathId)) {
            throw new InvalidFieldException("id", "'" + bodyId + "' does not match the path ('" + pathId + "')");
        }
    }

    private static String nullSafe(String id) {
        return id == null ? "" : id;
    }

    private Store findStore(String id) {
        return stores.findById(id).orElseThrow(() -> new NotFoundException("store", id));
    }

    private LockerBank findLockerBank(String id) {
        return lockerBanks.findById(id).orElseThrow(() -> new NotFoundException("locker bank", id));
    }

    private Vehicle findVehicle(String id) {
        return vehicles.findById(id).orElseThrow(() -> new NotFoundException("vehicle", id));
    }

    private Device findDevice(String id) {
        return devices.findById(id).orElseThrow(() -> new NotFoundException("device", id));
    }
}
