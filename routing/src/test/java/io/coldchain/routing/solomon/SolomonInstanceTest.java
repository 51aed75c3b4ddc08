package io.coldchain.routing.solomon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coldchain.routing.vrp.FeasibilityChecker;
import io.coldchain.routing.vrp.SolverMonitor;
import io.coldchain.routing.vrp.SolverOptions;
import io.coldchain.routing.vrp.VrpSolution;
import io.coldchain.routing.vrp.VrpSolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the shared Solomon instances (skipped with a message when ../shared is absent). */
class SolomonInstanceTest {

    static final Path DATA = Path.of("../../shared/data/solomon");

    @Test
    void readsC101() throws Exception {
        assumeTrue(Files.isDirectory(DATA), "../shared/data/solomon is absent: Solomon tests skipped");
        SolomonInstance c101 = SolomonInstance.read(DATA.resolve("C101.txt"));
        assertThat(c101.customers()).isEqualTo(100);
        assertThat(c101.vehicles()).isEqualTo(25);
        assertThat(c101.capacity()).isEqualTo(200);
        assertThat(c101.due()[0]).isEqualTo(1236);
        assertThat(c101.service()[1]).isEqualTo(90);
        assertThat(c101.distance(0, 1)).isEqualTo(Math.hypot(5, 18));
    }

    @Test
    void solvesR101FeasiblyWithinTheFleet() throws Exception {
        assumeTrue(Files.isDirectory(DATA), "../shared/data/solomon is absent: Solomon tests skipped");
        SolomonInstance r101 = SolomonInstance.read(DATA.resolve("R101.txt"));
        var problem = r101.toProblem();
        VrpSolution solution =
                new VrpSolver().solve(problem, SolverOptions.iterationLimited(1, 20_000), SolverMonitor.NONE);
        assertThat(solution.unassignedJobIds()).isEmpty();
        assertThat(new FeasibilityChecker(problem).check(solution)).isEmpty();
        // BKS is 19 vehicles: a short run lands near it
        assertThat(solution.vehicles()).isLessThanOrEqualTo(21);
    }

    @Test
    void readsTheLkhLayoutAsTheSameInstanceAsSolomonsOwn(@TempDir Path dir) throws Exception {
        Path solomon = Files.writeString(
                dir.resolve("T1.txt"),
                String.join(
                        "\n",
                        "T1",
                        "",
                        "VEHICLE",
                        "NUMBER     CAPACITY",
                        "  3         50",
                        "",
                        "CUSTOMER",
                        "CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE TIME",
                        " ",
                        "    0      10         10          0          0        500          0",
                        "    1      13         14          7         20         80         10",
                        "    2       4          2         20        100        160         10",
                        "    3      10         30          9          0        400         10",
                        ""));
        // the depot is node 2 here, listed second: it must come out as customer 0 all the same
        Path lkh = Files.writeString(
                dir.resolve("T1.100.3.vrptw"),
                String.join(
                        "\n",
                        "NAME : T1",
                        "TYPE : CVRPTW",
                        "DIMENSION : 4",
                        "VEHICLES : 3",
                        "CAPACITY : 50",
                        "SERVICE_TIME : 10",
                        "EDGE_WEIGHT_TYPE : EXACT_2D",
                        "NODE_COORD_SECTION",
                        "1 13 14",
                        "2 10 10",
                        "3 4 2",
                        "4 10 30",
                        "DEMAND_SECTION",
                        "1 7",
                        "2 0",
                        "3 20",
                        "4 9",
                        "TIME_WINDOW_SECTION",
                        "1 20 80",
                        "2 0 500",
                        "3 100 160",
                        "4 0 400",
                        "DEPOT_SECTION",
                        "2",
                        "-1",
                        "EOF",
                        ""));
        SolomonInstance a = SolomonInstance.read(solomon);
        SolomonInstance b = SolomonInstance.read(lkh);
        assertThat(b.name()).isEqualTo("T1");
        assertThat(b.vehicles()).isEqualTo(a.vehicles());
        assertThat(b.capacity()).isEqualTo(a.capacity());
        // LKH lists the depot's neighbours in node order: 1 (13,14), 3 (4,2), 4 (10,30)
        assertThat(b.x()).containsExactly(a.x());
        assertThat(b.y()).containsExactly(a.y());
        assertThat(b.demand()).containsExactly(a.demand());
        assertThat(b.ready()).containsExactly(a.ready());
        assertThat(b.due()).containsExactly(a.due());
        assertThat(b.service()).containsExactly(a.service());
    }

    @Test
    void anLkhFileWithMissingRowsIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path lkh = Files.writeString(
                dir.resolve("bad.vrptw"),
                String.join(
                        "\n",
                        "NAME : bad",
                        "DIMENSION : 3",
                        "CAPACITY : 50",
                        "NODE_COORD_SECTION",
                        "1 0 0",
                        "2 1 1",
                        "3 2 2",
                        "DEMAND_SECTION",
                        "1 0",
                        "2 1",
                        "TIME_WINDOW_SECTION",
                        "1 0 9",
                        "2 0 9",
                        "3 0 9",
                        "DEPOT_SECTION",
                        "1",
                        "-1",
                        "EOF"));
        assertThatThrownBy(() -> SolomonInstance.read(lkh))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("DEMAND_SECTION has 2 rows, DIMENSION says 3");
    }
}
