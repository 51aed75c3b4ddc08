package io.coldchain.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite's short form (what CI runs): the standalone gateway process on its own Mosquitto
 * and PostgreSQL, ten devices streaming with an excursion, through each fault in turn. Every
 * generated reading must end stored exactly once, no data gap may stay open after RESEND, the
 * excursion is announced once RAISED and once CLEARED, no probe is taken for silent, and the
 * gateway heals without a restart. The full form is {@code FaultSuite full} (docs/reliability.md).
 */
class FaultSuiteIT {

    @TempDir
    Path dir;

    @Test
    void everyFaultHealsWithoutLossOrDuplicateAlerts() throws Exception {
        List<FaultSuite.Result> results =
                new FaultSuite(FaultSuite.Options.small(), dir).runAll(List.of(FaultSuite.Fault.values()));
        System.out.println(FaultSuite.Result.header());
        results.forEach(r -> System.out.println(r.row()));
        assertThat(results).hasSize(FaultSuite.Fault.values().length);
        for (FaultSuite.Result r : results) {
            assertThat(r.failures()).as(r.fault().name()).isEmpty();
            assertThat(r.generated()).as(r.fault() + " generated").isPositive();
            assertThat(r.stored()).as(r.fault() + " stored").isEqualTo(r.generated());
        }
        FaultSuite.Result broker = results.stream()
                .filter(r -> r.fault() == FaultSuite.Fault.BROKER_RESTART)
                .findFirst()
                .orElseThrow();
        // the restart really cost the devices readings that only RESEND or their own buffer brought back
        assertThat(broker.failedPublishes() + broker.resendRequests()).isPositive();
    }
}
