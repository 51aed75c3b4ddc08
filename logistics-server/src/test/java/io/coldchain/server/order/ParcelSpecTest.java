package io.coldchain.server.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.gateway.contract.TemperatureZone;
import io.coldchain.server.catalog.ProductInfo;
import io.coldchain.server.network.CompartmentSize;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParcelSpecTest {

    private static final ProductInfo MILK = new ProductInfo("milk", "Milk", TemperatureZone.CHILLED, 1.1, 1.05);
    private static final ProductInfo PEAS = new ProductInfo("peas", "Peas", TemperatureZone.FROZEN, 1.4, 1.0);
    private static final ProductInfo WATER = new ProductInfo("water", "Water", TemperatureZone.AMBIENT, 10, 9.2);
    private static final ProductInfo SOFA = new ProductInfo("sofa", "Sofa", TemperatureZone.AMBIENT, 500, 40);

    @Test
    void onePacelPerZoneSizedToTheSmallestCompartmentThatHoldsIt() {
        List<ParcelSpec> parcels =
                ParcelSpec.split(List.of(new ParcelSpec.Units(MILK, 20), new ParcelSpec.Units(PEAS, 2)));
        assertThat(parcels).hasSize(2);
        ParcelSpec frozen = parcels.get(0);
        assertThat(frozen.zone()).isEqualTo(TemperatureZone.FROZEN);
        assertThat(frozen.size()).isEqualTo(CompartmentSize.S);
        ParcelSpec chilled = parcels.get(1);
        assertThat(chilled.litres()).isCloseTo(22.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(chilled.kg()).isCloseTo(21.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(chilled.size()).isEqualTo(CompartmentSize.M);
    }

    @Test
    void splitsAZoneThatExceedsTheLargestCompartment() {
        List<ParcelSpec> parcels = ParcelSpec.split(List.of(new ParcelSpec.Units(WATER, 25)));
        assertThat(parcels).hasSize(3); // 250 l in bins of at most 120 l
        assertThat(parcels.stream().mapToDouble(ParcelSpec::litres).sum())
                .isCloseTo(250, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(parcels).allMatch(p -> p.litres() <= CompartmentSize.XL.litres());
    }

    @Test
    void aUnitTooLargeForAnyCompartmentHasNoSize() {
        assertThat(ParcelSpec.split(List.of(new ParcelSpec.Units(SOFA, 1)))
                        .get(0)
                        .size())
                .isNull();
    }
}
