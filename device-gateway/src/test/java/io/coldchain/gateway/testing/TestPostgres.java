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
 * else an embedded one. Each {@link #freshDatabase()} creates a database of its own, named with its
 * creation time; databases of earlier runs older than {@link #KEEP_HOURS} hours are dropped when a
 * run starts. (Dropping them at exit raced the application contexts closing in other shutdown
 * hooks: their last queries waited 30 s for a connection to a database that was gone.)
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

    static final String PREFIX = "coldchain_it_";
    static final int KEEP_HOURS = 6;

    private TestPostgres() {}

    /** A new empty database on the chosen server. */
    public static Database freshDatabase() {
        Server s = server();
        String name = PREFIX + (System.currentTimeMillis() / 1000) + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        execute(s, "CREATE DATABASE " + name);
        return new Database(withDatabase(s.adminUrl(), name), s.username(), s.password(), name, s.source());
    }

    private static synchronized Server server() {
        if (server == null) {
            server = chooseServer();
            System.out.printf(Locale.ROOT, "[test-infra] PostgreSQL from %s: %s%n", server.source(), server.adminUrl());
            if (server.source() == Source.ENVIRONMENT) {
                dropStale(server);
            }
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
        EmbeddedPostgresServer embedded =
                EmbeddedPostgresServer.start(null, 0, false); // throw-away: speed over durability
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
        return new Server(embedded.jdbcUrl("postgres"), embedded.username(), "", Source.EMBEDDED);
    }

    /** Drops the databases earlier runs left on a long-lived server (older than KEEP_HOURS). */
    private static void dropStale(Server s) {
        long cutoff = System.currentTimeMillis() / 1000 - KEEP_HOURS * 3600L;
        java.util.List<String> stale = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection(s.adminUrl(), s.username(), s.password());
                Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + PREFIX + "%'")) {
            while (rs.next()) {
                String name = rs.getString(1);
                String[] parts = name.substring(PREFIX.length()).split("_");
                boolean legacy = parts.length == 1; // the old names: no time, left by exit hooks that failed
                boolean old = parts.length == 2 && parts[0].matches("\\d+") && Long.parseLong(parts[0]) < cutoff;
                if (legacy || old) {
                    stale.add(name);
                }
            }
        } catch (SQLException e) {
            System.out.println("[test-infra] cannot list old test databases: " + e.getMessage());
            return;
        }
        for (String name : stale) {
            try {
                execute(s, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException e) {
                System.out.println("[test-infra] cannot drop " + name + ": " + e.getMessage());
            }
        }
        if (!stale.isEmpty()) {
            System.out.printf(Locale.ROOT, "[test-infra] dropped %d test databases of earlier runs%n", stale.size());
        }
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
