package io.coldchain.server.jobs;

import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Runs a scheduled job on one server instance at a time: the run takes the job's lock row (held
 * at most {@code lockAtMostFor}, should the instance die mid-run); an instance that finds it taken
 * skips that run. Every instance keeps its schedule, so the job goes on when one instance stops.
 */
@Component
public class ClusterJobs {

    private final LockingTaskExecutor executor;

    ClusterJobs(DataSource dataSource) {
        this.executor = new DefaultLockingTaskExecutor(
                new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                        .withJdbcTemplate(new JdbcTemplate(dataSource))
                        .withTableName("shedlock")
                        .usingDbTime()
                        .build()));
    }

    /** The job as a task for a scheduler: each run is {@link #runOnce} under the job's name. */
    public Runnable once(String name, Duration lockAtMostFor, Runnable job) {
        return () -> runOnce(name, lockAtMostFor, job);
    }

    /** Runs the job now unless another instance is running it; returns whether it ran here. */
    public boolean runOnce(String name, Duration lockAtMostFor, Runnable job) {
        LockingTaskExecutor.TaskResult<Boolean> result;
        try {
            result = executor.executeWithLock(
                    () -> {
                        job.run();
                        return Boolean.TRUE;
                    },
                    new LockConfiguration(Instant.now(), name, lockAtMostFor, Duration.ZERO));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("job " + name + " failed", e);
        }
        return result.wasExecuted();
    }
}
