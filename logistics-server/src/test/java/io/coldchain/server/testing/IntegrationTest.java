package io.coldchain.server.testing;

import io.coldchain.gateway.testing.TestMqtt;
import io.coldchain.gateway.testing.TestPostgres;
import io.coldchain.server.ColdchainServer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * A full server on a random port against the shared test infrastructure (a fresh PostgreSQL
 * database and an isolated MQTT topic root per Spring context), with the demo city and users.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        classes = ColdchainServer.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "coldchain.demo.enabled=true",
            "coldchain.demo.simulate=false",
            "coldchain.assignment.scheduled=false",
            "coldchain.demo.orders=0",
            "coldchain.routing.cache-dir=target/routing-cache",
            "coldchain.dispatch.planning-time-limit=3s",
            // several contexts are alive at once (Spring caches them): a small pool each
            "spring.datasource.hikari.maximum-pool-size=6",
            "spring.datasource.hikari.minimum-idle=1"
        })
@ContextConfiguration(initializers = IntegrationTest.Infrastructure.class)
public @interface IntegrationTest {

    /** Points the context at a fresh database and an isolated topic root. */
    class Infrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPostgres.Database db = TestPostgres.freshDatabase();
            TestMqtt.Endpoint mqtt = TestMqtt.endpoint();
            TestPropertyValues.of(
                            "spring.datasource.url=" + db.jdbcUrl(),
                            "spring.datasource.username=" + db.username(),
                            "spring.datasource.password=" + db.password(),
                            "coldchain.mqtt.url=" + mqtt.url(),
                            "coldchain.mqtt.topic-root=" + mqtt.topics().root(),
                            "coldchain.mqtt.client-id=" + mqtt.clientId("server-it"))
                    .applyTo(context);
        }
    }
}
