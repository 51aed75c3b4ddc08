package io.coldchain.server.assignment;

import io.coldchain.routing.assign.Assignment;
import io.coldchain.routing.assign.AssignmentProblem;
import io.coldchain.routing.assign.MinCostAssignment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Decides, without touching the database, where each order goes. In order of placement each order
 * first gets a store that has all its goods (nearest to where it will be collected); then LOCKER
 * orders with a chosen bank take compartments there, and the rest are placed together by the exact
 * min-cost assignment (least total road time from the residents' homes), each order kept whole at
 * one bank. What finds no compartment falls back to store pickup when allowed, else stays PLACED
 * with a reason. Finally each placed order takes the store nearest to its bank that has its goods.
 */
final class AssignmentPlanner {

    /** Cost used for a bank the resident cannot reach by road. */
    static final double UNREACHABLE = 1e7;

    record Line(String productId, int quantity) {}

    record Parcel(long id, String zone, int size) {}

    /**
     * @param preferredBank index of the chosen bank, or -1
     * @param preferredStore index of the chosen store (STORE pickup), or -1
     * @param home row of the resident's home in the travel arrays, or -1 when unknown
     */
    record Order(
            long id,
            boolean locker,
            int preferredBank,
            int preferredStore,
            boolean allowFallback,
            int home,
            List<Line> lines,
            List<Parcel> parcels) {}

    /**
     * @param free per bank, per zone, the free compartments of each size rank (mutated while planning)
     * @param stock per store, per product, the units available (mutated while planning)
     * @param homeToBank seconds from each home row to each bank
     * @param homeToStore seconds from each home row to each store
     * @param storeToBank seconds from each store to each bank
     * @param avoided per {@code bankIndex|zone} taken out of this run (its compartments are not in
     *     {@code free}), why: an open cold-chain alert there
     */
    record Input(
            List<Order> orders,
            List<String> bankIds,
            List<Map<String, int[]>> free,
            List<String> storeIds,
            List<Map<String, Integer>> stock,
            double[][] homeToBank,
            double[][] homeToStore,
            double[][] storeToBank,
            Map<String, String> avoided) {}

    /**
     * @param bank the bank index, or -1 for store pickup
     * @param sizes per parcel id, the compartment size rank it takes
     */
    record Decision(long orderId, int store, int bank, boolean fallback, Map<Long, Integer> sizes, double seconds) {}

    record Unplaced(long orderId, String reason) {}

    record Result(List<Decision> decisions, List<Unplaced> unplaced) {}

    private final Input in;
    private final int[] store; // per order, the tentative store
    private final int[] bank; // per order, the bank or -1
    private final List<Map<Long, Integer>> sizes = new ArrayList<>();
    private final String[] reason;

    private AssignmentPlanner(Input in) {
        this.in = in;
        int n = in.orders().size();
        store = new int[n];
        bank = new int[n];
        reason = new String[n];
        java.util.Arrays.fill(store, -1);
        java.util.Arrays.fill(bank, -1);
        for (int o = 0; o < n; o++) {
            sizes.add(new HashMap<>());
        }
    }

    static Result plan(Input in) {
        return new AssignmentPlanner(in).run();
    }

    private Result run() {
        List<Order> orders = in.orders();
        for (int o = 0; o < orders.size(); o++) {
            chooseStore(o, -1);
        }
        List<Integer> open = new ArrayList<>();
        for (int o = 0; o < orders.size(); o++) {
            Order order = orders.get(o);
            if (store[o] < 0 || !order.locker()) {
                continue;
            }
            if (order.preferredBank() >= 0) {
                if (!takeAll(o, order.preferredBank())) {
                    String avoided = avoidedZone(order, order.preferredBank());
                    reason[o] = "locker bank " + in.bankIds().get(order.preferredBank())
                            + (avoided != null ? " " + avoided : " has no free compartment for " + describe(order));
                }
            } else if (order.home() < 0) {
                reason[o] = "the resident has no address location and no preferred locker bank";
            } else {
                open.add(o);
            }
        }
        placeOpen(open);
        List<Decision> decisions = new ArrayList<>();
        List<Unplaced> unplaced = new ArrayList<>();
        for (int o = 0; o < orders.size(); o++) {
            Order order = orders.get(o);
            boolean fallback = false;
            if (store[o] >= 0 && order.locker() && bank[o] < 0) {
                if (order.allowFallback()) {
                    fallback = true;
                    reason[o] = null;
                } else {
                    giveBack(o, store[o]);
                    store[o] = -1;
                }
            }
            if (store[o] < 0) {
                unplaced.add(new Unplaced(order.id(), reason[o]));
                continue;
            }
            if (bank[o] >= 0) {
                giveBack(o, store[o]);
                chooseStore(o, bank[o]);
            }
            double seconds = order.home() < 0
                    ? 0
                    : bank[o] >= 0 ? in.homeToBank()[order.home()][bank[o]] : in.homeToStore()[order.home()][store[o]];
            decisions.add(new Decision(order.id(), store[o], bank[o], fallback, sizes.get(o), seconds));
        }
        return new Result(decisions, unplaced);
    }

    /** Picks the nearest store (to {@code toBank}, else the order's pickup point) that has all its goods. */
    private void chooseStore(int o, int toBank) {
        Order order = in.orders().get(o);
        int best = -1;
        double bestSeconds = Double.POSITIVE_INFINITY;
        for (int s = 0; s < in.storeIds().size(); s++) {
            if (order.preferredStore() >= 0 && s != order.preferredStore()) {
                continue;
            }
            if (!hasAll(order, s)) {
                continue;
            }
            double seconds = seconds(order, s, toBank);
            if (best < 0 || seconds < bestSeconds) {
                best = s;
                bestSeconds = seconds;
            }
        }
        if (best < 0) {
            reason[o] = shortage(order);
            return;
        }
        store[o] = best;
        for (Line line : order.lines()) {
            in.stock().get(best).merge(line.productId(), -line.quantity(), Integer::sum);
        }
    }

    private double seconds(Order order, int s, int toBank) {
        int target = toBank >= 0 ? toBank : order.preferredBank();
        if (target >= 0) {
            return in.storeToBank()[s][target];
        }
        return order.home() >= 0 ? in.homeToStore()[order.home()][s] : 0;
    }

    private boolean hasAll(Order order, int s) {
        Map<String, Integer> stock = in.stock().get(s);
        return order.lines().stream().allMatch(l -> stock.getOrDefault(l.productId(), 0) >= l.quantity());
    }

    private void giveBack(int o, int s) {
        for (Line line : in.orders().get(o).lines()) {
            in.stock().get(s).merge(line.productId(), line.quantity(), Integer::sum);
        }
    }

    private String shortage(Order order) {
        List<String> short_ = new ArrayList<>();
        for (Line line : order.lines()) {
            int most = in.stock().stream()
                    .mapToInt(m -> m.getOrDefault(line.productId(), 0))
                    .max()
                    .orElse(0);
            if (most < line.quantity()) {
                short_.add(line.quantity() + " x " + line.productId() + " (at most " + Math.max(0, most)
                        + " at one store)");
            }
        }
        if (order.preferredStore() >= 0 && short_.isEmpty()) {
            return "store " + in.storeIds().get(order.preferredStore()) + " does not have all its products";
        }
        return short_.isEmpty() ? "no single store has all its products" : "out of stock: " + String.join(", ", short_);
    }

    /** Takes compartments at {@code b} for every parcel of order {@code o}, or none. */
    private boolean takeAll(int o, int b) {
        List<Parcel> parcels = new ArrayList<>(in.orders().get(o).parcels());
        parcels.sort(Comparator.comparingInt(Parcel::size).reversed());
        Map<Parcel, Integer> taken = new LinkedHashMap<>();
        for (Parcel parcel : parcels) {
            int size = take(b, parcel.zone(), parcel.size());
            if (size < 0) {
                taken.forEach((p, s) -> put(b, p.zone(), s));
                return false;
            }
            taken.put(parcel, size);
        }
        bank[o] = b;
        taken.forEach((p, s) -> sizes.get(o).put(p.id(), s));
        return true;
    }

    private int take(int b, String zone, int size) {
        int[] counts = in.free().get(b).get(zone);
        if (counts == null) {
            return -1;
        }
        for (int s = size; s < counts.length; s++) {
            if (counts[s] > 0) {
                counts[s]--;
                return s;
            }
        }
        return -1;
    }

    private void put(int b, String zone, int size) {
        in.free().get(b).get(zone)[size]++;
    }

    /** Orders free to go to any bank: exact assignment of their parcels, then each order made whole. */
    private void placeOpen(List<Integer> open) {
        if (open.isEmpty()) {
            return;
        }
        List<AssignmentProblem.Demand> demands = new ArrayList<>();
        List<int[]> owner = new ArrayList<>(); // order index, parcel index
        for (int o : open) {
            List<Parcel> parcels = in.orders().get(o).parcels();
            for (int p = 0; p < parcels.size(); p++) {
                demands.add(new AssignmentProblem.Demand(
                        Long.toString(parcels.get(p).id()),
                        parcels.get(p).zone(),
                        parcels.get(p).size()));
                owner.add(new int[] {o, p});
            }
        }
        int banks = in.bankIds().size();
        double[][] cost = new double[demands.size()][];
        for (int d = 0; d < demands.size(); d++) {
            double[] row = in.homeToBank()[in.orders().get(owner.get(d)[0]).home()];
            cost[d] = IntStream.range(0, banks)
                    .mapToDouble(b -> Double.isFinite(row[b]) ? row[b] : UNREACHABLE)
                    .toArray();
        }
        List<AssignmentProblem.PickupPoint> points = new ArrayList<>();
        for (int b = 0; b < banks; b++) {
            Map<String, int[]> counts = new HashMap<>();
            in.free().get(b).forEach((zone, c) -> counts.put(zone, c.clone()));
            points.add(new AssignmentProblem.PickupPoint(in.bankIds().get(b), counts));
        }
        Assignment assignment = MinCostAssignment.solve(new AssignmentProblem(demands, points, cost, null));
        // per order: the banks its parcels got
        Map<Integer, List<Integer>> byOrder = new LinkedHashMap<>();
        for (int d = 0; d < demands.size(); d++) {
            byOrder.computeIfAbsent(owner.get(d)[0], k -> new ArrayList<>()).add(d);
        }
        List<Integer> repair = new ArrayList<>();
        for (var entry : byOrder.entrySet()) {
            List<Integer> ds = entry.getValue();
            int first = assignment.point()[ds.get(0)];
            boolean whole = first >= 0
                    && ds.stream().allMatch(d -> assignment.point()[d] == first && cost[d][first] < UNREACHABLE);
            if (whole) {
                int o = entry.getKey();
                bank[o] = first;
                for (int d : ds) {
                    in.free().get(first).get(demands.get(d).zone())[assignment.size()[d]]--;
                    sizes.get(o)
                            .put(Long.parseLong(demands.get(d).id()), assignment.size()[d]);
                }
            } else {
                repair.add(entry.getKey());
            }
        }
        // split or unplaced orders: whole, at the nearest bank with room left, in order of placement
        for (int o : repair) {
            double[] row = in.homeToBank()[in.orders().get(o).home()];
            Integer[] byDistance = IntStream.range(0, banks)
                    .boxed()
                    .filter(b -> Double.isFinite(row[b]) && row[b] < UNREACHABLE)
                    .sorted(Comparator.comparingDouble(b -> row[b]))
                    .toArray(Integer[]::new);
            boolean placed = false;
            for (int b : byDistance) {
                if (takeAll(o, b)) {
                    placed = true;
                    break;
                }
            }
            if (!placed) {
                reason[o] = "no locker bank has free compartments for "
                        + describe(in.orders().get(o));
            }
        }
    }

    /** Why a zone of {@code b} that the order needs is out of this run, or null. */
    private String avoidedZone(Order order, int b) {
        return order.parcels().stream()
                .map(p -> in.avoided().get(b + "|" + p.zone()))
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    private static String describe(Order order) {
        String[] names = {"S", "M", "L", "XL"};
        List<String> parts = new ArrayList<>();
        for (Parcel p : order.parcels()) {
            parts.add(p.zone() + " " + names[p.size()]);
        }
        return "its parcels (" + String.join(", ", parts) + ")";
    }
}
