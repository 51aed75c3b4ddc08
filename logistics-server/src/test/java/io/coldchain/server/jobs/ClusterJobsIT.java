package io.coldchain.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.server.ColdchainServer;
import io.coldchain.server.testing.ApiClient;
import io.coldchain.server.testing.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two server instances on one database and one broker (two ports, no load balancer): both serve
 * the API; a job both start at the same moment runs on one of them; the real scheduled jobs take
 * their locks.
 */
@IntegrationTest
class ClusterJobsIT {

    @LocalServerPort
    int port;

    @Autowired
    Environment env;

    @Autowired
    ClusterJobs jobs;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private static double received(io.micrometer.core.instrument.MeterRegistry registry) {
        var counter = registry.find("coldchain.alert.events.received").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aJobStartedOnTwoInstancesAtOnceRunsOnOne() throws Exception {
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(ColdchainServer.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + env.getProperty("spring.datasource.url"),
                        "--spring.datasource.username=" + env.getProperty("spring.datasource.username"),
                        "--spring.datasource.password=" + env.getProperty("spring.datasource.password", ""),
                        "--spring.datasource.hikari.maximum-pool-size=4",
                        "--coldchain.mqtt.url=" + env.getProperty("coldchain.mqtt.url"),
                        "--coldchain.mqtt.topic-root=" + env.getProperty("coldchain.mqtt.topic-root"),
                        "--coldchain.mqtt.client-id=" + env.getProperty("coldchain.mqtt.client-id") + "-second",
                        "--coldchain.gateway.in-process=false",
                        "--coldchain.demo.enabled=true",
                        "--coldchain.demo.simulate=false",
                        "--coldchain.demo.orders=0",
                        "--coldchain.assignment.scheduled=false",
                        "--coldchain.routing.cache-dir=target/routing-cache")) {
            int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            // both serve the API, on the same data
            assertThat(ApiClient.as(port, "dispatcher", "demo")
                            .get("/api/v1/locker-banks")
                            .status())
                    .isEqualTo(200);
            assertThat(ApiClient.as(secondPort, "dispatcher", "demo")
                            .get("/api/v1/locker-banks")
                            .body()
                            .size())
                    .isEqualTo(ApiClient.as(port, "dispatcher", "demo")
                            .get("/api/v1/locker-banks")
                            .body()
                            .size());

            ClusterJobs other = second.getBean(ClusterJobs.class);
            String job = "it-" + UUID.randomUUID();
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            Runnable slow = () -> {
                runs.incrementAndGet();
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            List<CompletableFuture<Boolean>> both = List.of(jobs, other).stream()
                    .map(instance -> CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return instance.runOnce(job, Duration.ofMinutes(1), slow);
                    }))
                    .toList();
            start.countDown();
            List<Boolean> ran = both.stream().map(CompletableFuture::join).toList();
            assertThat(ran).containsExactlyInAnyOrder(true, false);
            assertThat(runs.get()).isEqualTo(1);
            // once it is done, the next run may take it on either instance
            assertThat(other.runOnce(job, Duration.ofMinutes(1), runs::incrementAndGet))
                    .isTrue();
            assertThat(runs.get()).isEqualTo(2);

            // alert events reach one instance each (the servers' shared subscription): none twice, both get some
            io.micrometer.core.instrument.MeterRegistry mine = meters;
            io.micrometer.core.instrument.MeterRegistry theirs =
                    second.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            double mineBefore = received(mine);
            double theirsBefore = received(theirs);
            double before = mineBefore + theirsBefore;
            var topics = new io.coldchain.gateway.contract.Topics(env.getProperty("coldchain.mqtt.topic-root"));
            var publisher = new org.eclipse.paho.mqttv5.client.MqttClient(
                    env.getProperty("coldchain.mqtt.url"), "cluster-it-" + UUID.randomUUID(), null);
            publisher.connect();
            tools.jackson.databind.json.JsonMapper json =
                    tools.jackson.databind.json.JsonMapper.builder().build();
            // batches of 20 until both instances got some (the broker's split of the first ones may
            // go all one way while a subscription settles), at most 200 events
            int events = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (events < 200
                    && System.nanoTime() < deadline
                    && (received(mine) - mineBefore == 0 || received(theirs) - theirsBefore == 0)) {
                for (int i = 0; i < 20; i++, events++) {
                    java.time.Instant now = java.time.Instant.now();
                    var event = new io.coldchain.gateway.contract.AlertEvent(
                            UUID.randomUUID().toString(),
                            io.coldchain.gateway.contract.AlertState.RAISED,
                            io.coldchain.gateway.contract.AlertType.TEMPERATURE_HIGH,
                            "CLUSTER-IT-" + events,
                            "chilled",
                            null,
                            io.coldchain.gateway.contract.TemperatureZone.CHILLED,
                            now,
                            null,
                            9.0,
                            0,
                            now);
                    io.coldchain.gateway.testing.TestMqtt.publish(
                            publisher, topics.alerts(), json.writeValueAsBytes(event), false);
                }
                int sent = events;
                await().atMost(Duration.ofSeconds(30)).until(() -> received(mine) + received(theirs) - before >= sent);
            }
            publisher.disconnect();
            publisher.close();
            int published = events; // each batch above was awaited until all of it arrived
            Thread.sleep(1_000); // a second copy, if any, would arrive now
            assertThat(received(mine) + received(theirs) - before).isEqualTo(published);
            assertThat(received(mine) - mineBefore).isPositive();
            assertThat(received(theirs) - theirsBefore).isPositive();

            // the scheduled jobs of both instances go through their locks
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> jdbc.sql("select name from shedlock")
                                    .query(String.class)
                                    .list(),
                            names -> names.contains("locker-command-expiry") && names.contains("pickup-deadlines"));
        }
    }
}
