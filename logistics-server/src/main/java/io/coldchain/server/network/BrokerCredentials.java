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
 * password 32 random bytes shown once (only its SHA-256 is kept). A device and a bank with the same
 * id are two accounts, told apart by their passwords. Issuing again rotates a password; revoking
 * ends it. Either way the live connections of that account are cut ({@link Revoked}).
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
    public record Revoked(Kind kind, String username) {

        /** The account's name on the broker's side, one per kind and user name. */
        public String account() {
            return BrokerCredentials.account(kind, username);
        }
    }

    /**
     * A password was set, inside the transaction that records it: a broker that keeps its own
     * accounts (Mosquitto's dynamic security) takes it now, and a refusal rolls the issue back.
     */
    public record PasswordSet(Kind kind, String username, String password) {}

    /** An account was revoked, inside the transaction that records it. */
    public record Ended(Kind kind, String username) {}

    /** The broker-side name of a device's or bank's account. */
    public static String account(Kind kind, String username) {
        return kind + ":" + username;
    }

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
        jdbc.sql(
                        """
                        insert into broker_credential (kind, username, secret_sha256, issued_by) values (?, ?, ?, ?)
                        on conflict (kind, username) do update set secret_sha256 = excluded.secret_sha256,
                            issued_at = now(), issued_by = excluded.issued_by, revoked_at = null
                        """)
                .params(kind.name(), id, sha256(password.getBytes(StandardCharsets.UTF_8)), actor)
                .update();
        events.publishEvent(new PasswordSet(kind, id, password));
        events.publishEvent(new Revoked(kind, id)); // a live connection with an old password ends
        return new Issued(id, password);
    }

    /** Ends the account: the device or bank can no longer connect, and is cut off now. */
    public void revoke(Kind kind, String username) {
        int revoked = jdbc.sql(
                        "update broker_credential set revoked_at = now() where kind = ? and username = ? and revoked_at is null")
                .params(kind.name(), username)
                .update();
        if (revoked == 0) {
            throw new NotFoundException("broker credential", username);
        }
        events.publishEvent(new Ended(kind, username));
        events.publishEvent(new Revoked(kind, username));
    }

    /** The kind of a live account whose password this is, else empty. */
    @Transactional(readOnly = true)
    public Optional<Kind> check(String username, byte[] password) {
        record Row(Kind kind, byte[] hash) {}
        byte[] hash = sha256(password);
        return jdbc
                .sql("select kind, secret_sha256 from broker_credential where username = ? and revoked_at is null")
                .param(username)
                .query((rs, n) -> new Row(Kind.valueOf(rs.getString(1)), rs.getBytes(2)))
                .list()
                .stream()
                .filter(row -> MessageDigest.isEqual(row.hash(), hash))
                .map(Row::kind)
                .findFirst();
    }

    /** The kind of the live account named {@code username} other than {@code kind}, if any. */
    @Transactional(readOnly = true)
    public Optional<Kind> otherLiveKind(Kind kind, String username) {
        return jdbc.sql("select kind from broker_credential where username = ? and kind <> ? and revoked_at is null")
                .params(username, kind.name())
                .query((rs, n) -> Kind.valueOf(rs.getString(1)))
                .optional();
    }

    /** Revoked accounts whose user name no live account of the other kind uses. */
    @Transactional(readOnly = true)
    public java.util.List<Revoked> revokedAccounts() {
        return jdbc.sql(
                        """
                        select kind, username from broker_credential b where revoked_at is not null
                        and not exists (select 1 from broker_credential l where l.username = b.username
                            and l.revoked_at is null)
                        """)
                .query((rs, n) -> new Revoked(Kind.valueOf(rs.getString(1)), rs.getString(2)))
                .list();
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
