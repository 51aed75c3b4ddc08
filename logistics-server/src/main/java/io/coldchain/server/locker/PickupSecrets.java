package io.coldchain.server.locker;

import io.coldchain.server.ColdchainProperties;
import io.coldchain.server.embedded.EmbeddedDataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The pickup secrets, all derived from one key held outside the database: a 6-digit code per order
 * (HMAC of order and a counter, so the resident can be shown it again without it being stored), the
 * keyed hash of (bank, code) the database keeps to find an order by its code, and signed QR tokens
 * bound to order, bank, deadline and a single-use nonce. A reader of the database alone can open
 * nothing: it holds hashes and nonces, never a code or a valid token.
 */
@Component
class PickupSecrets {

    private static final Logger log = LoggerFactory.getLogger(PickupSecrets.class);

    /** What a verified QR token says. */
    record QrClaims(long orderId, String lockerBankId, Instant deadline, String nonce) {}

    private final SecretKeySpec key;
    private static final SecureRandom RANDOM = new SecureRandom();

    @org.springframework.beans.factory.annotation.Autowired
    PickupSecrets(ColdchainProperties properties, EmbeddedDataDirectory dataDirectory) {
        this(load(
                properties.lockers(),
                properties.lockers().secretFile() != null
                        ? properties.lockers().secretFile()
                        : dataDirectory.resolve("locker.secret")));
    }

    PickupSecrets(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /**
     * The 6-digit code of an order's {@code counter}-th credential; {@code salt} is the credential's
     * random salt (kept in the database: useless without the key), so codes do not repeat when order
     * ids do (a restored or wiped database with the same key).
     */
    String code(long orderId, int counter, String salt) {
        byte[] mac = mac("code|" + orderId + "|" + counter + (salt == null ? "" : "|" + salt));
        long n = ByteBuffer.wrap(mac, 0, 8).getLong() & Long.MAX_VALUE;
        return String.format("%06d", n % 1_000_000);
    }

    /** What the database stores to find an order by the code entered at a bank. */
    String codeHash(String lockerBankId, String code) {
        return HexFormat.of().formatHex(mac("bank|" + lockerBankId + "|" + code));
    }

    String newNonce() {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    /** {@code base64url(claims).base64url(hmac)}. */
    String qrToken(long orderId, String lockerBankId, Instant deadline, String nonce) {
        String claims = "v1|" + orderId + "|" + lockerBankId + "|" + deadline.getEpochSecond() + "|" + nonce;
        String payload =
                Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac("qr|" + claims));
    }

    /** The claims of a token whose signature holds; empty for a forged or altered one. */
    Optional<QrClaims> verify(String token) {
        if (token == null || token.length() > 400) {
            return Optional.empty();
        }
        int dot = token.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            String claims = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, mac("qr|" + claims))) {
                return Optional.empty();
            }
            String[] parts = claims.split("\\|");
            if (parts.length != 5 || !parts[0].equals("v1")) {
                return Optional.empty();
            }
            return Optional.of(new QrClaims(
                    Long.parseLong(parts[1]), parts[2], Instant.ofEpochSecond(Long.parseLong(parts[3])), parts[4]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] load(ColdchainProperties.Lockers config, Path file) {
        if (config.secret() != null && !config.secret().isBlank()) {
            byte[] key = Base64.getDecoder().decode(config.secret().trim());
            if (key.length < 32) {
                throw new IllegalStateException("coldchain.lockers.secret must hold at least 32 bytes (base64)");
            }
            return key;
        }
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                log.debug("cannot restrict {}: {}", file, e.getMessage());
            }
            log.info(
                    "Made a new pickup-code key in {} (several server instances must share one: "
                            + "set coldchain.lockers.secret)",
                    file.toAbsolutePath());
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the pickup-code key " + file, e);
        }
    }
}
