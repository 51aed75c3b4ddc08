package io.coldchain.gateway.ingest;

import io.coldchain.gateway.contract.AlertEvent;
import java.util.List;

/**
 * Told of alert events once they are decided and safely in the alert outbox, saved with the rule
 * state that announces them (the gateway's relay then publishes them on {@code events/alerts}).
 * Must return quickly and not fail.
 */
@FunctionalInterface
public interface AlertSink {
    void decided(List<AlertEvent> events);
}
