package io.coldchain.server.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The planner's decisions on small cases worked out by hand. */
class AssignmentPlannerTest {

    // two banks, two stores; one home row per order
    private static Map<String, int[]> free(String zone, int s, int m, int l, int xl) {
        Map<String, int[]> free = new HashMap<>();
        free.put(zone, new int[] {s, m, l, xl});
        return free;
    }

    private static Map<String, Integer> stock(Object... pairs) {
        Map<String, Integer> stock = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            stock.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return stock;
    }

    private static AssignmentPlanner.Order locker(
            long id, int bank, boolean fallback, int home, List<AssignmentPlanner.Parcel> parcels) {
        return new AssignmentPlanner.Order(
                id, true, bank, -1, fallback, home, List.of(new AssignmentPlanner.Line("milk", 1)), parcels);
    }

    private static AssignmentPlanner.Input input(
            List<AssignmentPlanner.Order> orders, List<Map<String, int[]>> free, List<Map<String, Integer>> stock) {
        int n = orders.size();
        double[][] homeToBank = new double[n][];
        double[][] homeToStore = new double[n][];
        for (int h = 0; h < n; h++) {
            homeToBank[h] = new double[] {100, 500}; // bank 0 is nearer to every home
            homeToStore[h] = new double[] {300, 50};
        }
        double[][] storeToBank = {{900, 100}, {100, 900}}; // store 1 is nearer to bank 0
        return new AssignmentPlanner.Input(
                orders,
                List.of("B0", "B1"),
                new ArrayList<>(free),
                List.of("S0", "S1"),
                new ArrayList<>(stock),
                homeToBank,
                homeToStore,
                storeToBank,
                Map.of());
    }

    @Test
    void keepsAnOrderWholeAtOneBankAndTakesTheStoreNearestToIt() {
        // order 1 has a CHILLED and a FROZEN parcel; bank 0 has no FROZEN compartment, bank 1 has both
        Map<String, int[]> b0 = free("CHILLED", 0, 1, 0, 0);
        Map<String, int[]> b1 = free("CHILLED", 0, 1, 0, 0);
        b1.put("FROZEN", new int[] {1, 0, 0, 0});
        var order = locker(
                1,
                -1,
                false,
                0,
                List.of(new AssignmentPlanner.Parcel(11, "CHILLED", 1), new AssignmentPlanner.Parcel(12, "FROZEN", 0)));
        var result = AssignmentPlanner.plan(
                input(List.of(order), List.of(b0, b1), List.of(stock("milk", 5), stock("milk", 5))));
        assertThat(result.unplaced()).isEmpty();
        var decision = result.decisions().get(0);
        assertThat(decision.bank()).isEqualTo(1);
        assertThat(decision.store()).isEqualTo(0); // store 0 is 100 s from bank 1
        assertThat(decision.sizes()).containsEntry(11L, 1).containsEntry(12L, 0);
    }

    @Test
    void aFullPreferredBankFallsBackToTheStoreOnlyWhenAllowed() {
        var first = locker(1, 0, false, 0, List.of(new AssignmentPlanner.Parcel(11, "CHILLED", 1)));
        var second = locker(2, 0, true, 1, List.of(new AssignmentPlanner.Parcel(21, "CHILLED", 1)));
        var third = locker(3, 0, false, 2, List.of(new AssignmentPlanner.Parcel(31, "CHILLED", 1)));
        var result = AssignmentPlanner.plan(input(
                List.of(first, second, third),
                List.of(free("CHILLED", 0, 1, 0, 0), free("CHILLED", 0, 5, 0, 0)),
                List.of(stock("milk", 5), stock("milk", 5))));
        assertThat(result.decisions())
                .extracting(AssignmentPlanner.Decision::orderId)
                .containsExactly(1L, 2L);
        var fallback = result.decisions().get(1);
        assertThat(fallback.bank()).isEqualTo(-1);
        assertThat(fallback.fallback()).isTrue();
        assertThat(fallback.store()).isEqualTo(1); // nearest store to the resident's home
        assertThat(result.unplaced()).singleElement().satisfies(u -> {
            assertThat(u.orderId()).isEqualTo(3);
            assertThat(u.reason()).contains("locker bank B0 has no free compartment");
        });
    }

    @Test
    void stockRunsOutInOrderOfPlacementAndTheReasonNamesTheProduct() {
        var first = locker(1, -1, false, 0, List.of(new AssignmentPlanner.Parcel(11, "CHILLED", 1)));
        var second = locker(2, -1, false, 1, List.of(new AssignmentPlanner.Parcel(21, "CHILLED", 1)));
        var result = AssignmentPlanner.plan(input(
                List.of(first, second),
                List.of(free("CHILLED", 0, 5, 0, 0), free("CHILLED", 0, 5, 0, 0)),
                List.of(stock("milk", 1), stock("milk", 0))));
        assertThat(result.decisions())
                .extracting(AssignmentPlanner.Decision::orderId)
                .containsExactly(1L);
        assertThat(result.unplaced().get(0).reason()).isEqualTo("out of stock: 1 x milk (at most 0 at one store)");
    }

    @Test
    void withoutAHomeOrPreferredBankTheOrderWaitsWithAReason() {
        var homeless = locker(1, -1, false, -1, List.of(new AssignmentPlanner.Parcel(11, "CHILLED", 1)));
        var result = AssignmentPlanner.plan(input(
                List.of(homeless),
                List.of(free("CHILLED", 0, 5, 0, 0), free("CHILLED", 0, 5, 0, 0)),
                List.of(stock("milk", 5), stock("milk", 5))));
        assertThat(result.unplaced().get(0).reason()).contains("no address location");
    }
}
