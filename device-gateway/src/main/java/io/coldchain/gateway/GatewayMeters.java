package io.coldchain.gateway;

import io.coldchain.gateway.ingest.DeadLetterReason;
import io.coldchain.gateway.ingest.GatewayMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gateway's counters as Micrometer meters, named by Prometheus conventions under {@code
 * coldchain_gateway_} ({@code _total} for counts, base units in the name): messages, readings
 * stored, duplicates, dead letters by reason, alert events decided and published, broker
 * reconnects, rule failures, RESENDs asked, data gaps recorded, batches that found the store down; spool bytes and batches, and the
 * messages queued. Tagged with the gateway's client id, so several gateways add up.
 */
public final class GatewayMeters {

    private GatewayMeters() {}

    public static void bind(MeterRegistry registry, Gateway gateway, String gatewayId) {
        GatewayMetrics m = gateway.metrics();
        counter(
                registry,
                gatewayId,
                "coldchain.gateway.messages",
                "MQTT messages taken through the pipeline",
                m.messages);
        counter(
                registry,
                gatewayId,
                "coldchain.gateway.readings.stored",
                "readings new to the telemetry store",
                m.readingsStored);
        counter(
                registry,
                gatewayId,
                "coldchain.gateway.duplicates",
                "readings the store had already (redeliveries)",
                m.duplicates);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            FunctionCounter.builder(
                            "coldchain.gateway.dead.letters",
                            m.deadLettersByReason.get(reason),
                            AtomicLong::doubleValue)
                    .description("payloads rejected to the dead-letter store, by the kind of reason")
                    .tag("gateway", gatewayId)
                    .tag("reason", reason.label())
                    .register(registry);
        }
        counter(registry, gatewayId, "coldchain.gateway.alert.events", "alert events decided", m.alertEvents);
        counter(
                registry,
                gatewayId,
                "coldchain.gateway.alerts.published",
                "alert events the broker confirmed",
                m.alertsPublished);
        counter(
                registry,
                gatewayId,
                "coldchain.gateway.broker.reconnects",
                "reconnections to the broker",
                m.reconnects);
        counter(registry, gatewayId, "coldchain.gateway.rule.failures", "devices whose judging threw", m.ruleFailures);
        counter(
                registry,
                gatewayId,
                "coldchain.gateway.resends.requested",
                "RESEND ranges asked of devices",
                m.resendsRequested);
        counter(
                registry,
                gatewayId,
                "coldchain.gateway.gaps.recorded",
                "data gaps given up on (DATA_GAP raised)",
                m.gapsRecorded);
        counter(
                registry,
                gatewayId,
                "coldchain.gateway.store.unavailable",
                "batches that found the telemetry store unavailable (spooled or held)",
                m.storeUnavailable);
        Gauge.builder("coldchain.gateway.spool", gateway, Gateway::spoolBytes)
                .description("bytes of batches waiting on disk for the telemetry store")
                .baseUnit("bytes")
                .tag("gateway", gatewayId)
                .register(registry);
        Gauge.builder("coldchain.gateway.spool.batches", gateway, Gateway::spooledBatches)
                .description("batches waiting on disk for the telemetry store")
                .tag("gateway", gatewayId)
                .register(registry);
        Gauge.builder("coldchain.gateway.queued.messages", gateway, Gateway::queued)
                .description("messages received and not yet through the pipeline")
                .tag("gateway", gatewayId)
                .register(registry);
    }

    private static void counter(
            MeterRegistry registry, String gatewayId, String name, String description, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::doubleValue)
                .description(description)
                .tag("gateway", gatewayId)
                .register(registry);
    }
}
