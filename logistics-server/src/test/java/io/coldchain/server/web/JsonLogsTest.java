package io.coldchain.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's logging configuration with the profile {@code json-logs}: one JSON object per line
 * (Elastic Common Schema) with the log context's ids as fields; without it, the plain console
 * format. (A test of its own, since logging is set up once per JVM and the integration tests share
 * theirs.)
 */
@ExtendWith(OutputCaptureExtension.class)
class JsonLogsTest {

    @Test
    void theProfileMakesEveryLineAJsonObjectWithTheIdsAsFields(CapturedOutput output) throws Exception {
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        try {
            configure(logging, true);
            try (var alert = MDC.putCloseable("alertId", "6f1c-json");
                    var device = MDC.putCloseable("deviceId", "LB-0007")) {
                LoggerFactory.getLogger("io.coldchain.server.quality.Alerts")
                        .info("Alert TEMPERATURE_HIGH RAISED on LB-0007/CHILLED");
            }
            String line = output.getOut()
                    .lines()
                    .filter(l -> l.contains("TEMPERATURE_HIGH RAISED"))
                    .reduce((a, b) -> b)
                    .orElseThrow();
            JsonNode json = JsonMapper.builder().build().readTree(line);
            assertThat(json.get("message").asString()).isEqualTo("Alert TEMPERATURE_HIGH RAISED on LB-0007/CHILLED");
            assertThat(json.get("log").get("level").asString()).isEqualTo("INFO");
            assertThat(json.get("log").get("logger").asString()).isEqualTo("io.coldchain.server.quality.Alerts");
            assertThat(json.get("@timestamp").asString()).isNotBlank();
            assertThat(json.get("alertId").asString()).isEqualTo("6f1c-json");
            assertThat(json.get("deviceId").asString()).isEqualTo("LB-0007");

            configure(logging, false);
            LoggerFactory.getLogger("io.coldchain.server.quality.Alerts").info("plain again");
            String plain = output.getOut()
                    .lines()
                    .filter(l -> l.contains("plain again"))
                    .findFirst()
                    .orElseThrow();
            assertThat(plain).doesNotStartWith("{").contains(" INFO ");
        } finally {
            configure(logging, false);
        }
    }

    private static void configure(LoggingSystem logging, boolean json) {
        MockEnvironment env = new MockEnvironment();
        if (json) {
            env.setActiveProfiles("json-logs");
            env.setProperty("logging.structured.format.console", "ecs");
        }
        logging.cleanUp();
        logging.beforeInitialize();
        logging.initialize(new LoggingInitializationContext(env), "classpath:logback-spring.xml", null);
    }
}
