package io.coldchain.server.security;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Locks a subject out after too many failures: an account or a source address that keeps failing
 * to sign in, a locker bank's keypad or a source that keeps entering wrong pickup codes. Failures
 * are counted in Bucket4j token buckets and locks are rows, both in PostgreSQL, so a lock holds
 * across server instances; time is the database's.
 */
@Component
public class Lockouts {

    /**
     * When to lock: {@code failures} within {@code within} lock the subject for {@code lockFor}.
     *
     * @param name the kind of subject, part of the key (e.g. {@code sign-in-account})
     */
    public record Policy(String name, int failures, Duration within, Duration lockFor) {
        public Policy {
            if (failures < 1 || within.isNegative() || within.isZero() || lockFor.isNegative()) {
                throw new IllegalArgumentException("a lockout policy needs failures >= 1 and positive durations");
            }
        }

        String key(String subject) {
            return name + ":" + subject;
        }
    }

    private final JdbcClient jdbc;
    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

    Lockouts(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket")
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
    }

    /** How much longer the subject is locked, if it is. */
    public Optional<Duration> lockedFor(Policy policy, String subject) {
        return jdbc.sql("select extract(epoch from (until - now())) from lockout where key = ? and until > now()")
                .param(policy.key(subject))
                .query(Double.class)
                .optional()
                .map(seconds -> Duration.ofMillis((long) Math.ceil(seconds * 1000)));
    }

    /**
     * Counts a failure of the subject; returns the lock when this failure reached the policy's
     * limit (the count starts again after the lock).
     */
    @org.springframework.transaction.annotation.Transactional(
            propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
    public Optional<Duration> failed(Policy policy, String subject) {
        String key = policy.key(subject);
        ProxyManager<String> manager = buckets;
        var bucket = manager.builder().build(key, () -> configuration(policy));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed() && probe.getRemainingTokens() > 0) {
            return Optional.empty();
        }
        jdbc.sql(
                        """
                        insert into lockout (key, until) values (?, now() + ?::interval)
                        on conflict (key) do update set until = excluded.until, locked_at = now()
                        """)
                .params(key, policy.lockFor().toMillis() + " milliseconds")
                .update();
        bucket.reset();
        return Optional.of(policy.lockFor());
    }

    /** Failures still allowed before the subject is locked. */
    public long attemptsLeft(Policy policy, String subject) {
        return buckets.builder()
                .build(policy.key(subject), () -> configuration(policy))
                .getAvailableTokens();
    }

    /** Lifts a lock and forgets the failures (an administrator's decision, or tests). */
    public void clear(Policy policy, String subject) {
        jdbc.sql("delete from lockout where key = ?").param(policy.key(subject)).update();
        buckets.removeProxy(policy.key(subject));
    }

    private static BucketConfiguration configuration(Policy policy) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(policy.failures()).refillGreedy(policy.failures(), policy.within()))
                .build();
    }

    /** Forgets buckets full again and locks long past. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void cleanUp() {
        buckets.removeExpired(10_000);
        jdbc.sql("delete from lockout where until < ?")
                .param(Timestamp.from(java.time.Instant.now().minus(Duration.ofDays(1))))
                .update();
    }
}
