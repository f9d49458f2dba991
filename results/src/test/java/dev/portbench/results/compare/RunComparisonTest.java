package dev.portbench.results.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.DriftMetrics;
import dev.portbench.results.ResultsFormatException;
import dev.portbench.results.runs.RunResults;
import dev.portbench.results.runs.SyntheticRun;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunComparisonTest {

    @TempDir
    Path dir;

    static final double[] A_LOGITS = {1, 2, 3, 4, 4, 3, 2, 1};
    static final double[] B_LOGITS = {1, 2, 3, 4.5, 4, 3, 2, 1.5};

    /** Baseline: dense and moe on ort, dense on ref, "gone" only here. */
    static Path baseline(Path root) throws IOException {
        return SyntheticRun.at(root)
                .add(SyntheticRun.okRow("dense", "ort", 1000, 10))
                .add(SyntheticRun.okRow("moe", "ort", 500, 100).set(Column.ROUTING_AGREEMENT, 1.0))
                .add(SyntheticRun.okRow("dense", "ref", 100, 1))
                .add(SyntheticRun.okRow("gone", "ort", 10, 1))
                .logits("dense", "ort", 4, A_LOGITS)
                .write();
    }

    /** Candidate: dense on ort 10% slower and 10% more RSS, moe within noise, dense on ref FAILED, "new" only here. */
    static Path candidate(Path root) throws IOException {
        return SyntheticRun.at(root)
                .add(SyntheticRun.okRow("dense", "ort", 900, 10).set(Column.PEAK_RSS_MB, 440.0)
                        .set(Column.REL_L2, 5e-7).set(Column.RUN_ID, "night-2"))
                .add(SyntheticRun.okRow("moe", "ort", 520, 100).set(Column.ROUTING_AGREEMENT, 0.75))
                .add(SyntheticRun.okRow("dense", "ref", 100, 1).set(Column.STATUS, CellStatus.FAILED)
                        .set(Column.REASON, "=HYPERLINK(\"http://evil\")").set(Column.TOKENS_PER_S, "")
                        .set(Column.TOKENS_PER_S_ERROR, ""))
                .add(SyntheticRun.okRow("new", "ort", 10, 1))
                .logits("dense", "ort", 4, B_LOGITS)
                .write();
    }

    private RunComparison comparison;

    private RunComparison compare() throws IOException {
        if (comparison != null) {
            return comparison;
        }
        return comparison = RunComparison.of(RunResults.load(baseline(dir.resolve("a"))),
                RunResults.load(candidate(dir.resolve("b"))), BackendPairing.SAME);
    }

    @Test
    void everyCellOfEitherRunIsListedBaselineOrderFirst() throws IOException {
        List<CellComparison> cells = compare().cells();
        assertEquals(List.of("dense/prefill/prefill/fp32/ort", "moe/prefill/prefill/fp32/ort",
                "dense/prefill/prefill/fp32/ref", "gone/prefill/prefill/fp32/ort", "new/prefill/prefill/fp32/ort"),
                cells.stream().map(c -> c.key().label()).toList());
        assertEquals(List.of(Presence.BOTH, Presence.BOTH, Presence.BOTH, Presence.BASELINE_ONLY,
                Presence.CANDIDATE_ONLY), cells.stream().map(CellComparison::presence).toList());
    }

    @Test
    void ratiosIntervalsAndVerdictsFollowTheRecordedErrors() throws IOException {
        List<CellComparison> cells = compare().cells();
        CellComparison dense = cells.get(0);
        assertEquals(0.9, dense.throughput().ratio(), 1e-12);
        assertEquals(890.0 / 1010.0, dense.throughput().low(), 1e-12);
        assertEquals(910.0 / 990.0, dense.throughput().high(), 1e-12);
        assertEquals(Verdict.SLOWER, dense.throughputVerdict());
        assertEquals(1.1, dense.ratio(Column.PEAK_RSS_MB), 1e-12);
        assertEquals(1.0, dense.ratio(Column.WEIGHTS_MB), 1e-12);
        assertEquals(1e-7, dense.delta(Column.REL_L2), 1e-18);
        // p50 is 8000 / tokens_per_s in the fixture: 1000/900 slower
        assertEquals(1000.0 / 900.0, dense.ratio(Column.LATENCY_P50_MS), 1e-9);

        CellComparison moe = cells.get(1);
        assertEquals(1.04, moe.throughput().ratio(), 1e-12);
        assertEquals(Verdict.NO_SIGNIFICANT_CHANGE, moe.throughputVerdict());
        assertEquals(-0.25, moe.delta(Column.ROUTING_AGREEMENT), 1e-12);

        CellComparison failed = cells.get(2);
        assertEquals("OK->FAILED", failed.statusChange());
        assertEquals(Verdict.NOT_MEASURED, failed.throughputVerdict());
        assertFalse(failed.outputDrift().computed());
    }

    @Test
    void aOnePassWorkloadsLatencyIsItsForwardPassAndADecodeWorkloadsPromptIsItsTtft() throws IOException {
        // 8 tokens per forward: 8 ms ± 2 ms is 1000 tokens/s, error 8 / 0.006 - 1000;
        // 10 ms ± 1 ms is 800 tokens/s, error 8 / 0.009 - 800
        RunResults a = RunResults.load(SyntheticRun.at(dir.resolve("one-pass-a"))
                .add(SyntheticRun.okRow("dense", "ort", 1000, 8 / 0.006 - 1000).set(Column.LATENCY_MEAN_MS, 8.0))
                .add(SyntheticRun.okRow("chat", "ort", 1000, 10).set(Column.WORKLOAD, "decode")
                        .set(Column.NEW_TOKENS, 16).set(Column.TTFT_MS, 8.0).set(Column.TTFT_MS_ERROR, 0.5))
                .write());
        RunResults b = RunResults.load(SyntheticRun.at(dir.resolve("one-pass-b"))
                .add(SyntheticRun.okRow("dense", "ort", 800, 8 / 0.009 - 800).set(Column.LATENCY_MEAN_MS, 10.0))
                .add(SyntheticRun.okRow("chat", "ort", 1000, 10).set(Column.WORKLOAD, "decode")
                        .set(Column.NEW_TOKENS, 16).set(Column.TTFT_MS, 12.0).set(Column.TTFT_MS_ERROR, 0.5))
                .write());
        List<CellComparison> cells = RunComparison.of(a, b, BackendPairing.SAME).cells();

        CellComparison prefill = cells.get(0);
        assertEquals(Column.LATENCY_MEAN_MS, prefill.latencyColumn());
        assertEquals(1.25, prefill.latency().ratio(), 1e-12);
        assertEquals((10.0 - 1) / (8 + 2), prefill.latency().low(), 1e-9);
        assertEquals((10.0 + 1) / (8 - 2), prefill.latency().high(), 1e-9);
        assertEquals(Verdict.NO_SIGNIFICANT_CHANGE, prefill.latencyVerdict());

        CellComparison chat = cells.get(1);
        assertEquals(Column.TTFT_MS, chat.latencyColumn());
        assertEquals(1.5, chat.latency().ratio(), 1e-12);
        assertEquals(11.5 / 8.5, chat.latency().low(), 1e-12);
        assertEquals(Verdict.SLOWER, chat.latencyVerdict());
    }

    @Test
    void crossRunOutputDriftComparesTheCandidatesSavedLogitsWithTheBaselines() throws IOException {
        OutputDrift drift = compare().cells().get(0).outputDrift();
        assertTrue(drift.computed(), drift.note());
        DriftMetrics.Drift expected = DriftMetrics.Drift.compute(B_LOGITS, A_LOGITS, 4, null, null, 0);
        assertEquals(0.5, drift.drift().maxAbsErr(), 1e-15);
        assertEquals(Math.sqrt(0.5) / Math.sqrt(60), drift.drift().relL2(), 1e-12); // |d|² = 0.25+0.25, |a|² = 60
        assertEquals(expected, drift.drift());
        assertEquals(1.0, drift.drift().top1Agreement()); // argmax unchanged in both rows

        RunComparison withoutOutputs = RunComparison.of(compare().baseline(), compare().candidate(),
                BackendPairing.SAME, false);
        assertEquals("saved outputs not compared", withoutOutputs.cells().get(0).outputDrift().note());
        assertEquals(compare().cells().get(0).throughput(), withoutOutputs.cells().get(0).throughput());

        OutputDrift missing = compare().cells().get(1).outputDrift();
        assertNull(missing.drift());
        assertTrue(missing.note().startsWith("no saved outputs at "), missing.note());
    }

    @Test
    void comparisonCsvMatchesTheGoldenFile() throws IOException {
        String csv = ComparisonCsv.of(compare()).render().replace(dir.toString(), "RUNS");
        String golden;
        try (InputStream in = getClass().getResourceAsStream("golden-comparison.csv")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(golden, csv);
        assertTrue(csv.contains("'=HYPERLINK"), "a formula in a reason is neutralised: " + csv);
    }

    @Test
    void aPairingComparesOneBackendWithAnotherInsideOneRun() throws IOException {
        RunResults run = RunResults.load(SyntheticRun.at(dir.resolve("ab"))
                .add(SyntheticRun.okRow("dense", "ort@1.28.0", 1000, 5))
                .add(SyntheticRun.okRow("dense", "ort@1.29.0", 1100, 5))
                .add(SyntheticRun.okRow("dense", "ref", 10, 1))
                .write());
        RunComparison ab = RunComparison.of(run, run, BackendPairing.of("ort@1.28.0", "ort@1.29.0"));
        assertEquals(1, ab.cells().size());
        CellComparison cell = ab.cells().get(0);
        assertEquals("ort@1.28.0", cell.baselineKey().backend());
        assertEquals("ort@1.29.0", cell.candidateKey().backend());
        assertEquals(1.1, cell.throughput().ratio(), 1e-12);
        assertEquals(Verdict.FASTER, cell.throughputVerdict());

        // a cell only the candidate backend ran names the baseline backend it pairs with, as the other way round
        RunResults more = RunResults.load(SyntheticRun.at(dir.resolve("ab2"))
                .add(SyntheticRun.okRow("dense", "ort@1.28.0", 1000, 5))
                .add(SyntheticRun.okRow("dense", "ort@1.29.0", 1100, 5))
                .add(SyntheticRun.okRow("moe", "ort@1.29.0", 700, 5))
                .write());
        CellComparison candidateOnly = RunComparison.of(more, more, BackendPairing.of("ort@1.28.0", "ort@1.29.0"))
                .cells().get(1);
        assertEquals(Presence.CANDIDATE_ONLY, candidateOnly.presence());
        assertEquals("ort@1.28.0", candidateOnly.baselineKey().backend());
        assertEquals("ort@1.29.0", candidateOnly.candidateKey().backend());

        ResultsFormatException unknown = assertThrows(ResultsFormatException.class,
                () -> RunComparison.of(run, run, BackendPairing.of("ort@1.27.0", "ort@1.29.0")));
        assertEquals(dir.resolve("ab/results.csv") + ": baseline backend ort@1.27.0 has no rows here; backends in "
                + "this file: [ort@1.28.0, ort@1.29.0, ref]", unknown.getMessage());
    }

    @Test
    void aDuplicatedCellIsRejectedWithBothLines() throws IOException {
        Path run = SyntheticRun.at(dir.resolve("dup")).add(SyntheticRun.okRow("dense", "ort", 1, 0))
                .add(SyntheticRun.okRow("moe", "ort", 1, 0)).add(SyntheticRun.okRow("dense", "ort", 2, 0)).write();
        ResultsFormatException e = assertThrows(ResultsFormatException.class, () -> RunResults.load(run));
        assertEquals(run.resolve("results.csv") + ":4: cell dense/prefill/prefill/fp32/ort already has a row at line 2; "
                + "expected one row per scenario, workload, phase, dtype and backend", e.getMessage());
    }

    @Test
    void aDirectoryWithoutResultsNamesTheFile() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        ResultsFormatException e = assertThrows(ResultsFormatException.class, () -> RunResults.load(empty));
        assertEquals(empty.resolve("results.csv") + ": no such file; expected a results.csv written by portbench",
                e.getMessage());
        ResultsFormatException none = assertThrows(ResultsFormatException.class,
                () -> RunResults.load(dir.resolve("nope")));
        assertTrue(none.getMessage().endsWith("nope: no such directory; expected a run directory holding results.csv"),
                none.getMessage());
    }
}
