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

    AlertConsumer(Alerts alerts, EventSubscriber subscriber, ColdchainProperties properties, JsonMapper json) {
        this.alerts = alerts;
        this.json = json;
        subscriber.subscribe(properties.mqtt().topics().alerts(), true, this::handle);
    }

    void handle(String topic, byte[] payload) {
        AlertEvent event;
        try {
            event = json.readValue(payload, AlertEvent.class);
        } catch (JacksonException e) {
            log.warn("Unreadable alert event on {} ignored: {}", topic, e.getOriginalMessage());
            return;
        }
        alerts.apply(event);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::escalate, Duration.ofMinutes(1), Duration.ofSeconds(30)));
    }

    void escalate() {
        int escalated = alerts.escalateDue();
        if (escalated > 0) {
            log.warn("Escalated {} alerts nobody acknowledged", escalated);
        }
    }
}
