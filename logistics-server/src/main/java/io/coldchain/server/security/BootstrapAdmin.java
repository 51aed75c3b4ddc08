package io.coldchain.server.security;

import io.coldchain.server.ColdchainProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates the first administrator from {@code coldchain.security.bootstrap-admin-*} when no
 * administrator exists yet: outside demo mode the only way in, and never a default password.
 */
@Component
@Order(0)
class BootstrapAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final ColdchainProperties.Security config;
    private final UserAccounts accounts;

    BootstrapAdmin(ColdchainProperties properties, UserAccounts accounts) {
        this.config = properties.security();
        this.accounts = accounts;
    }

    @Override
    public void run(ApplicationArguments args) {
        String username = config.bootstrapAdminUsername();
        if (username == null || username.isBlank() || accounts.anyWithRole(Role.ADMIN)) {
            return;
        }
        String password = config.bootstrapAdminPassword();
        if (password == null || password.length() < 12) {
            throw new IllegalStateException(
                    "coldchain.security.bootstrap-admin-password must have at least 12 characters");
        }
        accounts.create(username, password, Role.ADMIN, null);
        log.info("Created the bootstrap administrator '{}'", username);
    }
}
