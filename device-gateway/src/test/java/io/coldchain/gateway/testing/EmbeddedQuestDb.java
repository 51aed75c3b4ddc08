package io.coldchain.gateway.testing;

import io.questdb.ServerMain;
import java.net.ServerSocket;
import java.nio.file.Path;
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
        ServerMain server = ServerMain.create(
                dir.toString(),
                Map.of(
                        "QDB_HTTP_BIND_TO", "127.0.0.1:" + http,
                        "QDB_PG_NET_BIND_TO", "127.0.0.1:" + pg,
                        "QDB_HTTP_MIN_ENABLED", "false",
                        "QDB_LINE_TCP_ENABLED", "false",
                        "QDB_LINE_UDP_ENABLED", "false",
                        "QDB_TELEMETRY_ENABLED", "false",
                        "QDB_SHARED_WORKER_COUNT", "1",
                        "QDB_HTTP_WORKER_COUNT", "1",
                        "QDB_PG_WORKER_COUNT", "1",
                        "QDB_WAL_APPLY_WORKER_COUNT", "1"));
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
