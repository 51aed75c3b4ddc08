package io.coldchain.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decoding and validation against the contract, on recorded payloads. */
class ReadingDecoderTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:20:00Z");
    final ReadingDecoder decoder = new ReadingDecoder();

    ReadingDecoder.Decoded decode(String payload) {
        return decoder.decode("LB-0007", payload.getBytes(StandardCharsets.UTF_8), NOW);
    }

    @Test
    void decodesTheArchitectureExample() {
        var decoded = decode(
                """
                {"seq": 1042, "ts": "2026-11-22T10:15:30.250Z", "probe": "chilled", "tempC": 3.4,
                 "doorOpen": false, "batteryPct": 87, "lat": 42.5063, "lon": 1.5218}
                """);
        assertThat(decoded.rejections()).isEmpty();
        var r = decoded.readings().get(0);
        assertThat(r.deviceId()).isEqualTo("LB-0007");
        assertThat(r.seq()).isEqualTo(1042);
        assertThat(r.ts()).isEqualTo(Instant.parse("2026-11-22T10:15:30.250Z"));
        assertThat(r.probe()).isEqualTo("chilled");
        assertThat(r.tempC()).isEqualTo(3.4);
        assertThat(r.doorOpen()).isFalse();
        assertThat(r.batteryPct()).isEqualTo(87);
        assertThat(r.lat()).isEqualTo(42.5063);
    }

    @Test
    void anArrayKeepsTheGoodReadingsAndRejectsTheBadOnes() {
        var decoded = decode(
                """
                [{"seq": 1, "ts": "2026-11-22T10:00:00Z", "probe": "chilled", "tempC": 3.0},
                 {"seq": 2, "ts": "2026-11-22T10:01:00Z", "probe": "chilled", "tempC": "hot"},
                 7,
                 {"seq": 3, "ts": "2026-11-22T10:02:00+01:00", "probe": "chilled", "tempC": 3.1}]
                """);
        assertThat(decoded.readings()).extracting(r -> r.seq()).containsExactly(1L, 3L);
        assertThat(decoded.rejections())
                .extracting(ReadingDecoder.Rejection::reason)
                .containsExactly("tempC must be a number", "array element 2 is not a reading object");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "malformed JSON | {\"seq\": 1, \"ts\": | malformed JSON",
                "missing tempC | {\"seq\": 1, \"ts\": \"2026-11-22T10:00:00Z\"} | missing tempC",
                "missing ts | {\"seq\": 1, \"tempC\": 3} | missing ts",
                "missing seq | {\"ts\": \"2026-11-22T10:00:00Z\", \"tempC\": 3} | missing seq",
                "negative seq | {\"seq\": -4, \"ts\": \"2026-11-22T10:00:00Z\", \"tempC\": 3} | seq must be",
                "string seq | {\"seq\": \"1\", \"ts\": \"2026-11-22T10:00:00Z\", \"tempC\": 3} | seq must be",
                "bad ts | {\"seq\": 1, \"ts\": \"yesterday\", \"tempC\": 3} | is not RFC 3339",
                "absurd temperature | {\"seq\": 1, \"ts\": \"2026-11-22T10:00:00Z\", \"tempC\": 500} | outside",
                "too cold | {\"seq\": 1, \"ts\": \"2026-11-22T10:00:00Z\", \"tempC\": -80.5} | outside",
                "future | {\"seq\": 1, \"ts\": \"2026-11-24T10:00:00Z\", \"tempC\": 3} | in the future",
                "battery | {\"seq\": 1, \"ts\": \"2026-11-22T10:00:00Z\", \"tempC\": 3, \"batteryPct\": 140} | batteryPct",
                "door | {\"seq\": 1, \"ts\": \"2026-11-22T10:00:00Z\", \"tempC\": 3, \"doorOpen\": \"yes\"} | doorOpen",
                "null | null | not a reading object",
                "string | \"x\" | not a reading object",
                "empty array | [] | empty array",
            })
    void rejectsWithAReason(String name, String payload, String reason) {
        var decoded = decode(payload);
        assertThat(decoded.readings()).isEmpty();
        assertThat(decoded.rejections()).hasSize(1);
        assertThat(decoded.rejections().get(0).reason()).contains(reason);
    }

    @Test
    void rejectsAHugePayloadWhole() {
        byte[] huge = new byte[ReadingDecoder.MAX_PAYLOAD_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        var decoded = decoder.decode("D", huge, NOW);
        assertThat(decoded.readings()).isEmpty();
        assertThat(decoded.rejections().get(0).reason()).contains("exceeds");
    }

    @Test
    void rejectsAPayloadThatIsNotUtf8AndQuotesIt() {
        byte[] good = "{\"seq\": 1, \"ts\": \"2026-11-22T10:00:00Z\", \"probe\": \"chil?\", \"tempC\": 3.0}"
                .getBytes(StandardCharsets.UTF_8);
        int mark = new String(good, StandardCharsets.UTF_8).indexOf('?');
        good[mark] = (byte) 0xff;
        var decoded = decoder.decode("D", good, NOW);
        assertThat(decoded.readings()).isEmpty();
        assertThat(decoded.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).startsWith("malformed JSON").contains("UTF-8");
            assertThat(r.raw()).contains("\"seq\": 1").contains("\uFFFD");
        });
    }
}
