package io.coldchain.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    static List<Pipeline.Message> batch(String... payloads) {
        return java.util.Arrays.stream(payloads)
                .map(p -> new Pipeline.Message("t/D1", "D1", p.getBytes(StandardCharsets.UTF_8)))
                .toList();
    }

    @Test
    void replaysBatchesOldestFirstAndSurvivesAReopen() {
        Spool spool = new Spool(dir, 1 << 20);
        assertThat(spool.append(batch("a", "b"))).isTrue();
        assertThat(spool.append(batch("c"))).isTrue();
        Spool reopened = new Spool(dir, 1 << 20);
        assertThat(reopened.batches()).isEqualTo(2);
        assertThat(new String(reopened.peek().orElseThrow().get(1).payload(), StandardCharsets.UTF_8))
                .isEqualTo("b");
        reopened.remove();
        assertThat(new String(reopened.peek().orElseThrow().get(0).payload(), StandardCharsets.UTF_8))
                .isEqualTo("c");
        reopened.remove();
        assertThat(reopened.isEmpty()).isTrue();
        assertThat(reopened.bytes()).isZero();
        assertThat(reopened.append(batch("d"))).isTrue();
        assertThat(new String(reopened.peek().orElseThrow().get(0).payload(), StandardCharsets.UTF_8))
                .isEqualTo("d");
    }

    @Test
    void refusesWhatDoesNotFit() {
        Spool spool = new Spool(dir, 200);
        assertThat(spool.append(batch("x".repeat(50)))).isTrue();
        assertThat(spool.append(batch("y".repeat(100)))).isFalse();
        assertThat(spool.batches()).isEqualTo(1);
    }
}
