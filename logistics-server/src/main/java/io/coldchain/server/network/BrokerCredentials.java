package io.coldchain.server.network;

import io.coldchain.server.web.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Broker accounts of devices and locker banks: the user name is the device's or bank's id, the
 * password 32 random bytes shown once (only its SHA-256 is kept). Issuing again rotates it;
 * revoking ends it. Either way the live connections of the old one are cut ({@link Revoked}).
 */
@Service
@Transactional
public class BrokerCredentials {

    /** The kinds of account, each with its own topics. */
    public enum Kind {
        DEVICE,
        LOCKER_BANK
    }

    /** An account's password, as shown once when it is issued. */
    public record Issued(String username, String password) {}

    /** An account whose old password no longer works: its connections must be cut. */
    public record Revoked(String username) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    BrokerCredentials(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** A new password for the device or bank {@code id} (rotating any earlier one). */
    public Issued issue(Kind kind, String id, String actor) {
        String table = kind == Kind.DEVICE ? "device" : "locker_bank";
        boolean exists = jdbc.sql("select count(*) from " + table + " where id = ?")
                        .param(id)
                        .query(Integer.class)
                        .single()
                > 0;
        if (!exists) {
            throw new NotFoundException(kind == Kind.DEVICE ? "device" : "locker bank", id);
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        int rotated = jdbc.sql(
                        """
                        insert into broker_credential (username, kind, secret_sha256, issued_by) values (?, ?, ?, ?)
                        on conflict (username) do update set kind = excluded.kind, secret_sha256 = excluded.secret_sha256,
                            issued_at = now(), issued_by = excluded.issued_by, revoked_at = null
                        """)
                .params(id, kind.name(), sha256(password.getBytes(StandardCharsets.UTF_8)), actor)
                .update();
        if (rotated > 0) {
            events.publishEvent(new Revoked(id)); // a live connection with the old password ends
        }
        return new Issued(id, password);
    }

    /** Ends the account: the device or bank can no longer connect, and is cut off now. */
    public void revoke(String username) {
        int revoked = jdbc.sql(
                        "update broker_credential set revoked_at = now() where username = ? and revoked_at is null")
                .param(username)
                .update();
        if (revoked == 0) {
            throw new NotFoundException("broker credential", username);
        }
        events.publishEvent(new Revoked(username));
    }

    /** The kind of a live account whose password this is, else empty. */
    @Transactional(readOnly = true)
    public Optional<Kind> check(String username, byte[] password) {
        record Row(Kind kind, byte[] hash) {}
        return jdbc.sql("select kind, secret_sha256 from broker_credential where username = ? and revoked_at is null")
                .param(username)
                .query((rs, n) -> new Row(Kind.valueOf(rs.getString(1)), rs.getBytes(2)))
                .optional()
                .filter(row -> MessageDigest.isEqual(row.hash(), sha256(password)))
                .map(Row::kind);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
