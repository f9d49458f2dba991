package dev.portbench.harness.plan;

import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.ScenarioCatalog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellOrderTest {
    private static final List<String> AB = List.of("onnxruntime-cpu@1.28.0", "onnxruntime-cpu@1.29.0");

    private static RunPlan plan() {
        ScenarioCatalog catalog = ScenarioCatalog.builtIn();
        Suite suite = new Suite("t", "", List.of(new SuiteEntry(List.of("dense-tiny", "moe-tiny"), List.of(),
                List.of(Dtype.FP32, Dtype.FP16))), List.of(),
                new JmhSettings(Duration.ZERO, 1, Duration.ofMillis(100), 1), Duration.ofMinutes(1));
        return RunPlan.of(suite, n -> catalog.find(n).orElseThrow(), AB, Map.of());
    }

    private static List<String> order(RunPlan plan) {
        return plan.cells().stream().map(Cell::name).toList();
    }

    @Test
    void theSameSeedGivesTheSameOrderAndNames() {
        assertEquals(order(CellOrder.shuffled(plan(), 42)), order(CellOrder.shuffled(plan(), 42)));
    }

    @Test
    void everyCellRunsOnceNumberedInRunOrderWithEachScenarioKeptTogether() {
        RunPlan plan = plan();
        RunPlan shuffled = CellOrder.shuffled(plan, 7);
        assertEquals(16, shuffled.size());
        Set<String> before = new HashSet<>();
        plan.cells().forEach(c -> before.add(c.scenario().name() + c.workload().name() + c.dtype() + c.backend()));
        Set<String> after = new HashSet<>();
        shuffled.cells().forEach(c -> after.add(c.scenario().name() + c.workload().name() + c.dtype() + c.backend()));
        assertEquals(before, after);
        for (int i = 0; i < shuffled.cells().size(); i++) {
            assertEquals(i + 1, shuffled.cells().get(i).index());
            assertEquals(16, shuffled.cells().get(i).total());
        }
        List<String> scenarioRuns = shuffled.cells().stream().map(c -> c.scenario().name()).distinct().toList();
        assertEquals(2, scenarioRuns.size(), "a scenario's cells are contiguous");
        assertEquals(shuffled.scenarios().stream().map(s -> s.name()).toList(), scenarioRuns,
                "scenarios run (and are prepared) in the shuffled order");
    }

    @Test
    void acrossSeedsNeitherVersionOfAnAbPairAlwaysRunsFirst() {
        int oldFirst = 0;
        int pairs = 0;
        for (long seed = 0; seed < 20; seed++) {
            List<Cell> cells = CellOrder.shuffled(plan(), seed).cells();
            for (Cell c : cells) {
                if (c.backend().equals(AB.get(0))) {
                    Cell partner = cells.stream().filter(o -> o.backend().equals(AB.get(1))
                            && o.scenario().name().equals(c.scenario().name())
                            && o.workload().name().equals(c.workload().name()) && o.dtype() == c.dtype())
                            .findFirst().orElseThrow();
                    pairs++;
                    oldFirst += c.index() < partner.index() ? 1 : 0;
                }
            }
        }
        assertEquals(160, pairs);
        assertTrue(oldFirst > 40 && oldFirst < 120, "1.28.0 ran first in " + oldFirst + " of 160 pairs");
    }

    @Test
    void roundOneKeepsThePlansOrderAndEveryLaterRoundIsAReproduciblePermutationOfItsOwn() {
        List<String> cells = order(CellOrder.shuffled(plan(), 3));
        assertEquals(cells, CellOrder.forRound(cells, 1, 99));
        Set<List<String>> orders = new HashSet<>();
        for (int round = 2; round <= 6; round++) {
            List<String> order = CellOrder.forRound(cells, round, 99);
            assertEquals(new HashSet<>(cells), new HashSet<>(order), "round " + round + " runs every cell");
            assertEquals(cells.size(), order.size(), "round " + round + " runs each cell once");
            assertEquals(order, CellOrder.forRound(cells, round, 99), "a resumed run rebuilds round " + round);
            orders.add(order);
        }
        assertTrue(orders.size() >= 4, "16 cells shuffled five times gave only " + orders.size() + " orders");
        assertTrue(!CellOrder.forRound(cells, 2, 99).equals(CellOrder.forRound(cells, 2, 100)),
                "another seed, another order");
    }
}
