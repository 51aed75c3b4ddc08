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

    private final io.coldchain.server.jobs.ClusterJobs jobs;

    OrderExpiry(OrderService orders, ColdchainProperties properties, io.coldchain.server.jobs.ClusterJobs jobs) {
        this.orders = orders;
        this.jobs = jobs;
        this.interval = properties.orders().expiryInterval();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(
                new FixedDelayTask(jobs.once("order-expiry", Duration.ofMinutes(5), this::expire), interval, interval));
    }

    void expire() {
        int expired = orders.expireDue();
        if (expired > 0) {
            log.info("Expired {} orders whose pickup slot passed", expired);
        }
    }
}
