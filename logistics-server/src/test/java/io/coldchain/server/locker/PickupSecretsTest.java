package io.coldchain.server.locker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pickup secrets without a server: codes, their hashes and QR tokens from one key. */
class PickupSecretsTest {

    final PickupSecrets secrets = new PickupSecrets(new byte[32]);

    @Test
    void aCodeIsSixDigitsAndTheSameEachTimeItIsShown() {
        String code = secrets.code(42, 1, "salt");
        assertThat(code).matches("\\d{6}");
        assertThat(secrets.code(42, 1, "salt")).isEqualTo(code);
    }

    @Test
    void codesDoNotRepeatWhenOrderIdsDo() {
        // a wiped or restored database with the same key gives order 1 again: its salt differs
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            codes.add(secrets.code(1, 1, secrets.newNonce()));
        }
        assertThat(codes).hasSizeGreaterThan(15);
    }

    @Test
    void anotherKeyGivesOtherCodesAndRefusesTheTokens() {
        PickupSecrets other = new PickupSecrets(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31, 32
        });
        assertThat(other.code(42, 1, "salt")).isNotEqualTo(secrets.code(42, 1, "salt"));
        assertThat(other.codeHash("LB-0001", "123456")).isNotEqualTo(secrets.codeHash("LB-0001", "123456"));
        String token = secrets.qrToken(42, "LB-0001", Instant.parse("2026-12-02T12:00:00Z"), "n1");
        assertThat(secrets.verify(token)).hasValueSatisfying(c -> {
            assertThat(c.orderId()).isEqualTo(42);
            assertThat(c.lockerBankId()).isEqualTo("LB-0001");
            assertThat(c.nonce()).isEqualTo("n1");
        });
        assertThat(other.verify(token)).isEmpty();
        // an altered claim (another bank) breaks the signature
        String forged = java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString("v1|42|LB-0002|1796212800|n1".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + token.substring(token.indexOf('.'));
        assertThat(secrets.verify(forged)).isEmpty();
    }
}
