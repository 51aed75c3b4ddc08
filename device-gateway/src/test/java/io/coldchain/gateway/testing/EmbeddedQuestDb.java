package io.coldchain.gateway.testing;

import io.questdb.ServerMain;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * QuestDB embedded as the line-protocol server of the tests and the line-protocol bench: it serves
 * the InfluxDB v2 write endpoint ({@code /api/v2/write}) on {@link #httpUrl()} and SQL on a
 * PostgreSQL port ({@link #jdbcUrl()}, user {@code admin}, password {@code quest}).
 */
public final class EmbeddedQuestDb implements AutoCloseable {

    private final ServerMain server;
    private final int http;
    private final int pg;

    private EmbeddedQuestDb(ServerMain server, int http, int pg) {
        this.server = server;
        this.http = http;
        this.pg = pg;
    }

    /** Starts one in {@code dir}, on free local ports, one worker per pool (the defaults spin). */
    public static EmbeddedQuestDb start(Path dir) throws Exception {
        int http = freePort();
        int pg = freePort();
        // errors only: at its default (INFO) QuestDB logs every commit, 4% of the machine in a flood
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(
                conf.resolve("log.conf"),
                "writers=stdout\nw.stdout.class=io.questdb.log.LogConsoleWriter\nw.stdout.level=ERROR,CRITICAL\n");
        // QuestDB configures its logging once per JVM, from the first root it is shown
        io.questdb.log.LogFactory.configureRootDir(dir.toString());
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "QDB_HTTP_BIND_TO", "127.0.0.1:" + http,
                "QDB_PG_NET_BIND_TO", "127.0.0.1:" + pg,
                "QDB_HTTP_MIN_ENABLED", "false",
                "QDB_LINE_TCP_ENABLED", "false",
                "QDB_LINE_UDP_ENABLED", "false",
                "QDB_TELEMETRY_ENABLED", "false"));
        // one worker per pool, and idle workers back off soon instead of spinning (they share 2 cores)
        for (String pool : List.of("SHARED", "HTTP", "PG", "WAL_APPLY")) {
            env.put("QDB_" + pool + "_WORKER_COUNT", "1");
            env.put("QDB_" + pool + "_WORKER_YIELD_THRESHOLD", "1");
            env.put("QDB_" + pool + "_WORKER_NAP_THRESHOLD", "2");
            env.put("QDB_" + pool + "_WORKER_SLEEP_THRESHOLD", "100");
        }
        ServerMain server = ServerMain.create(dir.toString(), env);
        server.start();
        return new EmbeddedQuestDb(server, http, pg);
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + http;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + pg + "/qdb";
    }

    /** Waits until the table exists (line protocol creates it with the first point). */
    public void awaitTable(String table) {
        server.awaitTable(table);
    }

    @Override
    public void close() {
        server.close();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
