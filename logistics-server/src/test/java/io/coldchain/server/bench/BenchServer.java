package io.coldchain.server.bench;

import io.coldchain.server.ColdchainServer;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole server in the bench's JVM, as the benches want it: embedded and fresh in {@code
 * target/<dataDir>}, the demo city and users without simulator, demo orders or scheduled
 * assignment, logging only warnings; {@code extra} arguments come last.
 */
public final class BenchServer {

    private BenchServer() {}

    public static ConfigurableApplicationContext start(String dataDir, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--coldchain.demo.enabled=true",
                "--coldchain.demo.simulate=false",
                "--coldchain.demo.orders=0",
                "--coldchain.assignment.scheduled=false",
                "--coldchain.embedded.fresh=true",
                "--coldchain.embedded.data-dir=target/" + dataDir,
                "--coldchain.routing.cache-dir=target/routing-cache",
                "--logging.level.io.coldchain=WARN",
                "--logging.level.org.springframework=WARN",
                "--logging.level.com.graphhopper=WARN",
                "--logging.level.org.flywaydb=WARN",
                "--logging.level.com.hivemq=WARN",
                "--logging.level.jetbrains.exodus=WARN"));
        args.addAll(List.of(extra));
        return SpringApplication.run(ColdchainServer.class, args.toArray(String[]::new));
    }
}
