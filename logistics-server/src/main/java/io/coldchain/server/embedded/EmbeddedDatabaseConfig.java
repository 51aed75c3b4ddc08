package io.coldchain.server.embedded;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.gateway.embedded.EmbeddedPostgresServer;
import io.coldchain.server.ColdchainProperties;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** An in-process PostgreSQL and the data source on it, when no external database is configured. */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfig.NoDatasourceUrl.class)
class EmbeddedDatabaseConfig {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfig.class);
    static final String DATABASE = "coldchain";

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgres(ColdchainProperties properties, EmbeddedDataDirectory dataDirectory) {
        long started = System.nanoTime();
        boolean durable = properties.embedded().durable();
        // stopped by this context, after the gateway and everything else using it: not by a JVM hook
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(
                dataDirectory.resolve("postgres"), properties.embedded().postgresPort(), durable, false);
        createDatabaseIfMissing(server);
        log.info(
                "Embedded PostgreSQL 15 ready at {} (data {}{}, {} ms)",
                server.jdbcUrl(DATABASE),
                dataDirectory.resolve("postgres"),
                durable ? "" : ", NOT DURABLE: fsync off",
                (System.nanoTime() - started) / 1_000_000);
        return server;
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(EmbeddedPostgresServer server) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(server.jdbcUrl(DATABASE));
        dataSource.setUsername(server.username());
        dataSource.setPoolName("embedded-postgres");
        dataSource.setMaximumPoolSize(10);
        return dataSource;
    }

    private static void createDatabaseIfMissing(EmbeddedPostgresServer server) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(), "");
                Statement st = c.createStatement()) {
            var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) {
                st.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the embedded database", e);
        }
    }

    static final class NoDatasourceUrl extends MissingPropertyCondition {
        NoDatasourceUrl() {
            super("spring.datasource.url");
        }
    }
}
