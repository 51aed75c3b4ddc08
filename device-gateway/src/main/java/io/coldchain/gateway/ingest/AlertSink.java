package io.coldchain.gateway.ingest;

import io.coldchain.gateway.contract.AlertEvent;
import java.util.List;

/** Where alert events go (the broker's {@code events/alerts}); returns once they are safely out. */
@FunctionalInterface
public interface AlertSink {
    void publish(List<AlertEvent> events);
}
