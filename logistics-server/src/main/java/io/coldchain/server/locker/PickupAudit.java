package io.coldchain.server.locker;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every pickup attempt, in a transaction of its own so a refused attempt is recorded even though
 * the request fails: who (a user, or the bank's keypad), where from, when, the outcome. Never the
 * code or token.
 */
@Component
class PickupAudit {

    /** How an attempt came. */
    enum Channel {
        KEYPAD,
        SCANNER,
        APP_CODE,
        APP_QR
    }

    private final JdbcClient jdbc;
    private final io.micrometer.core.instrument.MeterRegistry meters;

    PickupAudit(JdbcClient jdbc, io.micrometer.core.instrument.MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(
            String bank, Long orderId, Channel channel, String actor, String source, String outcome, String detail) {
        jdbc.sql(
                        """
                        insert into pickup_attempt (locker_bank_id, order_id, channel, actor, source, outcome, detail)
                        values (?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(bank, orderId, channel.name(), actor, source, outcome, detail)
                .update();
        meters.counter("coldchain.pickups", "outcome", outcome, "channel", channel.name())
                .increment();
        if ("INVALID".equals(outcome)) {
            meters.counter("coldchain.pickup.code.failures", "channel", channel.name())
                    .increment();
        }
    }
}
