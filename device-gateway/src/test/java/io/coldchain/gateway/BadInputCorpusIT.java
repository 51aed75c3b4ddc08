package io.coldchain.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.gateway.testing.TestMqtt;
import io.coldchain.gateway.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A corpus of every kind of bad input seen or feared, published through the real broker between
 * good readings: the gateway keeps storing the good ones, and every message that reaches it ends
 * stored, dead-lettered (with topic and reason) or counted as a duplicate, which the test checks by
 * counting.
 */
class BadInputCorpusIT {

    static final Instant BASE = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);

    /** A message of the corpus: where it goes, what it holds, and how many outcomes it must have. */
    record Entry(String device, byte[] payload, int units, String reasonPart) {
        static Entry of(String device, String payload, String reasonPart) {
            return new Entry(device, payload.getBytes(StandardCharsets.UTF_8), 1, reasonPart);
        }
    }

    TestMqtt.Endpoint mqtt;
    HikariDataSource dataSource;
    MqttClient device;
    Gateway gateway;

    @BeforeEach
    void setUp() throws Exception {
        mqtt = TestMqtt.endpoint();
        dataSource = TestPostgres.freshDatabase().pooled();
        device = new MqttClient(mqtt.url(), mqtt.clientId("device"), new MemoryPersistence());
        device.connect();
        TestMqtt.publish(
                device,
                mqtt.topics().deviceConfig("BAD-1"),
                """
                {"deviceId": "BAD-1", "reportingIntervalS": 60,
                 "probes": {"chilled": {"assetId": "BAD-1/CHILLED", "assetKind": "LOCKER_ZONE", "zone": "CHILLED"},
                            "frozen": {"assetId": "BAD-1/FROZEN", "assetKind": "LOCKER_ZONE", "zone": "FROZEN"}}}
                """
                        .getBytes(StandardCharsets.UTF_8),
                true);
        // a binding for a non-ASCII id is itself refused (the registry never holds one)
        TestMqtt.publish(
                device,
                mqtt.topics().root() + "/config/devices/K\u00fchlschrank-1",
                "{\"deviceId\":\"K\u00fchlschrank-1\",\"reportingIntervalS\":60,\"probes\":{}}"
                        .getBytes(StandardCharsets.UTF_8),
                true);
        String clientId = mqtt.clientId("gateway");
        gateway = Gateway.start(
                Gateway.Config.of(mqtt.url(), mqtt.topics(), clientId, "gw-" + clientId)
                        .withGapTimeout(Duration.ofSeconds(5)),
                dataSource);
    }

    @AfterEach
    void tearDown() throws Exception {
        gateway.close();
        for (String topic : List.of(
                mqtt.topics().deviceConfig("BAD-1"), mqtt.topics().root() + "/config/devices/K\u00fchlschrank-1")) {
            TestMqtt.publish(device, topic, new byte[0], true);
        }
        device.disconnect();
        device.close();
        dataSource.close();
    }

    static String reading(long seq, String probe, String temp) {
        return "{\"seq\": %d, \"ts\": \"%s\", \"probe\": \"%s\", \"tempC\": %s}"
                .formatted(seq, BASE.plusSeconds(seq % 3600), probe, temp);
    }

    static List<Entry> corpus() {
        List<Entry> c = new ArrayList<>();
        // seq overflow and friends: the reading that once stopped all monitoring
        c.add(Entry.of(
                "BAD-1",
                reading(0, "chilled", "3.0").replace("\"seq\": 0", "\"seq\": 9223372036854775808"),
                "does not fit in 64 bits"));
        c.add(Entry.of(
                "BAD-1",
                reading(0, "chilled", "3.0").replace("\"seq\": 0", "\"seq\": 18446744073709551616"),
                "does not fit in 64 bits"));
        c.add(Entry.of("BAD-1", reading(0, "chilled", "3.0").replace("\"seq\": 0", "\"seq\": -1"), "non-negative"));
        c.add(Entry.of("BAD-1", reading(0, "chilled", "3.0").replace("\"seq\": 0", "\"seq\": 1.5"), "non-negative"));
        // device ids that are not ids: non-ASCII (bound or not), punctuation, too long, empty
        c.add(Entry.of("K\u00fchlschrank-1", reading(1, "chilled", "3.0"), "not a valid id"));
        c.add(Entry.of("\u51b7\u8535\u5eab", reading(1, "chilled", "3.0"), "not a valid id"));
        c.add(Entry.of("dev!ce$%&()", reading(1, "chilled", "3.0"), "not a valid id"));
        c.add(Entry.of("dev ice", reading(1, "chilled", "3.0"), "not a valid id"));
        c.add(Entry.of("D".repeat(65), reading(1, "chilled", "3.0"), "not a valid id"));
        c.add(Entry.of("", reading(1, "chilled", "3.0"), "not a valid id"));
        // values
        c.add(Entry.of("BAD-1", reading(0, "chilled", "1e999"), "tempC"));
        c.add(Entry.of("BAD-1", reading(0, "chilled", "NaN"), "malformed JSON"));
        c.add(Entry.of("BAD-1", reading(0, "chilled", "-273.15"), "outside"));
        c.add(Entry.of(
                "BAD-1",
                reading(0, "chilled", "3").replace(BASE.toString().substring(0, 4), "0001"),
                "clock is not set"));
        c.add(Entry.of(
                "BAD-1",
                reading(0, "chilled", "3").replace(BASE.toString().substring(0, 4), "+99999"),
                "in the future"));
        c.add(Entry.of("BAD-1", reading(0, "chilled", "3").replace("\"ts\": \"", "\"ts\": \"yesterday "), "RFC 3339"));
        c.add(Entry.of("BAD-1", reading(0, "chil\\u0000led", "3.0"), "control characters"));
        c.add(Entry.of("BAD-1", reading(0, "chil\\u0007led", "3.0"), "control characters"));
        c.add(Entry.of("BAD-1", reading(0, "p".repeat(65), "3.0"), "control characters"));
        c.add(Entry.of("BAD-1", reading(0, "ambient", "3.0"), "has no probe"));
        c.add(Entry.of("BAD-1", reading(0, "", "3.0"), "control characters"));
        c.add(Entry.of("BAD-1", "{\"seq\": 5, \"ts\": \"x\u0000y\", \"tempC\": 3}", "malformed JSON"));
        // shapes
        c.add(Entry.of("BAD-1", "[".repeat(5000) + "]".repeat(5000), "malformed JSON"));
        c.add(Entry.of("BAD-1", "[]", "empty array"));
        c.add(Entry.of("BAD-1", "", "empty payload"));
        c.add(Entry.of("BAD-1", "42", "not a reading object"));
        c.add(new Entry("BAD-1", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, '{', '}'}, 1, "malformed JSON"));
        // an array of three, one good: each element has its own outcome
        c.add(new Entry(
                "BAD-1",
                ("[" + reading(9001, "chilled", "3.1") + ", 7, " + reading(9002, "frozen", "\"cold\"") + "]")
                        .getBytes(StandardCharsets.UTF_8),
                3,
                null));
        return c;
    }

    long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theGatewayKeepsStoringGoodReadingsAndAccountsForEveryMessage() throws Exception {
        List<Entry> corpus = corpus();
        int goodReadings = 0;
        int units = 0;
        int messages = 0;
        long seq = 1;
        for (Entry bad : corpus) {
            TestMqtt.publish(
                    device, mqtt.topics().root() + "/devices/" + bad.device() + "/telemetry", bad.payload(), false);
            String good = reading(seq++, seq % 2 == 0 ? "chilled" : "frozen", seq % 2 == 0 ? "3.0" : "-20.0");
            TestMqtt.publish(device, mqtt.topics().telemetry("BAD-1"), good.getBytes(StandardCharsets.UTF_8), false);
            goodReadings++;
            units += bad.units() + 1;
            messages += 2;
        }
        // a redelivered good reading counts as a duplicate
        TestMqtt.publish(
                device,
                mqtt.topics().telemetry("BAD-1"),
                reading(1, "frozen", "-20.0").getBytes(StandardCharsets.UTF_8),
                false);
        units++;
        messages++;
        int expectedUnits = units;
        int expectedMessages = messages;
        var m = gateway.metrics();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> m.readingsStored.get() + m.duplicates.get() + m.deadLetters.get() == expectedUnits);
        assertThat(m.messages.get()).isEqualTo(expectedMessages);
        assertThat(m.readingsStored.get()).isEqualTo(goodReadings + 1); // + the good element of the array
        assertThat(m.duplicates.get()).isEqualTo(1);
        assertThat(count("select count(*) from telemetry where device_id = 'BAD-1' and seq < 9000"))
                .isEqualTo(goodReadings);
        assertThat(count("select count(*) from dead_letter")).isEqualTo(m.deadLetters.get());
        assertThat(m.deadLetters.get()).isEqualTo(expectedUnits - goodReadings - 2);
        assertThat(count("select count(*) from dead_letter where topic is null or topic = '' or reason = ''"))
                .isZero();
        for (Entry bad : corpus) {
            if (bad.reasonPart() != null) {
                String topic = (mqtt.topics().root() + "/devices/" + bad.device() + "/telemetry").replace("'", "''");
                assertThat(count("select count(*) from dead_letter where topic = '" + topic + "' and reason like '%"
                                + bad.reasonPart() + "%'"))
                        .as("dead letter for %s on %s", bad.reasonPart(), bad.device())
                        .isPositive();
            }
        }
        assertThat(m.ruleFailures.get()).isZero();
    }

    @Test
    void aReadingTheStoreRefusesIsDeadLetteredAndTheRestOfItsBatchStored() throws Exception {
        // the store itself refuses one row (here a CHECK constraint): that row alone is dead-lettered
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            st.execute("alter table telemetry add constraint poison check (temp_c <> 13.37)");
        }
        StringBuilder batch = new StringBuilder("[");
        for (int i = 1; i <= 20; i++) {
            batch.append(i > 1 ? "," : "").append(reading(i, "chilled", i == 7 ? "13.37" : "3.0"));
        }
        TestMqtt.publish(
                device,
                mqtt.topics().telemetry("BAD-1"),
                batch.append(']').toString().getBytes(StandardCharsets.UTF_8),
                false);
        for (int i = 21; i <= 30; i++) {
            TestMqtt.publish(
                    device,
                    mqtt.topics().telemetry("BAD-1"),
                    reading(i, "chilled", i == 25 ? "13.37" : "3.0").getBytes(StandardCharsets.UTF_8),
                    false);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count("select count(*) from telemetry where device_id = 'BAD-1'") == 28);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> count("select count(*) from dead_letter where reason like '%store refused%'") == 2);
        assertThat(count("select count(*) from telemetry where seq in (7, 25)")).isZero();
    }
}
