package io.coldchain.gateway.ingest;

import io.coldchain.gateway.contract.AlertEvent;
import java.util.List;

/**
 * Where alert events go (the broker's {@code events/alerts}); returns once they are safely out,
 * else throws {@link PublishFailedException} (the batch is then retried, the events kept).
 */
@FunctionalInterface
public interface AlertSink {
    void publish(List<AlertEvent> events);

    /** The broker did not confirm the events (yet): the batch must not be acknowledged. */
    class PublishFailedException extends RuntimeException {
        public PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
