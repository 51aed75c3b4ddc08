package io.coldchain.server;

import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** One line when everything is up: where to go, and how long the JVM took to get here. */
@Component
class ReadyLog {

    private static final Logger log = LoggerFactory.getLogger(ReadyLog.class);

    @EventListener
    void ready(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        long sinceLaunch = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        log.info(
                "coldchain ready in {} ms since JVM launch: http://localhost:{}/ (API /api/v1, docs /swagger-ui.html, health /actuator/health)",
                sinceLaunch,
                port);
    }
}
