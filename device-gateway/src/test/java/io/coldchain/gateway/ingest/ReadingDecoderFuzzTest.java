package io.coldchain.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.gateway.contract.Reading;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzes the decoder with random and mutated payloads: whatever comes, it never throws, every
 * payload yields at least one reading or one rejection (nothing vanishes), and every reading it
 * lets through honours the contract. Mutations start from real payloads and splice in the values
 * that broke or could break it: 64-bit overflows, NaN-like numbers, NUL and control characters,
 * deep nesting, truncation.
 */
class ReadingDecoderFuzzTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:20:00Z");
    final ReadingDecoder decoder = new ReadingDecoder();

    static final List<String> SEEDS = List.of(
            "{\"seq\": 1042, \"ts\": \"2026-11-22T10:15:30.250Z\", \"probe\": \"chilled\", \"tempC\": 3.4,"
                    + " \"doorOpen\": false, \"batteryPct\": 87, \"lat\": 42.5063, \"lon\": 1.5218}",
            "[{\"seq\": 1, \"ts\": \"2026-11-22T10:00:00Z\", \"probe\": \"frozen\", \"tempC\": -19.5},"
                    + " {\"seq\": 2, \"ts\": \"2026-11-22T10:01:00+01:00\", \"probe\": \"chilled\", \"tempC\": 3.1}]",
            "{\"seq\": 7, \"ts\": \"2026-11-22T10:00:00Z\", \"tempC\": 20}");

    static final List<String> SPLICES = List.of(
            "9223372036854775808",
            "18446744073709551616",
            "-9223372036854775809",
            "1e999",
            "-1e999",
            "1.7976931348623157E309",
            "0.0000000000000000000000000001",
            "NaN",
            "Infinity",
            "-0",
            "null",
            "true",
            "\"\\u0000\"",
            "\"\\u0001probe\"",
            "\"\\ud800\"",
            "\"+999999999-12-31T23:59:59Z\"",
            "\"-999999999-01-01T00:00:00Z\"",
            "\"1970-01-01T00:00:00Z\"",
            "\"9999-12-31T23:59:59Z\"",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
            "{\"seq\":",
            "\u00e9\u00fc\u4e2d\ud83d\ude00",
            "\\",
            "\"",
            ",",
            "}",
            "]");

    /** Whatever it is given, the decoder answers and loses nothing. */
    private void holds(byte[] payload) {
        ReadingDecoder.Decoded decoded = decoder.decode("LB-0007", payload, NOW);
        assertThat(decoded.readings().size() + decoded.rejections().size())
                .as("a payload yields a reading or a rejection")
                .isPositive();
        for (Reading r : decoded.readings()) {
            assertThat(r.deviceId()).isEqualTo("LB-0007");
            assertThat(r.seq()).isNotNegative();
            assertThat(r.tempC()).isBetween(ReadingDecoder.MIN_TEMP_C, ReadingDecoder.MAX_TEMP_C);
            assertThat(r.ts()).isBeforeOrEqualTo(NOW.plus(ReadingDecoder.MAX_FUTURE));
            assertThat(r.ts()).isAfterOrEqualTo(ReadingDecoder.EARLIEST_TS);
            assertThat(r.probe().isEmpty() || ReadingDecoder.validProbe(r.probe()))
                    .isTrue();
            if (r.batteryPct() != null) {
                assertThat(r.batteryPct()).isBetween(0, 100);
            }
            if (r.lat() != null) {
                assertThat(Math.abs(r.lat())).isLessThanOrEqualTo(90);
            }
        }
        for (ReadingDecoder.Rejection rejection : decoded.rejections()) {
            assertThat(rejection.reason()).isNotBlank();
            assertThat(rejection.raw()).isNotNull();
        }
    }

    @Property(tries = 2000)
    void randomBytesNeverBreakIt(@ForAll @Size(max = 300) byte[] payload) {
        holds(payload);
    }

    @Property(tries = 3000)
    void mutatedRealPayloadsNeverBreakIt(@ForAll("mutated") String payload) {
        holds(payload.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1000)
    void aValidReadingDecodesToItself(
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seq,
            @ForAll @DoubleRange(min = -60, max = 80) double temp,
            @ForAll @LongRange(min = 0, max = 365L * 24 * 3600) long secondsAgo) {
        Instant ts = NOW.minusSeconds(secondsAgo);
        String json = "{\"seq\": %d, \"ts\": \"%s\", \"probe\": \"chilled\", \"tempC\": %s}".formatted(seq, ts, temp);
        ReadingDecoder.Decoded decoded = decoder.decode("LB-0007", json.getBytes(StandardCharsets.UTF_8), NOW);
        assertThat(decoded.rejections()).isEmpty();
        assertThat(decoded.readings())
                .containsExactly(new Reading("LB-0007", seq, ts, "chilled", temp, null, null, null, null));
    }

    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<String> seed = Arbitraries.of(SEEDS);
        Arbitrary<Integer> count = Arbitraries.integers().between(1, 4);
        return Combinators.combine(seed, count, Arbitraries.longs())
                .as((s, n, salt) -> mutate(s, n, new java.util.SplittableRandom(salt)));
    }

    /** Applies {@code n} mutations: splice a nasty value over a span, flip a byte, cut, or repeat. */
    static String mutate(String seed, int n, java.util.SplittableRandom rnd) {
        StringBuilder s = new StringBuilder(seed);
        for (int i = 0; i < n; i++) {
            int at = rnd.nextInt(s.length() + 1);
            switch (rnd.nextInt(6)) {
                case 5 -> {
                    // structure-aware: replace one value (after a colon) with a nasty one
                    int colon = s.indexOf(":", at);
                    if (colon < 0) {
                        colon = s.indexOf(":");
                    }
                    if (colon >= 0) {
                        int end = colon + 1;
                        while (end < s.length() && ",}]".indexOf(s.charAt(end)) < 0) {
                            end++;
                        }
                        s.replace(colon + 1, end, " " + SPLICES.get(rnd.nextInt(SPLICES.size())));
                    }
                }
                case 0 -> {
                    int end = Math.min(s.length(), at + rnd.nextInt(8));
                    s.replace(at, end, SPLICES.get(rnd.nextInt(SPLICES.size())));
                }
                case 1 -> {
                    if (s.length() > 0) {
                        int p = Math.min(at, s.length() - 1);
                        s.setCharAt(p, (char) (s.charAt(p) ^ (1 << rnd.nextInt(7))));
                    }
                }
                case 2 -> s.setLength(at);
                case 3 -> s.insert(at, SPLICES.get(rnd.nextInt(SPLICES.size())));
                default -> {
                    List<String> parts = new ArrayList<>(List.of(s.toString(), s.toString()));
                    s.setLength(0);
                    s.append('[').append(String.join(",", parts)).append(']');
                }
            }
            if (s.length() > 20_000) {
                s.setLength(20_000);
            }
        }
        return s.toString();
    }
}
