package io.coldchain.server.demo;

import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.catalog.CatalogService;
import io.coldchain.server.catalog.LotRequest;
import io.coldchain.server.network.Location;
import io.coldchain.server.network.LockerBankRequest;
import io.coldchain.server.network.NetworkService;
import io.coldchain.server.network.VehicleRequest;
import io.coldchain.server.order.Fulfilment;
import io.coldchain.server.order.OrderService;
import io.coldchain.server.order.PlaceOrderRequest;
import io.coldchain.server.resident.NewResidentRequest;
import io.coldchain.server.resident.ResidentProfile;
import io.coldchain.server.resident.ResidentService;
import io.coldchain.server.security.CurrentUser;
import io.coldchain.server.security.Role;
import io.coldchain.server.security.UserAccounts;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Seeds the demo city once (when the registry has no stores yet) and the demo users (each with the
 * password {@value #PASSWORD}); never runs outside demo mode.
 */
@Component
@ConditionalOnBooleanProperty("coldchain.demo.enabled")
@Order(10)
class DemoSeeder implements ApplicationRunner {

    static final String PASSWORD = "demo";
    private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);

    /** Units of each product every demo store starts with. */
    static final int STOCK = 1000;

    private final NetworkService network;
    private final CatalogService catalog;
    private final ResidentService residents;
    private final UserAccounts accounts;

    private final OrderService orders;
    private final int demoOrders;
    // the devices are registered with the interval the demo simulator reports at, or the gateway
    // would count silence that is not there
    private final int reportingIntervalS;
    private final java.time.ZoneId zone;

    DemoSeeder(
            NetworkService network,
            CatalogService catalog,
            ResidentService residents,
            UserAccounts accounts,
            OrderService orders,
            ColdchainProperties properties) {
        this.network = network;
        this.catalog = catalog;
        this.orders = orders;
        this.demoOrders = properties.demo().orders();
        this.reportingIntervalS = properties.demo().simulateIntervalS();
        this.zone = properties.orders().timeZone();
        this.residents = residents;
        this.accounts = accounts;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (network.stores().isEmpty()) {
            DemoCity.stores().forEach(network::createStore);
            for (LockerBankRequest bank : DemoCity.lockerBanks()) {
                network.createLockerBank(bank);
                network.createDevice(DemoCity.lockerDevice(bank, reportingIntervalS));
            }
            for (VehicleRequest vehicle : DemoCity.vehicles()) {
                network.createVehicle(vehicle);
                network.createDevice(DemoCity.vehicleDevice(vehicle, reportingIntervalS));
            }
            log.info("Demo city seeded: 3 stores, 12 locker banks, 6 vehicles, 18 devices");
        }
        if (catalog.products().isEmpty()) {
            DemoCity.products().forEach(catalog::createProduct);
            LocalDate today = LocalDate.now(zone);
            for (var store : network.stores()) {
                for (var p : DemoCity.products()) {
                    // two lots each: an older one that expires first (FEFO takes it first), a fresh one
                    long days = (long) Math.ceil(p.shelfLife().days().doubleValue());
                    catalog.receiveLot(
                            store.id(),
                            new LotRequest(
                                    p.id(),
                                    "L-" + store.id() + "-" + p.id() + "-A",
                                    STOCK * 2 / 5,
                                    today.plusDays(Math.max(1, days / 2))));
                    catalog.receiveLot(
                            store.id(),
                            new LotRequest(
                                    p.id(),
                                    "L-" + store.id() + "-" + p.id() + "-B",
                                    STOCK * 3 / 5,
                                    today.plusDays(days)));
                }
            }
            log.info(
                    "Demo catalogue seeded: {} products, {} units each in every store (two lots each)",
                    DemoCity.products().size(),
                    STOCK);
        }
        for (Role role : new Role[] {Role.ADMIN, Role.DISPATCHER, Role.QUALITY, Role.COURIER}) {
            String username = role.name().toLowerCase(java.util.Locale.ROOT);
            if (!accounts.exists(username)) {
                accounts.create(username, PASSWORD, role, null);
            }
        }
        seedResident("resident1", "Ada Resident", "12 Demo Avenue", new Location(45.99, 8.99), "LB-0001");
        seedResident("resident2", "Ben Resident", "31 Demo Avenue", new Location(46.01, 9.01), "LB-0006");
        if (demoOrders > 0 && !orders.anyPlaced()) {
            placeDemoOrders();
        }
        log.info("Demo users: admin, dispatcher, quality, courier, resident1, resident2 (password '{}')", PASSWORD);
    }

    private void seedResident(String username, String name, String address, Location location, String bank) {
        if (!accounts.exists(username)) {
            residents.register(new NewResidentRequest(
                    username, PASSWORD, new ResidentProfile(name, address, location, bank, null)));
        }
    }

    /** Orders from both demo residents for tomorrow, at their preferred banks, in every zone those have. */
    private void placeDemoOrders() {
        String[][] baskets = {
            {"PEAS-FRZ-1KG", "ICE-VAN-1L"}, {"MILK-1L", "YOGH-4PK"}, {"BREAD-LOAF", "APPLE-1KG"},
            {"CHEESE-200G", "SALAD-MIX"}, {"PASTA-500G"}, {"CHICKEN-1KG"}
        };
        LocalDate tomorrow = LocalDate.now(zone).plusDays(1);
        for (int i = 0; i < demoOrders; i++) {
            String username = i % 2 == 0 ? "resident1" : "resident2";
            CurrentUser resident = accounts.loadUserByUsername(username);
            List<PlaceOrderRequest.Line> lines = new ArrayList<>();
            for (String product : baskets[(i / 2) % baskets.length]) {
                lines.add(new PlaceOrderRequest.Line(product, 1 + i % 2));
            }
            orders.place(
                    resident,
                    "demo-" + i,
                    new PlaceOrderRequest(null, Fulfilment.LOCKER, null, null, true, tomorrow, null, lines));
        }
        log.info(
                "Demo orders placed: {} for {} (assignment runs every few minutes, or POST /api/v1/assignment-runs)",
                demoOrders,
                tomorrow);
    }
}
