package io.coldchain.server.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.web.InvalidFieldException;
import io.coldchain.server.web.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens, the cheap credential of machine clients (kiosks, integrations, load tests): 32 random
 * bytes shown once, stored as their SHA-256 (a fast hash is safe for random secrets of that length,
 * unlike passwords). A token acts as the user it was made for. Lookups are remembered for a few
 * seconds; a revoked token stops working on this instance at once and on others within that time.
 */
@Service
public class ApiTokens {

    /** Every token starts with this, so scanners and people recognise one. */
    public static final String PREFIX = "cct_";

    static final Duration LOOKUP_TTL = Duration.ofSeconds(10);

    /** A token as listed: never its secret. */
    public record TokenInfo(
            long id,
            String name,
            String username,
            String prefix,
            Instant createdAt,
            Instant expiresAt,
            Instant lastUsedAt,
            Instant revokedAt) {}

    /** A token just made: the secret is in {@code token}, and only here. */
    public record NewToken(long id, String name, String token, Instant createdAt, Instant expiresAt) {}

    private record Found(CurrentUser user, long id) {}

    private final JdbcClient jdbc;
    private final UserAccounts accounts;
    private final int defaultDays;
    private final SecureRandom random = new SecureRandom();
    private final Cache<String, Optional<Found>> lookups = Caffeine.newBuilder()
            .expireAfterWrite(LOOKUP_TTL)
            .maximumSize(100_000)
            .build();

    ApiTokens(JdbcClient jdbc, UserAccounts accounts, ColdchainProperties properties) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.defaultDays = properties.security().apiTokenDays();
    }

    /**
     * Makes a token for {@code username} (the caller's own, or, for an administrator, anyone's).
     *
     * @param days validity; null for the configured default
     */
    @Transactional
    public NewToken create(CurrentUser caller, String username, String name, Integer days) {
        String owner = username == null || username.isBlank() ? caller.username() : username;
        if (!owner.equals(caller.username()) && caller.role() != Role.ADMIN) {
            throw new AccessDeniedException("only administrators make tokens for other users");
        }
        int validity = days == null ? defaultDays : days;
        if (validity < 1 || validity > 3650) {
            throw new InvalidFieldException("days", "must be between 1 and 3650");
        }
        Long userId = jdbc.sql("select id from app_user where username = ?")
                .param(owner)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new InvalidFieldException("username", "user '" + owner + "' does not exist"));
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expires = Instant.now().plus(Duration.ofDays(validity));
        record Row(long id, Timestamp createdAt) {}
        Row row = jdbc.sql(
                        """
                        insert into api_token (user_id, name, token_hash, prefix, expires_at)
                        values (?, ?, ?, ?, ?) returning id, created_at
                        """)
                .params(userId, name, hash(token), token.substring(0, 12), Timestamp.from(expires))
                .query((rs, n) -> new Row(rs.getLong(1), rs.getTimestamp(2)))
                .single();
        return new NewToken(row.id(), name, token, row.createdAt().toInstant(), expires);
    }

    /** The caller's tokens; an administrator's list holds everyone's. */
    @Transactional(readOnly = true)
    public List<TokenInfo> list(CurrentUser caller) {
        return jdbc.sql(
                        """
                        select t.id, t.name, u.username, t.prefix, t.created_at, t.expires_at, t.last_used_at, t.revoked_at
                        from api_token t join app_user u on u.id = t.user_id
                        where ? or u.username = ? order by t.id
                        """)
                .params(caller.role() == Role.ADMIN, caller.username())
                .query((rs, n) -> new TokenInfo(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        instant(rs.getTimestamp(6)),
                        instant(rs.getTimestamp(7)),
                        instant(rs.getTimestamp(8))))
                .list();
    }

    /** Revokes one of the caller's tokens (an administrator: any). */
    @Transactional
    public void revoke(CurrentUser caller, long id) {
        int changed = jdbc.sql(
                        """
                        update api_token t set revoked_at = coalesce(revoked_at, now())
                        from app_user u where u.id = t.user_id and t.id = ? and (? or u.username = ?)
                        """)
                .params(id, caller.role() == Role.ADMIN, caller.username())
                .update();
        if (changed == 0) {
            throw new NotFoundException("API token", id);
        }
        lookups.invalidateAll();
    }

    /** The user a presented token acts as, when it is valid. */
    public Optional<CurrentUser> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        Optional<Found> found = lookups.get(hash(token), this::find);
        return found.map(Found::user).filter(CurrentUser::enabled);
    }

    private Optional<Found> find(String hash) {
        Optional<Found> found = jdbc.sql(
                        """
                        select t.id, u.username from api_token t join app_user u on u.id = t.user_id
                        where t.token_hash = ? and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())
                        """)
                .param(hash)
                .query((rs, n) -> new Found(accounts.loadUserByUsername(rs.getString(2)), rs.getLong(1)))
                .optional();
        found.ifPresent(f -> jdbc.sql("update api_token set last_used_at = now() where id = ?")
                .param(f.id())
                .update());
        return found;
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
