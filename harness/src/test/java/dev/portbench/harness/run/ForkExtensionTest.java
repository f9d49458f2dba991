package dev.portbench.harness.run;

import dev.portbench.harness.plan.JmhSettings;
import dev.portbench.harness.worker.CellOutcome;
import dev.portbench.harness.worker.Timing;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The expected forks come from SciPy 1.17 ({@code t.ppf(0.9995, n - 1) / sqrt(n)}), searched n by n for the first
 * whose scaled half-width of the latency is within 0.05 / 1.05 (a 5 % half-width of tokens/s, which is
 * {@code r / (1 - r)} of the latency's {@code r}).
 */
class ForkExtensionTest {
    private static final JmhSettings NIGHTLY = new JmhSettings(Duration.ofSeconds(15), 4, Duration.ofSeconds(1), 10,
            100, 0.05);

    private static Timing timing(double meanMs, double errorMs, int forks, int iterations, String basis) {
        return new Timing(meanMs, errorMs, meanMs, meanMs, meanMs, 1000L, forks, iterations, basis, true, null, 1.0,
                true, null, 0.01, null, null);
    }

    private static CellOutcome outcome(Timing... timings) {
        Map<String, Timing> byName = new LinkedHashMap<>();
        String[] names = {CellOutcome.TTFT, CellOutcome.TPOT};
        for (int i = 0; i < timings.length; i++) {
            byName.put(timings.length == 1 ? CellOutcome.LATENCY : names[i], timings[i]);
        }
        return new CellOutcome("OK", "", "1.0", "cpu", 2, Map.of(), null, null, null, byName, null, null, null, null,
                null, null, null);
    }

    /** 10 % over ten fork means: 27 forks reach 4.718 % of the latency (26: 4.832 %), within 4.762 %. */
    @Test
    void forkMeansTenPercentApartNeedTwentySevenForksForFivePercent() {
        assertEquals(27, ForkExtension.forksFor(outcome(timing(10, 1.0, 10, 4, "between-forks")), NIGHTLY));
        JmhSettings cap = new JmhSettings(Duration.ofSeconds(15), 4, Duration.ofSeconds(1), 10, 20, 0.05);
        assertEquals(20, ForkExtension.forksFor(outcome(timing(10, 1.0, 10, 4, "between-forks")), cap), "the cap");
    }

    /** Pooled: every iteration mean counts; 6 % over 3 forks × 4 iterations reaches 4.068 % at 5 forks (4: 4.770 %). */
    @Test
    void pooledIntervalsCountEveryIterationMean() {
        JmhSettings three = new JmhSettings(Duration.ofSeconds(15), 4, Duration.ofSeconds(1), 3, 100, 0.05);
        assertEquals(5, ForkExtension.forksFor(outcome(timing(10, 0.6, 3, 4, "pooled")), three));
    }

    @Test
    void aCellAlreadyWithinTheTargetOrWithoutAnIntervalOverForksKeepsItsForks() {
        assertEquals(10, ForkExtension.forksFor(outcome(timing(10, 0.3, 10, 4, "between-forks")), NIGHTLY));
        assertEquals(10, ForkExtension.forksFor(outcome(timing(10, 3.0, 10, 4, "one-fork")), NIGHTLY));
        assertEquals(10, ForkExtension.forksFor(outcome(timing(10, 3.0, 10, 4, "none")), NIGHTLY));
        JmhSettings off = new JmhSettings(Duration.ofSeconds(15), 4, Duration.ofSeconds(1), 10);
        assertEquals(10, ForkExtension.forksFor(outcome(timing(10, 1.0, 10, 4, "between-forks")), off));
    }

    /** A decode cell gets what its wider timing needs: 7 % over ten forks needs 16 (15: 4.950 %; 16: 4.714 %). */
    @Test
    void aDecodeCellGetsTheForksItsWiderTimingNeeds() {
        CellOutcome decode = outcome(timing(5, 0.35, 10, 4, "between-forks"), timing(1, 0.1, 10, 4, "between-forks"));
        assertEquals(27, ForkExtension.forksFor(decode, NIGHTLY));
        assertEquals(16, ForkExtension.forksFor(outcome(timing(5, 0.35, 10, 4, "between-forks")), NIGHTLY));
    }

    /**
     * Judged again on all its forks: 27 fork means 1 ms apart (10 % of 10 ms; half-width t(26) / √27 = 0.7133 ms) need
     * 54 forks (53: 4.791 %; 54: 4.741 %); at 54 forks the same spread (0.4741 ms) needs no more than it ran.
     */
    @Test
    void aCellJudgedAgainOnAllItsForksGetsWhatTheirSpreadNeedsAndNoMoreOnceThere() {
        assertEquals(54, ForkExtension.forksFor(outcome(timing(10, 0.7133377626267187, 27, 4, "between-forks")),
                NIGHTLY));
        assertEquals(54, ForkExtension.forksFor(outcome(timing(10, 0.4740820386916066, 54, 4, "between-forks")),
                NIGHTLY));
    }

    /** An A/B's two versions of one cell get the same forks: the more the wider one needs. */
    @Test
    void cellsComparedWithEachOtherGetTheSameForks() {
        Map<String, List<CellOutcome>> planned = new LinkedHashMap<>();
        planned.put("dense-small prefill fp32", List.of(outcome(timing(10, 0.3, 10, 4, "between-forks")),
                outcome(timing(10, 1.0, 10, 4, "between-forks"))));
        planned.put("moe-small prefill fp32", List.of(outcome(timing(10, 0.3, 10, 4, "between-forks"))));
        assertEquals(Map.of("dense-small prefill fp32", 27, "moe-small prefill fp32", 10),
                ForkExtension.forGroups(planned, NIGHTLY));
    }

    @Test
    void theRowSaysHowManyForksItGotAndWhy() {
        assertEquals("", ForkExtension.note(10, NIGHTLY));
        String why = " which the forks' spread (judged after the planned ones and again at each number decided) said"
                + " tokens/s needs for a half-width within 5.0 % here or on another backend of this scenario, workload"
                + " and dtype";
        assertEquals("27 forks: 10 planned and 17 more," + why, ForkExtension.note(27, NIGHTLY));
        assertEquals("100 forks: 10 planned and 90 more," + why + " (max_forks 100: the most allowed, perhaps fewer"
                + " than needed)", ForkExtension.note(100, NIGHTLY));
    }

    /** A decision outlives the session: a resume keeps it even where its group's other cells are done. */
    @Test
    void aSavedDecisionIsReadBackAndOneOutOfRangeIsNot(@TempDir Path cellDir) throws IOException {
        assertEquals(OptionalInt.empty(), ForkExtension.saved(cellDir, NIGHTLY));
        ForkExtension.save(cellDir, 27);
        assertEquals(OptionalInt.of(27), ForkExtension.saved(cellDir, NIGHTLY));
        ForkExtension.save(cellDir, 500);
        assertEquals(OptionalInt.empty(), ForkExtension.saved(cellDir, NIGHTLY), "beyond max_forks 100");
        Files.writeString(cellDir.resolve("forks.txt"), "lots\n");
        assertEquals(OptionalInt.empty(), ForkExtension.saved(cellDir, NIGHTLY), "unreadable: decided again");
    }
}
