package io.coldchain.routing.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchSummaryTest {

    @Test
    void namesTheClassOfSolomonAndGehringHombergerInstances() {
        assertThat(BenchSummary.classOf("R104")).isEqualTo("R1");
        assertThat(BenchSummary.classOf("RC208")).isEqualTo("RC2");
        assertThat(BenchSummary.classOf("C1_2_1")).isEqualTo("C1");
        assertThat(BenchSummary.classOf("rc2_2_1")).isEqualTo("RC2");
        assertThat(BenchSummary.classOf("demo-city")).isEqualTo("other");
    }

    @Test
    void countsMatchedFleetsAndAveragesTheGapOverThoseOnly() {
        BenchSummary summary = new BenchSummary();
        summary.add(new BenchSummary.Result("R101", "ours", 1, 19, 1650.80, true, 19, 1650.80));
        summary.add(new BenchSummary.Result("R102", "ours", 1, 17, 1501.0, true, 17, 1486.12));
        summary.add(new BenchSummary.Result("R103", "ours", 1, 14, 1200.0, true, 13, 1292.68));
        summary.add(new BenchSummary.Result("C101", "ours", 1, 10, 828.94, false, 10, 828.94));
        summary.add(new BenchSummary.Result("R101", "ours", 2, 19, 1660.0, true, 19, 1650.80));
        assertThat(summary.lines())
                .contains("summary,ours,1,all,4,2,0.50,1.00,R102")
                .contains("summary,ours,1,R1,3,2,0.50,1.00,R102")
                .contains("summary,ours,1,C1,1,0,NaN,NaN,")
                .contains("spread,ours,R101,2,19,19,0.00,0.56");
    }
}
