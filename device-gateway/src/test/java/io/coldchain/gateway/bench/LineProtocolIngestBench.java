package io.coldchain.gateway.bench;

import io.coldchain.gateway.store.InfluxTelemetryStore;
import io.coldchain.gateway.store.LineProtocol;
import io.coldchain.gateway.store.TelemetryStore;
import io.coldchain.gateway.testing.EmbeddedQuestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * {@link IngestBench} with {@code coldchain.telemetry.store=influx}: telemetry as line protocol
 * through the InfluxDB v2 write API to a real line-protocol server, QuestDB embedded (it serves
 * {@code /api/v2/write}, as the tests use it), one write request per batch; rule state and dead
 * letters stay in PostgreSQL. The readings a pass stored are counted over QuestDB's PostgreSQL port.
 * QuestDB is a test dependency, so this runs with the test classpath:
 *
 * <pre>
 * ./mvnw -q install -DskipTests
 * ./mvnw -q -pl device-gateway exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.coldchain.gateway.bench.LineProtocolIngestBench -Dexec.args="200000 500"
 * </pre>
 */
public final class LineProtocolIngestBench {

    private LineProtocolIngestBench() {}

    public static void main(String[] args) throws Exception {
        // QuestDB embedded is compiled by this JVM's JIT too: four warm-up passes left it at a
        // third of the first timed flood
        if (System.getProperty("bench.warmPasses") == null) {
            System.setProperty("bench.warmPasses", "8");
        }
        Path dir = Files.createTempDirectory("coldchain-questdb-bench");
        try (EmbeddedQuestDb questdb = EmbeddedQuestDb.start(dir);
                Connection points = DriverManager.getConnection(questdb.jdbcUrl(), "admin", "quest")) {
            IngestBench.run(args, new QuestDb(questdb.httpUrl(), points));
        }
    }

    /**
     * The line-protocol store. Each pass starts on an empty table, as each PostgreSQL pass starts on
     * a fresh database: every pass publishes the same flood, the same times, and on a table that
     * already held them QuestDB merged each batch into the middle of an ever larger partition
     * (out-of-order copy and the removal of the partition's old version: 80% of its write worker),
     * where a live gateway appends at the partition's end. So a pass's readings are the table's rows.
     */
    static final class QuestDb implements IngestBench.Store {
        private final String url;
        private final Connection points;

        QuestDb(String url, Connection points) {
            this.url = url;
            this.points = points;
        }

        @Override
        public String name() {
            return "line protocol (QuestDB embedded, InfluxDB v2 write API)";
        }

        @Override
        public TelemetryStore open(DataSource db, String tag) throws SQLException {
            try (Statement st = points.createStatement()) {
                st.execute("drop table if exists " + LineProtocol.MEASUREMENT);
            }
            return new InfluxTelemetryStore(new InfluxTelemetryStore.Config(url, "token", "org", "bucket", "db"));
        }

        @Override
        public long stored(DataSource db, String tag) throws SQLException {
            return rows();
        }

        private synchronized long rows() throws SQLException {
            try (Statement st = points.createStatement();
                    ResultSet rs = st.executeQuery("select count() from " + LineProtocol.MEASUREMENT)) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                if (String.valueOf(e.getMessage()).contains("does not exist")) {
                    return 0; // no point written yet
                }
                throw e;
            }
        }
    }
}
