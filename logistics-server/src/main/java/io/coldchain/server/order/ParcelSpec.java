package io.coldchain.server.order;

import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.server.catalog.ProductInfo;
import io.coldchain.server.network.CompartmentSize;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parcel: the units of one temperature zone that travel and wait together in one compartment.
 *
 * @param size the smallest compartment size it fits; null when it fits none (a unit too large)
 */
record ParcelSpec(TemperatureZone zone, CompartmentSize size, double litres, double kg) {

    /** One product line: the product and how many units. */
    record Units(ProductInfo product, int quantity) {}

    /**
     * Packs the units zone by zone into as few parcels as fit the largest compartment (first fit,
     * largest units first); a unit larger than any compartment makes a parcel of its own with no size.
     */
    static List<ParcelSpec> split(List<Units> lines) {
        Map<TemperatureZone, List<ProductInfo>> byZone = new TreeMap<>();
        for (Units line : lines) {
            for (int i = 0; i < line.quantity(); i++) {
                byZone.computeIfAbsent(line.product().zone(), z -> new ArrayList<>())
                        .add(line.product());
            }
        }
        double max = CompartmentSize.XL.litres();
        List<ParcelSpec> parcels = new ArrayList<>();
        for (var entry : byZone.entrySet()) {
            List<ProductInfo> units = entry.getValue();
            units.sort(Comparator.comparingDouble(ProductInfo::volumeLitres).reversed());
            List<double[]> bins = new ArrayList<>(); // litres, kg
            for (ProductInfo unit : units) {
                if (unit.volumeLitres() > max) {
                    parcels.add(new ParcelSpec(entry.getKey(), null, unit.volumeLitres(), unit.weightKg()));
                    continue;
                }
                double[] bin = bins.stream()
                        .filter(b -> b[0] + unit.volumeLitres() <= max + 1e-9)
                        .findFirst()
                        .orElseGet(() -> {
                            double[] fresh = new double[2];
                            bins.add(fresh);
                            return fresh;
                        });
                bin[0] += unit.volumeLitres();
                bin[1] += unit.weightKg();
            }
            for (double[] bin : bins) {
                parcels.add(new ParcelSpec(entry.getKey(), CompartmentSize.holding(bin[0]), bin[0], bin[1]));
            }
        }
        return parcels;
    }
}
