package io.coldchain.gateway.testing;

import io.coldchain.gateway.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Hands out fresh, empty PostgreSQL databases for integration tests.
 *
 * <p>The server is chosen once per JVM: {@code COLDCHAIN_TEST_POSTGRES_URL} (a JDBC URL of a
 * database to connect to for {@code CREATE DATABASE}, with {@code COLDCHAIN_TEST_POSTGRES_USER} and
 * {@code COLDCHAIN_TEST_POSTGRES_PASSWORD}), else a Testcontainers PostgreSQL when Docker answers,
 * else an embedded one. Each {@link #freshDatabase()} creates a database of its own, dropped when the
 * JVM exits.
 */
public final class TestPostgres {

    /** A database handed to a test. */
    public record Database(String jdbcUrl, String username, String password, String name, Source source) {

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, username, password);
        }

        /** A connection pool on this database; the caller closes it. */
        public com.zaxxer.hikari.HikariDataSource pooled() {
            com.zaxxer.hikari.HikariDataSource dataSource = new com.zaxxer.hikari.HikariDataSource();
            dataSource.setJdbcUrl(jdbcUrl);
            dataSource.setUsername(username);
            dataSource.setPassword(password);
            return dataSource;
        }
    }

    private record Server(String adminUrl, String username, String password, Source source) {}

    private static Server server;

    private TestPostgres() {}

    /** A new empty database on the chosen server. */
    public static Database freshDatabase() {
        Server s = server();
        String name =
                "coldchain_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(s, "CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                execute(s, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException ignored) {
                // the server may already be gone (embedded, container): nothing to clean
            }
        }));
        return new Database(withDatabase(s.adminUrl(), name), s.username(), s.password(), name, s.source());
    }

    private static synchronized Server server() {
        if (server == null) {
            server = chooseServer();
            System.out.printf(Locale.ROOT, "[test-infra] PostgreSQL from %s: %s%n", server.source(), server.adminUrl());
        }
        return server;
    }

    private static Server chooseServer() {
        String url = System.getenv("COLDCHAIN_TEST_POSTGRES_URL");
        if (url != null && !url.isBlank()) {
            return new Server(
                    url,
                    envOr("COLDCHAIN_TEST_POSTGRES_USER", "postgres"),
                    envOr("COLDCHAIN_TEST_POSTGRES_PASSWORD", ""),
                    Source.ENVIRONMENT);
        }
        if (Docker.available()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
            container.start();
            return new Server(
                    container.getJdbcUrl(), container.getUsername(), container.getPassword(), Source.TESTCONTAINERS);
        }
        EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(null, 0);
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
        return new Server(embedded.jdbcUrl("postgres"), embedded.username(), "", Source.EMBEDDED);
    }

    private static void execute(Server s, String sql) {
        try (Connection c = DriverManager.getConnection(s.adminUrl(), s.username(), s.password());
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL at " + s.adminUrl() + " refused: " + sql, e);
        }
    }

    /** Replaces the database name of a {@code jdbc:postgresql://host:port/db?params} URL. */
    static String withDatabase(String jdbcUrl, String database) {
        int query = jdbcUrl.indexOf('?');
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        String params = query < 0 ? "" : jdbcUrl.substring(query);
        int slash = base.indexOf('/', "jdbc:postgresql://".length());
        String hostPart = slash < 0 ? base : base.substring(0, slash);
        return hostPart + "/" + database + params;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
