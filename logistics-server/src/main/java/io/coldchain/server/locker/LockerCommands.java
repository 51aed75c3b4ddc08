package io.coldchain.server.locker;

import io.coldchain.gateway.contract.LockerCommand;
import io.coldchain.gateway.contract.LockerEvent;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.mqtt.MqttConnection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * OPEN commands to locker banks and their answers. A command is recorded, then published once its
 * transaction commits (so its answer always finds it); it moves SENT -> OPENED -> CLOSED, or to
 * FAILED when the bank says so or does not answer before it expires. Every event is recorded; one
 * that does not fit the command's state (late, duplicate, unknown) changes nothing. Each applied
 * change is published as a {@link CommandChanged} for the feature that asked.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class LockerCommands {

    private static final Logger log = LoggerFactory.getLogger(LockerCommands.class);

    /** Why a compartment is opened. */
    public enum Purpose {
        DROP_OFF,
        PICKUP,
        COLLECTION
    }

    /** A command as stored. */
    public record Command(
            UUID commandId,
            String lockerBankId,
            long compartmentId,
            String compartment,
            Long parcelId,
            Long orderId,
            Purpose purpose,
            String state,
            String requestedBy,
            Long routeStopId,
            Long pickupId,
            Long collectionId,
            String failure) {}

    /** A command's state changed (in the transaction that changed it). */
    public record CommandChanged(Command command, String from) {}

    /** What a command is for. */
    public record Target(
            String lockerBankId,
            long compartmentId,
            String compartment,
            Long parcelId,
            Long orderId,
            Purpose purpose,
            String requestedBy,
            Long routeStopId,
            Long pickupId,
            Long collectionId) {}

    private final JdbcClient jdbc;
    private final MqttConnection mqtt;
    private final ApplicationEventPublisher events;
    private final ColdchainProperties properties;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Duration ttl;

    LockerCommands(
            JdbcClient jdbc, MqttConnection mqtt, ApplicationEventPublisher events, ColdchainProperties properties) {
        this.jdbc = jdbc;
        this.mqtt = mqtt;
        this.events = events;
        this.properties = properties;
        this.ttl = properties.lockers().commandTtl();
    }

    /** Records an OPEN and publishes it after the commit; returns its id. */
    public UUID open(Target t) {
        UUID id = UUID.randomUUID();
        Instant expires = Instant.now().plus(ttl);
        jdbc.sql(
                        """
                        insert into locker_command (command_id, locker_bank_id, compartment_id, compartment_code, parcel_id,
                            order_id, purpose, state, requested_by, route_stop_id, pickup_id, collection_id, expires_at)
                        values (?, ?, ?, ?, ?, ?, ?, 'SENT', ?, ?, ?, ?, ?)
                        """)
                .params(
                        id,
                        t.lockerBankId(),
                        t.compartmentId(),
                        t.compartment(),
                        t.parcelId(),
                        t.orderId(),
                        t.purpose().name(),
                        t.requestedBy(),
                        t.routeStopId(),
                        t.pickupId(),
                        t.collectionId(),
                        Timestamp.from(expires))
                .update();
        LockerCommand command = LockerCommand.open(id.toString(), t.compartment(), expires);
        String topic = properties.mqtt().topics().lockerCommands(t.lockerBankId());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try {
                    mqtt.publish(topic, json.writeValueAsBytes(command), false);
                } catch (MqttException e) {
                    // not sent: it expires unanswered and counts as failed
                    log.warn("OPEN {} to {} not sent: {}", t.compartment(), t.lockerBankId(), e.getMessage());
                }
            }
        });
        log.info(
                "OPEN {} at {} for {} {} (command {})",
                t.compartment(),
                t.lockerBankId(),
                t.purpose(),
                t.parcelId() != null ? "parcel " + t.parcelId() : "",
                id);
        return id;
    }

    /** Applies a bank's event; returns whether it changed a command. */
    public boolean apply(String bankId, LockerEvent event) {
        UUID id = parse(event.commandId());
        Optional<Command> found = id == null ? Optional.empty() : lock(id);
        String note = null;
        boolean applied = false;
        if (found.isEmpty()) {
            note = "no such command";
        } else if (!found.get().lockerBankId().equals(bankId)) {
            note = "the command is for " + found.get().lockerBankId();
        } else {
            Command c = found.get();
            String to =
                    switch (event.type()) {
                        case LockerEvent.OPENED -> c.state().equals("SENT") ? "OPENED" : null;
                        case LockerEvent.CLOSED -> c.state().equals("OPENED")
                                        || c.state().equals("SENT")
                                ? "CLOSED"
                                : null;
                        case LockerEvent.FAILED -> c.state().equals("SENT") ? "FAILED" : null;
                        default -> null;
                    };
            if (to == null) {
                note = event.type() + " after " + c.state() + ": recorded, not applied";
            } else {
                change(c, to, event.reason() != null ? event.reason() : "the bank reported FAILED");
                applied = true;
            }
        }
        jdbc.sql(
                        """
                        insert into locker_event (locker_bank_id, command_id, type, compartment, ts, applied, note)
                        values (?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        bankId,
                        id,
                        event.type(),
                        event.compartment(),
                        event.ts() == null ? null : Timestamp.from(event.ts()),
                        applied,
                        note)
                .update();
        if (!applied) {
            log.info("Locker {} {} {}: {}", bankId, event.type(), event.commandId(), note);
        }
        return applied;
    }

    /** Records a keypad or scanner event (without the code or token). */
    void recordEntry(String bankId, LockerEvent event, String note) {
        jdbc.sql(
                        """
                        insert into locker_event (locker_bank_id, type, ts, applied, note) values (?, ?, ?, true, ?)
                        """)
                .params(bankId, event.type(), event.ts() == null ? null : Timestamp.from(event.ts()), note)
                .update();
    }

    /** Commands that had no answer before they expired are FAILED; returns how many. */
    public int expireDue() {
        List<UUID> due = jdbc.sql("select command_id from locker_command where state = 'SENT' and expires_at < now() "
                        + "order by expires_at limit 500 for update skip locked")
                .query(UUID.class)
                .list();
        for (UUID id : due) {
            lock(id).ifPresent(c -> change(c, "FAILED", "no answer before the command expired"));
        }
        return due.size();
    }

    /** Commands' current states, by id. */
    public Map<UUID, Command> states(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc
                .sql(select() + " where command_id = any(?::uuid[])")
                .param(ids.toArray(UUID[]::new))
                .query(LockerCommands::row)
                .list()
                .stream()
                .collect(Collectors.toMap(Command::commandId, c -> c));
    }

    private void change(Command c, String to, String failure) {
        String column =
                switch (to) {
                    case "OPENED" -> "opened_at";
                    case "CLOSED" -> "closed_at";
                    default -> "failed_at";
                };
        jdbc.sql("update locker_command set state = ?, " + column + " = now(), failure = ? where command_id = ?")
                .params(to, to.equals("FAILED") ? failure : null, c.commandId())
                .update();
        Command now = lock(c.commandId()).orElseThrow();
        events.publishEvent(new CommandChanged(now, c.state()));
    }

    private Optional<Command> lock(UUID id) {
        return jdbc.sql(select() + " where command_id = ? for update")
                .param(id)
                .query(LockerCommands::row)
                .optional();
    }

    private static String select() {
        return """
                select command_id, locker_bank_id, compartment_id, compartment_code, parcel_id, order_id, purpose, state,
                    requested_by, route_stop_id, pickup_id, collection_id, failure
                from locker_command
                """;
    }

    private static Command row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Command(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getLong(3),
                rs.getString(4),
                (Long) rs.getObject(5),
                (Long) rs.getObject(6),
                Purpose.valueOf(rs.getString(7)),
                rs.getString(8),
                rs.getString(9),
                (Long) rs.getObject(10),
                (Long) rs.getObject(11),
                (Long) rs.getObject(12),
                rs.getString(13));
    }

    private static UUID parse(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
