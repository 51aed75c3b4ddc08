package io.coldchain.gateway.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TopicsTest {

    private final Topics topics = new Topics(Topics.DEFAULT_ROOT);

    @Test
    void namesTheContractsTopics() {
        assertThat(topics.telemetry("LB-0007")).isEqualTo("coldchain/v1/devices/LB-0007/telemetry");
        assertThat(topics.status("LB-0007")).isEqualTo("coldchain/v1/devices/LB-0007/status");
        assertThat(topics.deviceConfig("LB-0007")).isEqualTo("coldchain/v1/config/devices/LB-0007");
        assertThat(topics.lockerCommands("LB-0007")).isEqualTo("coldchain/v1/lockers/LB-0007/commands");
        assertThat(topics.lockerEvents("LB-0007")).isEqualTo("coldchain/v1/lockers/LB-0007/events");
        assertThat(topics.alerts()).isEqualTo("coldchain/v1/events/alerts");
        assertThat(topics.allDeviceConfigs()).isEqualTo("coldchain/v1/config/devices/+");
    }

    @Test
    void readsTheDeviceIdBackFromAConfigTopic() {
        assertThat(topics.deviceIdOfConfigTopic("coldchain/v1/config/devices/LB-0007"))
                .isEqualTo("LB-0007");
        assertThat(topics.deviceIdOfConfigTopic("other/v1/config/devices/LB-0007"))
                .isNull();
        assertThat(topics.deviceIdOfConfigTopic("coldchain/v1/config/devices/a/b"))
                .isNull();
    }

    @Test
    void refusesIdsThatWouldBreakTopicLevels() {
        assertThatThrownBy(() -> topics.telemetry("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> topics.telemetry("+")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> topics.telemetry("#")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> topics.telemetry("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Topics("root/")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Topics.isValidId("x".repeat(64))).isTrue();
        assertThat(Topics.isValidId("x".repeat(65))).isFalse();
    }

    @Test
    void theHandWrittenIdCheckAcceptsExactlyTheContractsPattern() {
        Pattern contract = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
        String alphabet = "aZ09_.:-/+# \u00e9\u0000\n";
        Random random = new Random(42);
        for (int n = 0; n < 200_000; n++) {
            int length = random.nextInt(4) == 0 ? 60 + random.nextInt(8) : random.nextInt(6);
            String pool = random.nextBoolean() ? "aZ09_.:-" : alphabet;
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < length; i++) {
                id.append(pool.charAt(random.nextInt(pool.length())));
            }
            String candidate = id.toString();
            assertThat(Topics.isValidId(candidate))
                    .as("'%s'", candidate)
                    .isEqualTo(contract.matcher(candidate).matches());
        }
        assertThat(Topics.isValidId(null)).isFalse();
    }

    @Test
    void aPrefixedRootKeepsTheContractBelowIt() {
        Topics prefixed = new Topics("it-1234/" + Topics.DEFAULT_ROOT);
        assertThat(prefixed.telemetry("D1")).isEqualTo("it-1234/coldchain/v1/devices/D1/telemetry");
    }
}
