package io.coldchain.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written reader against {@link OffsetDateTime#parse}: the same instant or the same refusal. */
class Rfc3339Test {

    static final String[] FRACTIONS = {"", ".5", ".25", ".250", ".123456", ".123456789", ".000000001"};

    @Test
    void readsTheCommonShapesAsTheJdkDoes() {
        Random random = new Random(42);
        DateTimeFormatter base = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
        for (int i = 0; i < 20_000; i++) {
            OffsetDateTime t = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L))
                    .atOffset(ZoneOffset.ofTotalSeconds(60 * (random.nextInt(-18 * 60, 18 * 60 + 1))));
            String offset = t.getOffset().getTotalSeconds() == 0 && random.nextBoolean()
                    ? "Z"
                    : t.getOffset().getId().equals("Z")
                            ? "+00:00"
                            : t.getOffset().getId();
            String text = t.format(base) + FRACTIONS[random.nextInt(FRACTIONS.length)] + offset;
            assertThat(Rfc3339.fast(text))
                    .as(text)
                    .isNotNull()
                    .isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    @Test
    void agreesWithTheJdkOnMangledText() {
        Random random = new Random(7);
        String alphabet = "0123456789-:T.Z+zt ";
        for (int i = 0; i < 50_000; i++) {
            char[] text = FRACTIONS[random.nextInt(FRACTIONS.length)].isEmpty()
                    ? "2024-02-29T23:59:59Z".toCharArray()
                    : ("2026-11-22T10:15:30" + FRACTIONS[random.nextInt(FRACTIONS.length)] + "-05:30").toCharArray();
            for (int k = random.nextInt(1, 3); k > 0; k--) {
                text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            assertSame(new String(text));
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-02-29T10:00:00Z",
                "2024-02-29T10:00:00Z",
                "2026-04-31T10:00:00Z",
                "2026-11-22T24:00:00Z",
                "2026-11-22T23:60:00Z",
                "2026-11-22T23:59:60Z",
                "2026-11-22T10:15:30.Z",
                "2026-11-22T10:15:30.1234567890Z",
                "2026-11-22T10:15:30+18:00",
                "2026-11-22T10:15:30+18:01",
                "2026-11-22T10:15:30-00:00",
                "2026-11-22T10:15:30+0530",
                "2026-11-22t10:15:30z",
                "2026-11-22T10:15Z",
                "2026-11-22 10:15:30Z",
                "+12026-11-22T10:15:30Z",
                "0000-01-01T00:00:00Z",
                "2026-11-22T10:15:30Z ",
                "2026-11-22T10:15:30",
                "yesterday"
            })
    void agreesWithTheJdkOnEdges(String text) {
        assertSame(text);
    }

    static void assertSame(String text) {
        Object expected;
        try {
            expected = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            expected = "refused";
        }
        Object actual;
        try {
            actual = Rfc3339.parse(text);
        } catch (DateTimeException e) {
            actual = "refused";
        }
        assertThat(actual).as(text).isEqualTo(expected);
    }
}
