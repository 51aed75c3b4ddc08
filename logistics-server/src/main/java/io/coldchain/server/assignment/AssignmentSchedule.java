package io.coldchain.server.assignment;

import io.coldchain.server.ColdchainProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Runs assignment every {@code coldchain.assignment.interval} unless turned off. */
@Component
class AssignmentSchedule implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(AssignmentSchedule.class);

    private final AssignmentService assignment;
    private final ColdchainProperties.Assignment config;
    private final io.coldchain.server.jobs.ClusterJobs jobs;

    AssignmentSchedule(
            AssignmentService assignment, ColdchainProperties properties, io.coldchain.server.jobs.ClusterJobs jobs) {
        this.assignment = assignment;
        this.jobs = jobs;
        this.config = properties.assignment();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (config.scheduled()) {
            registrar.addFixedDelayTask(new FixedDelayTask(
                    jobs.once("assignment", java.time.Duration.ofMinutes(10), this::runOnce),
                    config.interval(),
                    config.interval()));
        }
    }

    void runOnce() {
        try {
            assignment.run("SCHEDULED", "system");
        } catch (AssignmentService.AssignmentFailedException e) {
            log.warn("Scheduled {}", e.getMessage());
        }
    }
}
