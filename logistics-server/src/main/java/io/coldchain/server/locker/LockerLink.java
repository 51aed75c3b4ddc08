package io.coldchain.server.locker;

import io.coldchain.gateway.contract.LockerEvent;
import io.coldchain.gateway.contract.Topics;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.mqtt.EventSubscriber;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's side of the locker topics: every bank's events on the durable shared subscription
 * (command answers applied, keypad entries verified), every bank's retained status (online or
 * offline, also its Last Will), and the clocks: commands expire, deadlines pass.
 */
@Component
class LockerLink implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(LockerLink.class);

    private final Topics topics;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final LockerCommands commands;
    private final Pickups pickups;
    private final JsonMapper json;

    private final io.coldchain.server.jobs.ClusterJobs jobs;

    LockerLink(
            ColdchainProperties properties,
            EventSubscriber subscriber,
            JdbcClient jdbc,
            TransactionTemplate tx,
            LockerCommands commands,
            Pickups pickups,
            JsonMapper json,
            io.coldchain.server.jobs.ClusterJobs jobs) {
        this.jobs = jobs;
        this.topics = properties.mqtt().topics();
        this.jdbc = jdbc;
        this.tx = tx;
        this.commands = commands;
        this.pickups = pickups;
        this.json = json;
        subscriber.subscribe(topics.allLockerEvents(), true, this::event);
        subscriber.subscribe(topics.allLockerStatus(), false, this::status);
    }

    void event(String topic, byte[] payload) {
        String bank = topics.lockerBankOf(topic);
        if (bank == null) {
            return;
        }
        try (var context = org.slf4j.MDC.putCloseable("lockerBankId", bank)) {
            handle(bank, payload);
        }
    }

    private void handle(String bank, byte[] payload) {
        LockerEvent event;
        try {
            event = json.readValue(payload, LockerEvent.class);
        } catch (JacksonException e) {
            log.warn("Unreadable event from locker {} ignored: {}", bank, e.getOriginalMessage());
            return;
        }
        if (event.type() == null) {
            log.warn("Event without a type from locker {} ignored", bank);
            return;
        }
        if (!bankKnown(bank)) {
            log.warn("Event from unknown locker bank {} ignored", bank);
            return;
        }
        switch (event.type()) {
            case LockerEvent.CODE_ENTERED, LockerEvent.QR_SCANNED -> pickups.atBank(bank, event);
            default -> tx.executeWithoutResult(s -> commands.apply(bank, event));
        }
    }

    void status(String topic, byte[] payload) {
        String bank = topics.lockerBankOf(topic);
        if (bank == null || payload.length == 0) {
            return;
        }
        String state;
        try {
            JsonNode node = json.readTree(payload);
            state = node.path("state").asString("");
        } catch (JacksonException e) {
            log.warn("Unreadable status from locker {} ignored", bank);
            return;
        }
        if (!state.equals("online") && !state.equals("offline")) {
            return;
        }
        int changed = jdbc.sql(
                        "update locker_bank set online = ?, status_at = now() where id = ? and online is distinct from ?")
                .params(state.equals("online"), bank, state.equals("online"))
                .update();
        if (changed > 0) {
            log.info("Locker bank {} is {}", bank, state);
        }
    }

    private boolean bankKnown(String bank) {
        return jdbc.sql("select count(*) from locker_bank where id = ?")
                        .param(bank)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(
                jobs.once(
                        "locker-command-expiry",
                        Duration.ofMinutes(1),
                        () -> run("command expiry", () -> tx.execute(s -> commands.expireDue()))),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5)));
        registrar.addFixedDelayTask(new FixedDelayTask(
                jobs.once("pickup-deadlines", Duration.ofMinutes(5), () -> run("pickup deadlines", pickups::expireDue)),
                Duration.ofSeconds(30),
                Duration.ofSeconds(20)));
    }

    private static void run(String what, Runnable job) {
        try {
            job.run();
        } catch (RuntimeException e) {
            log.warn("Locker job '{}' failed: {}", what, e.getMessage());
        }
    }
}
