package io.coldchain.server.order;

import io.coldchain.server.ColdchainProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Expires orders on a schedule (see {@link OrderService#expireDue()}). */
@Component
class OrderExpiry implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(OrderExpiry.class);

    private final OrderService orders;

    private final Duration interval;

    OrderExpiry(OrderService orders, ColdchainProperties properties) {
        this.orders = orders;
        this.interval = properties.orders().expiryInterval();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::expire, interval, interval));
    }

    void expire() {
        int expired = orders.expireDue();
        if (expired > 0) {
            log.info("Expired {} orders whose pickup slot passed", expired);
        }
    }
}
