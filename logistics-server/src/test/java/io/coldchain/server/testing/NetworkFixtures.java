package io.coldchain.server.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders of network request bodies as JSON maps, so a test can break one field at a time. */
public final class NetworkFixtures {

    private NetworkFixtures() {}

    /** A unique id with a readable prefix, so tests sharing a database never collide. */
    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Map<String, Object> store(String id) {
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("id", id);
        store.put("name", "Store " + id);
        store.put("address", "1 Test Street");
        store.put("location", location(46.0, 9.0));
        return store;
    }

    public static Map<String, Object> lockerBank(String id, String storeId) {
        Map<String, Object> bank = new LinkedHashMap<>();
        bank.put("id", id);
        bank.put("name", "Locker " + id);
        bank.put("address", "2 Test Street");
        bank.put("location", location(46.001, 9.002));
        bank.put("storeId", storeId);
        bank.put("alwaysOpen", false);
        bank.put("openingHours", List.of(Map.of("day", "MONDAY", "opens", "07:00", "closes", "21:00")));
        List<Map<String, Object>> compartments = new ArrayList<>();
        compartments.add(compartment("C01", "M", "CHILLED"));
        compartments.add(compartment("C02", "L", "CHILLED"));
        compartments.add(compartment("F01", "S", "FROZEN"));
        bank.put("compartments", compartments);
        return bank;
    }

    public static Map<String, Object> compartment(String code, String size, String zone) {
        Map<String, Object> compartment = new LinkedHashMap<>();
        compartment.put("code", code);
        compartment.put("size", size);
        compartment.put("zone", zone);
        return compartment;
    }

    public static Map<String, Object> vehicle(String id, String storeId) {
        Map<String, Object> vehicle = new LinkedHashMap<>();
        vehicle.put("id", id);
        vehicle.put("name", "Van " + id);
        vehicle.put("kind", "REFRIGERATED_VAN");
        vehicle.put("homeStoreId", storeId);
        List<Map<String, Object>> compartments = new ArrayList<>();
        compartments.add(vehicleCompartment("CHILLED", 1000, 600));
        compartments.add(vehicleCompartment("FROZEN", 300, 200));
        vehicle.put("compartments", compartments);
        return vehicle;
    }

    public static Map<String, Object> vehicleCompartment(String zone, double litres, double kg) {
        Map<String, Object> compartment = new LinkedHashMap<>();
        compartment.put("zone", zone);
        compartment.put("capacityLitres", litres);
        compartment.put("capacityKg", kg);
        return compartment;
    }

    /** A locker device with a chilled probe (default thresholds) and a frozen one with an override. */
    public static Map<String, Object> lockerDevice(String deviceId, String lockerBankId) {
        Map<String, Object> probes = new LinkedHashMap<>();
        probes.put("chilled", probe("LOCKER_ZONE", lockerBankId, "CHILLED"));
        Map<String, Object> frozen = probe("LOCKER_ZONE", lockerBankId, "FROZEN");
        frozen.put("alertAboveC", -14.0);
        frozen.put("forS", 600);
        probes.put("frozen", frozen);
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("id", deviceId);
        device.put("reportingIntervalS", 60);
        device.put("probes", probes);
        return device;
    }

    public static Map<String, Object> probe(String assetKind, String ownerId, String zone) {
        Map<String, Object> probe = new LinkedHashMap<>();
        probe.put("assetKind", assetKind);
        probe.put("ownerId", ownerId);
        probe.put("zone", zone);
        return probe;
    }

    public static Map<String, Object> location(double lat, double lon) {
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("lat", lat);
        location.put("lon", lon);
        return location;
    }
}
