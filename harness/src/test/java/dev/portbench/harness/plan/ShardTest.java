package dev.portbench.harness.plan;

import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.ScenarioCatalog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shards deal a plan's cells out by name: disjoint, complete, and the same whatever the run's shuffle. */
class ShardTest {
    private static RunPlan plan() {
        ScenarioCatalog catalog = ScenarioCatalog.builtIn();
        Suite suite = new Suite("t", "", List.of(new SuiteEntry(List.of("moe-tiny", "dense-tiny"), List.of(),
                List.of(Dtype.FP32, Dtype.FP16))), List.of(),
                new JmhSettings(Duration.ZERO, 1, Duration.ofMillis(100), 1), Duration.ofMinutes(1));
        return RunPlan.of(suite, n -> catalog.find(n).orElseThrow(), List.of("onnxruntime-cpu", "reference-fp64"),
                Map.of());
    }

    private static List<String> names(RunPlan plan) {
        return plan.cells().stream().map(Shard::name).toList();
    }

    @Test
    void theShardsHoldEveryCellOnceDealtOutByName() {
        RunPlan plan = plan(); // 2 scenarios × 2 workloads × 2 dtypes × 2 backends
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RunPlan part = new Shard(i, 3).select(plan);
            all.addAll(names(part));
            for (int c = 0; c < part.cells().size(); c++) { // numbered anew within the shard
                assertEquals(c + 1, part.cells().get(c).index());
                assertEquals(part.size(), part.cells().get(c).total());
            }
        }
        assertEquals(16, all.size());
        assertEquals(new HashSet<>(names(plan)), new HashSet<>(all));
        // sorted by name, dealt out in turn: the first shard holds the 1st, 4th, 7th ... names
        List<String> sorted = names(plan).stream().sorted().toList();
        assertEquals(List.of(sorted.get(0), sorted.get(3), sorted.get(6), sorted.get(9), sorted.get(12),
                sorted.get(15)), names(new Shard(0, 3).select(plan)).stream().sorted().toList());
    }

    @Test
    void aShardIsTheSameWhateverTheShuffle() {
        Set<String> a = new HashSet<>(names(new Shard(1, 2).select(CellOrder.shuffled(plan(), 1))));
        Set<String> b = new HashSet<>(names(new Shard(1, 2).select(CellOrder.shuffled(plan(), 99))));
        assertEquals(a, b);
        assertEquals(8, a.size());
    }

    @Test
    void badShardsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shard.parse("3/3")).getMessage()
                .startsWith("shard 3/3; expected INDEX/COUNT with 0 <= INDEX < COUNT"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shard.parse("a/2")).getMessage()
                .startsWith("--shard a/2; expected INDEX/COUNT"));
        assertEquals(new Shard(2, 4), Shard.parse("2/4"));
        assertEquals("2/4", new Shard(2, 4).toString());
    }
}
