package io.coldchain.server.quality;

import io.coldchain.gateway.contract.AlertEvent;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.mqtt.EventSubscriber;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes {@code events/alerts} on the server's durable, shared subscription (each event once per
 * server group; redeliveries change nothing), and escalates unacknowledged alerts every minute.
 */
@Component
class AlertConsumer implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(AlertConsumer.class);

    private final Alerts alerts;
    private final JsonMapper json;

    private final io.micrometer.core.instrument.Timer latency;
    private final io.micrometer.core.instrument.Counter received;
    private final io.coldchain.server.jobs.ClusterJobs jobs;

    AlertConsumer(
            Alerts alerts,
            EventSubscriber subscriber,
            ColdchainProperties properties,
            JsonMapper json,
            io.micrometer.core.instrument.MeterRegistry meters,
            io.coldchain.server.jobs.ClusterJobs jobs) {
        this.jobs = jobs;
        this.latency = io.micrometer.core.instrument.Timer.builder("coldchain.alert.latency")
                .description("from an alert event's time (the gateway's decision) to the server applying it")
                .register(meters);
        // per instance: with several servers on the shared subscription, each event reaches one
        this.received = io.micrometer.core.instrument.Counter.builder("coldchain.alert.events.received")
                .description("alert events this instance took off the broker")
                .register(meters);
        this.alerts = alerts;
        this.json = json;
        subscriber.subscribe(properties.mqtt().topics().alerts(), true, this::handle);
    }

    void handle(String topic, byte[] payload) {
        received.increment();
        AlertEvent event;
        try {
            event = json.readValue(payload, AlertEvent.class);
        } catch (JacksonException e) {
            log.warn("Unreadable alert event on {} ignored: {}", topic, e.getOriginalMessage());
            return;
        }
        try (var alertId = org.slf4j.MDC.putCloseable("alertId", event.alertId());
                var deviceId = org.slf4j.MDC.putCloseable("deviceId", event.deviceId())) {
            applyTimed(event);
        }
    }

    private void applyTimed(AlertEvent event) {
        if (alerts.apply(event) && event.ts() != null) {
            java.time.Duration late = java.time.Duration.between(event.ts(), java.time.Instant.now());
            if (!late.isNegative()) {
                latency.record(late);
            }
        }
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(
                jobs.once("alert-escalation", Duration.ofMinutes(5), this::escalate),
                Duration.ofMinutes(1),
                Duration.ofSeconds(30)));
    }

    void escalate() {
        int escalated = alerts.escalateDue();
        if (escalated > 0) {
            log.warn("Escalated {} alerts nobody acknowledged", escalated);
        }
    }
}
