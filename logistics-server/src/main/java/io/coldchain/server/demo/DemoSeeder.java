package io.coldchain.server.demo;

import io.coldchain.server.catalog.CatalogService;
import io.coldchain.server.network.Location;
import io.coldchain.server.network.LockerBankRequest;
import io.coldchain.server.network.NetworkService;
import io.coldchain.server.network.VehicleRequest;
import io.coldchain.server.resident.NewResidentRequest;
import io.coldchain.server.resident.ResidentProfile;
import io.coldchain.server.resident.ResidentService;
import io.coldchain.server.security.Role;
import io.coldchain.server.security.UserAccounts;
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

    DemoSeeder(NetworkService network, CatalogService catalog, ResidentService residents, UserAccounts accounts) {
        this.network = network;
        this.catalog = catalog;
        this.residents = residents;
        this.accounts = accounts;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (network.stores().isEmpty()) {
            DemoCity.stores().forEach(network::createStore);
            for (LockerBankRequest bank : DemoCity.lockerBanks()) {
                network.createLockerBank(bank);
                network.createDevice(DemoCity.lockerDevice(bank));
            }
            for (VehicleRequest vehicle : DemoCity.vehicles()) {
                network.createVehicle(vehicle);
                network.createDevice(DemoCity.vehicleDevice(vehicle));
            }
            log.info("Demo city seeded: 3 stores, 12 locker banks, 6 vehicles, 18 devices");
        }
        if (catalog.products().isEmpty()) {
            DemoCity.products().forEach(catalog::createProduct);
            for (var store : network.stores()) {
                DemoCity.products().forEach(p -> catalog.setStock(store.id(), p.id(), STOCK));
            }
            log.info(
                    "Demo catalogue seeded: {} products, {} units each in every store",
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
        log.info("Demo users: admin, dispatcher, quality, courier, resident1, resident2 (password '{}')", PASSWORD);
    }

    private void seedResident(String username, String name, String address, Location location, String bank) {
        if (!accounts.exists(username)) {
            residents.register(new NewResidentRequest(
                    username, PASSWORD, new ResidentProfile(name, address, location, bank, null)));
        }
    }
}
