package io.coldchain.server.demo;

import io.coldchain.gateway.contract.AssetKind;
import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.server.catalog.ProductRequest;
import io.coldchain.server.catalog.ShelfLife;
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

    /** A small fresh-produce range over every temperature class. */
    static List<ProductRequest> products() {
        return List.of(
                product("ICE-VAN-1L", "Vanilla ice cream 1 l", TemperatureZone.FROZEN, "1.2", "0.6", "365", -18, 2),
                product("PEAS-FRZ-1KG", "Frozen peas 1 kg", TemperatureZone.FROZEN, "1.4", "1.0", "540", -18, 2),
                product(
                        "FISH-FRZ-400G",
                        "Frozen cod fillets 400 g",
                        TemperatureZone.FROZEN,
                        "0.8",
                        "0.45",
                        "270",
                        -18,
                        2.5),
                product("MILK-1L", "Fresh milk 1 l", TemperatureZone.CHILLED, "1.1", "1.05", "7", 4, 3),
                product("YOGH-4PK", "Yoghurt 4 x 125 g", TemperatureZone.CHILLED, "0.7", "0.55", "21", 4, 2.5),
                product("CHEESE-200G", "Mountain cheese 200 g", TemperatureZone.CHILLED, "0.3", "0.22", "30", 4, 2),
                product("SALAD-MIX", "Salad mix 250 g", TemperatureZone.CHILLED, "1.5", "0.27", "5", 2, 3.5),
                product("CHICKEN-1KG", "Chicken breast 1 kg", TemperatureZone.CHILLED, "1.6", "1.05", "6", 2, 3),
                product("BANANA-1KG", "Bananas 1 kg", TemperatureZone.COOL, "2.0", "1.0", "7", 13, 2),
                product("MANGO-2PC", "Mangoes, 2 pieces", TemperatureZone.COOL, "1.5", "0.8", "6", 12, 2),
                product("BREAD-LOAF", "Sourdough loaf", TemperatureZone.AMBIENT, "3.0", "0.8", "4", 20, 2),
                product("APPLE-1KG", "Apples 1 kg", TemperatureZone.AMBIENT, "2.0", "1.0", "30", 20, 2),
                product("PASTA-500G", "Pasta 500 g", TemperatureZone.AMBIENT, "0.9", "0.5", "540", 20, 1.5),
                product("WATER-6PK", "Mineral water 6 x 1.5 l", TemperatureZone.AMBIENT, "10", "9.2", "365", 20, 1));
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
                            compartment(TemperatureZone.COOL, 300, 200),
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
    static DeviceRequest lockerDevice(LockerBankRequest bank, int reportingIntervalS) {
        Map<String, DeviceRequest.ProbeRequest> probes = new LinkedHashMap<>();
        bank.compartments().stream()
                .map(CompartmentRequest::zone)
                .distinct()
                .forEach(zone -> probes.put(
                        zone.name().toLowerCase(Locale.ROOT),
                        new DeviceRequest.ProbeRequest(AssetKind.LOCKER_ZONE, bank.id(), zone, null, null, null)));
        return new DeviceRequest(bank.id(), reportingIntervalS, probes, null);
    }

    /** One device per vehicle, a probe per compartment; device ids are {@code DEV-VH-01}. */
    static DeviceRequest vehicleDevice(VehicleRequest vehicle, int reportingIntervalS) {
        Map<String, DeviceRequest.ProbeRequest> probes = new LinkedHashMap<>();
        vehicle.compartments()
                .forEach(c -> probes.put(
                        c.zone().name().toLowerCase(Locale.ROOT),
                        new DeviceRequest.ProbeRequest(
                                AssetKind.VEHICLE_COMPARTMENT, vehicle.id(), c.zone(), null, null, null)));
        return new DeviceRequest("DEV-" + vehicle.id(), reportingIntervalS, probes, null);
    }

    private static ProductRequest product(
            String id,
            String name,
            TemperatureZone zone,
            String litres,
            String kg,
            String days,
            double refC,
            double q10) {
        return new ProductRequest(
                id,
                name,
                zone,
                new BigDecimal(litres),
                new BigDecimal(kg),
                new ShelfLife(new BigDecimal(days), refC, q10),
                null);
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
