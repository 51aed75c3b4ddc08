package io.coldchain.server.ui;

import io.coldchain.gateway.contract.Reading;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.custody.ParcelsHandedOver;
import io.coldchain.server.dispatch.Waves;
import io.coldchain.server.locker.LockerCommands;
import io.coldchain.server.order.OrderStateChanged;
import io.coldchain.server.quality.AlertChanged;
import io.coldchain.server.security.Role;
import io.coldchain.server.telemetry.TelemetryHistory;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * What the pages are told live: order states (staff, and each resident about their own orders),
 * alerts, locker commands and custody hand-offs (staff), wave planning progress (dispatchers, once
 * a second while a wave plans) and the latest readings of the assets on someone's screen (every few
 * seconds, read from the telemetry store, so it works whichever process ingests).
 */
@Component
class LiveFeeds implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(LiveFeeds.class);
    private static final Set<Role> PLANNERS = EnumSet.of(Role.ADMIN, Role.DISPATCHER);
    private static final Set<Role> ALERT_READERS = EnumSet.of(Role.ADMIN, Role.DISPATCHER, Role.QUALITY);

    private final LiveEvents live;
    private final JdbcClient jdbc;
    private final Waves waves;
    private final TelemetryHistory telemetry;
    private final ColdchainProperties.Ui config;
    private final Set<Long> finished = ConcurrentHashMap.newKeySet(); // waves whose last word was sent
    private final Map<String, Instant> lastReading = new ConcurrentHashMap<>();

    LiveFeeds(
            LiveEvents live, JdbcClient jdbc, Waves waves, TelemetryHistory telemetry, ColdchainProperties properties) {
        this.live = live;
        this.jdbc = jdbc;
        this.waves = waves;
        this.telemetry = telemetry;
        this.config = properties.ui();
    }

    record OrderEvent(List<Long> orderIds, String from, String to) {}

    record AlertEvent(String alertId, String kind) {}

    record CommandEvent(
            String commandId,
            String lockerBankId,
            String compartment,
            Long orderId,
            String purpose,
            String state,
            Long routeStopId) {}

    record CustodyEvent(String type, List<Long> parcelIds, List<Long> orderIds, String assetId) {}

    record TelemetryEvent(String assetId, Instant ts, double tempC, Boolean doorOpen, Double lat, Double lon) {}

    @TransactionalEventListener(fallbackExecution = true)
    void orderStateChanged(OrderStateChanged changed) {
        String from = changed.from() == null ? null : changed.from().name();
        live.publish(
                "order",
                new OrderEvent(changed.orderIds(), from, changed.to().name()),
                LiveEvents.Audience.roles(LiveEvents.STAFF));
        // each resident hears of their own orders only
        Map<Long, List<Long>> byResident = new LinkedHashMap<>();
        jdbc.sql("select id, resident_id from customer_order where id = any(?) order by id")
                .param(changed.orderIds().toArray(Long[]::new))
                .query((rs, n) -> Map.entry(rs.getLong(2), rs.getLong(1)))
                .list()
                .forEach(e -> byResident
                        .computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>())
                        .add(e.getValue()));
        byResident.forEach((resident, orders) -> live.publish(
                "order", new OrderEvent(orders, from, changed.to().name()), LiveEvents.Audience.resident(resident)));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void alertChanged(AlertChanged changed) {
        live.publish(
                "alert", new AlertEvent(changed.alertId(), changed.kind()), LiveEvents.Audience.roles(ALERT_READERS));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void commandChanged(LockerCommands.CommandChanged changed) {
        LockerCommands.Command c = changed.command();
        CommandEvent event = new CommandEvent(
                c.commandId().toString(),
                c.lockerBankId(),
                c.compartment(),
                c.orderId(),
                c.purpose().name(),
                c.state(),
                c.routeStopId());
        live.publish("command", event, LiveEvents.Audience.roles(LiveEvents.STAFF));
        if (c.purpose() == LockerCommands.Purpose.PICKUP && c.orderId() != null) {
            jdbc.sql("select resident_id from customer_order where id = ?")
                    .param(c.orderId())
                    .query(Long.class)
                    .optional()
                    .ifPresent(resident -> live.publish("command", event, LiveEvents.Audience.resident(resident)));
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void handedOver(ParcelsHandedOver handed) {
        Map<String, List<io.coldchain.server.custody.Handoff>> byStay = new LinkedHashMap<>();
        handed.handoffs()
                .forEach(h -> byStay.computeIfAbsent(h.type() + " " + h.assetId(), k -> new java.util.ArrayList<>())
                        .add(h));
        byStay.values()
                .forEach(hs -> live.publish(
                        "custody",
                        new CustodyEvent(
                                hs.get(0).type().name(),
                                hs.stream()
                                        .map(io.coldchain.server.custody.Handoff::parcelId)
                                        .toList(),
                                hs.stream()
                                        .map(io.coldchain.server.custody.Handoff::orderId)
                                        .distinct()
                                        .toList(),
                                hs.get(0).assetId()),
                        LiveEvents.Audience.roles(LiveEvents.STAFF)));
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(
                this::waveProgress, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(5)));
        registrar.addFixedDelayTask(new FixedDelayTask(
                this::latestReadings, config.liveTelemetryInterval(), config.liveTelemetryInterval()));
    }

    /**
     * Progress of the waves planning now, every second, and each wave once more when it is done
     * (also one that planned within a second, between two looks).
     */
    void waveProgress() {
        try {
            List<Map.Entry<Long, String>> recent = jdbc.sql(
                            """
                            select id, status from wave
                            where status = 'PLANNING' or finished_at > now() - interval '30 seconds'
                            order by id
                            """)
                    .query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2)))
                    .list();
            finished.retainAll(recent.stream().map(Map.Entry::getKey).toList());
            for (Map.Entry<Long, String> wave : recent) {
                boolean planning = wave.getValue().equals("PLANNING");
                if (planning || finished.add(wave.getKey())) {
                    live.publish("wave", waves.wave(wave.getKey()), LiveEvents.Audience.roles(PLANNERS));
                }
            }
        } catch (RuntimeException e) {
            log.debug("Wave progress not sent: {}", e.getMessage());
        }
    }

    /** The readings of the watched assets since the last look (the first look: the latest one). */
    void latestReadings() {
        Set<String> watched = live.watchedAssets();
        lastReading.keySet().retainAll(watched);
        Instant now = Instant.now();
        Map<String, Instant> seen = new HashMap<>();
        for (String asset : watched) {
            try {
                Instant since = lastReading.getOrDefault(asset, now.minus(java.time.Duration.ofMinutes(15)));
                boolean first = !lastReading.containsKey(asset);
                List<Reading> readings =
                        telemetry.readings(asset, since.plusMillis(1), now.plusSeconds(300), java.time.Duration.ZERO);
                if (first && readings.size() > 1) {
                    readings = readings.subList(readings.size() - 1, readings.size());
                }
                for (Reading r : readings) {
                    live.publish(
                            "telemetry",
                            new TelemetryEvent(asset, r.ts(), r.tempC(), r.doorOpen(), r.lat(), r.lon()),
                            LiveEvents.Audience.watchers(LiveEvents.STAFF, asset));
                }
                seen.put(
                        asset,
                        readings.isEmpty()
                                ? since
                                : readings.get(readings.size() - 1).ts());
            } catch (RuntimeException e) {
                log.debug("Readings of {} not sent: {}", asset, e.getMessage());
            }
        }
        lastReading.putAll(seen);
    }
}
