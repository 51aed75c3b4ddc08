package io.coldchain.server.demo;

import io.coldchain.gateway.contract.AssetKind;
import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.server.network.CompartmentRequest;
import io.coldchain.server.network.CompartmentSize;
import io.coldchain.server.network.DeviceRequest;
import io.coldchain.server.network.Location;
import io.coldchain.server.network.LockerBankRequest;
import io.coldchain.server.network.OpeningHours;
import io.coldchain.server.network.StoreRequest;
import io.coldchain.server.network.VehicleCompartment;
import io.coldchain.server.network.VehicleKind;
import io.coldchain.server.network.VehicleRequest;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo city's network as requests: 3 stores, 12 locker banks spread over a 4 km square around
 * {@link #CENTER}, 6 vehicles, and one device per locker bank and per vehicle with a probe per zone.
 */
final class DemoCity {

    /** Centre of the synthetic demo city. */
    static final Location CENTER = new Location(46.0, 9.0);

    private static final double KM_LAT = 1 / 111.0;
    private static final double KM_LON = 1 / 77.1; // at 46 degrees north

    private DemoCity() {}

    static List<StoreRequest> stores() {
        return List.of(
                store("ST-01", "Riverside Market", "1 Mill Street", -1.2, -1.0),
                store("ST-02", "Hilltop Fresh", "40 Summit Road", 1.3, 0.2),
                store("ST-03", "Harbour Grocers", "7 Quay Lane", -0.4, 1.4));
    }

    static List<LockerBankRequest> lockerBanks() {
        List<LockerBankRequest> banks = new ArrayList<>();
        String[] stores = {"ST-01", "ST-02", "ST-03"};
        for (int i = 0; i < 12; i++) {
            double north = -1.8 + (i / 4) * 1.6 + (i % 2) * 0.2;
            double east = -1.8 + (i % 4) * 1.2;
            List<CompartmentRequest> compartments = new ArrayList<>();
            addCompartments(compartments, "F", 4, TemperatureZone.FROZEN, CompartmentSize.S, CompartmentSize.M);
            addCompartments(compartments, "C", 8, TemperatureZone.CHILLED, CompartmentSize.M, CompartmentSize.L);
            addCompartments(compartments, "A", 6, TemperatureZone.AMBIENT, CompartmentSize.L, CompartmentSize.XL);
            if (i % 3 == 0) {
                addCompartments(compartments, "T", 2, TemperatureZone.COOL, CompartmentSize.M, CompartmentSize.L);
            }
            boolean alwaysOpen = i % 4 != 3;
            banks.add(new LockerBankRequest(
                    String.format(Locale.ROOT, "LB-%04d", i + 1),
                    "Locker " + (i + 1),
                    (10 + i * 3) + " Demo Avenue",
                    offset(north, east),
                    stores[i % 3],
                    alwaysOpen,
                    alwaysOpen ? List.of() : shopHours(),
                    compartments,
                    null));
        }
        return banks;
    }

    static List<VehicleRequest> vehicles() {
        List<VehicleRequest> vehicles = new ArrayList<>();
        String[] stores = {"ST-01", "ST-02", "ST-03"};
        for (int i = 0; i < 6; i++) {
            boolean van = i < 4;
            List<VehicleCompartment> compartments = van
                    ? List.of(
                            compartment(TemperatureZone.FROZEN, 400, 250),
                            compartment(TemperatureZone.CHILLED, 1200, 700),
                            compartment(TemperatureZone.AMBIENT, 1500, 800))
                    : List.of(
                            compartment(TemperatureZone.CHILLED, 120, 60),
                            compartment(TemperatureZone.AMBIENT, 80, 40));
            vehicles.add(new VehicleRequest(
                    String.format(Locale.ROOT, "VH-%02d", i + 1),
                    van ? "Reefer van " + (i + 1) : "E-trike " + (i - 3),
                    van ? VehicleKind.REFRIGERATED_VAN : VehicleKind.E_TRIKE_COOLBOX,
                    stores[i % 3],
                    compartments,
                    null));
        }
        return vehicles;
    }

    /** One device per locker bank, a probe per zone it has. */
    static DeviceRequest lockerDevice(LockerBankRequest bank) {
        Map<String, DeviceRequest.ProbeRequest> probes = new LinkedHashMap<>();
        bank.compartments().stream()
                .map(CompartmentRequest::zone)
                .distinct()
                .forEach(zone -> probes.put(
                        zone.name().toLowerCase(Locale.ROOT),
                        new DeviceRequest.ProbeRequest(AssetKind.LOCKER_ZONE, bank.id(), zone, null, null, null)));
        return new DeviceRequest(bank.id(), 60, probes, null);
    }

    /** One device per vehicle, a probe per compartment; device ids are {@code DEV-VH-01}. */
    static DeviceRequest vehicleDevice(VehicleRequest vehicle) {
        Map<String, DeviceRequest.ProbeRequest> probes = new LinkedHashMap<>();
        vehicle.compartments()
                .forEach(c -> probes.put(
                        c.zone().name().toLowerCase(Locale.ROOT),
                        new DeviceRequest.ProbeRequest(
                                AssetKind.VEHICLE_COMPARTMENT, vehicle.id(), c.zone(), null, null, null)));
        return new DeviceRequest("DEV-" + vehicle.id(), 30, probes, null);
    }

    private static StoreRequest store(String id, String name, String address, double northKm, double eastKm) {
        return new StoreRequest(id, name, address, offset(northKm, eastKm), null);
    }

    private static Location offset(double northKm, double eastKm) {
        return new Location(
                Math.round((CENTER.lat() + northKm * KM_LAT) * 1e6) / 1e6,
                Math.round((CENTER.lon() + eastKm * KM_LON) * 1e6) / 1e6);
    }

    private static void addCompartments(
            List<CompartmentRequest> into,
            String prefix,
            int count,
            TemperatureZone zone,
            CompartmentSize small,
            CompartmentSize large) {
        for (int i = 1; i <= count; i++) {
            into.add(new CompartmentRequest(
                    String.format(Locale.ROOT, "%s%02d", prefix, i), i <= count / 2 ? small : large, zone));
        }
    }

    private static List<OpeningHours> shopHours() {
        List<OpeningHours> hours = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day != DayOfWeek.SUNDAY) {
                hours.add(new OpeningHours(day, LocalTime.of(7, 0), LocalTime.of(21, 0)));
            }
        }
        return hours;
    }

    private static VehicleCompartment compartment(TemperatureZone zone, int litres, int kg) {
        return new VehicleCompartment(zone, BigDecimal.valueOf(litres), BigDecimal.valueOf(kg));
    }
}
