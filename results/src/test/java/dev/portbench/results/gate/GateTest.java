package dev.portbench.results.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.MeasurementCaveats;
import dev.portbench.results.ResultRow;
import dev.portbench.results.compare.BackendPairing;
import dev.portbench.results.compare.RunComparison;
import dev.portbench.results.runs.RunResults;
import dev.portbench.results.runs.SyntheticRun;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateTest {

    /** The shipped default's numbers, restated here so a change to either is noticed. */
    static final GatePolicy POLICY = new GatePolicy(0.05, Rule.WARN, 0.10, 0.0, Rule.FAIL, Rule.FAIL,
            Map.of("fp32", new DriftBudget(1e-5, 0.99999, 1e-6, 0.99, 0.99),
                    "fp16", new DriftBudget(5e-2, 0.999, 5e-3, 0.95, 0.95)),
            new DriftBudget(1e-1, 0.995, 1e-2, 0.9, 0.9));

    /** What an inconclusive message adds for rows without an interval over forks, as SyntheticRun's rows are. */
    private static final String NO_FORKS = "; a row records no interval over forks (interval_basis between-forks or"
            + " pooled, with its forks and iterations), so how many would decide cannot be said";

    @TempDir
    Path dir;

    private int runs;

    /** A run with a steady dense cell (±0.5%) and a noisy moe cell (±20%), each row changed by {@code edit}. */
    private RunResults run(UnaryOperator<ResultRow.Builder> dense, UnaryOperator<ResultRow.Builder> moe)
            throws IOException {
        return RunResults.load(SyntheticRun.at(dir.resolve("run" + runs++))
                .add(dense.apply(SyntheticRun.okRow("dense", "ort", 1000, 5)))
                .add(moe.apply(SyntheticRun.okRow("moe", "ort", 500, 100).set(Column.ROUTING_AGREEMENT, 1.0)))
                .write());
    }

    private RunResults honest() throws IOException {
        return run(UnaryOperator.identity(), UnaryOperator.identity());
    }

    private GateReport gate(RunResults baseline, RunResults candidate, GatePolicy policy) throws IOException {
        return Gate.evaluate(RunComparison.of(baseline, candidate, BackendPairing.SAME), policy, "test policy");
    }

    private static CheckResult result(GateReport report, String scenario, GateCheck check) {
        return report.results().stream().filter(r -> r.cell().scenario().equals(scenario) && r.check() == check)
                .findFirst().orElseThrow();
    }

    @Test
    void aRunComparedWithItselfPasses() throws IOException {
        RunResults run = honest();
        GateReport report = gate(run, run, POLICY);
        assertTrue(report.passed(), report.with(Outcome.FAIL).toString());
        assertEquals(14, report.results().size()); // 2 cells x 7 checks
        assertEquals(Outcome.PASS, result(report, "dense", GateCheck.THROUGHPUT).outcome());
        // ±20% cannot rule out a 5% drop: said, not hidden
        assertEquals(Outcome.WARN, result(report, "moe", GateCheck.THROUGHPUT).outcome());
        assertTrue(result(report, "moe", GateCheck.THROUGHPUT).message().startsWith("inconclusive"));
    }

    @Test
    void aPlantedTenPercentDropOnASteadyCellFailsAndNamesIt() throws IOException {
        GateReport report = gate(honest(), run(b -> b.set(Column.TOKENS_PER_S, 900.0), UnaryOperator.identity()),
                POLICY);
        assertFalse(report.passed());
        List<CheckResult> failures = report.with(Outcome.FAIL);
        assertEquals(1, failures.size(), failures.toString());
        CheckResult failure = failures.get(0);
        assertEquals("dense/prefill/prefill/fp32/ort", failure.cell().label());
        assertEquals(GateCheck.THROUGHPUT, failure.check());
        assertEquals("tokens/s 0.900x the baseline (range 0.891 to 0.910): a significant 10.0% drop, more than the "
                + "5.0% allowed", failure.message());
    }

    @Test
    void aVerdictOnRowsThatDoubtTheirOwnIntervalsNamesTheirDoubtsBesideIt() throws IOException {
        RunResults baseline = run(b -> b.set(Column.HOST_BUSY, "true"), UnaryOperator.identity());
        RunResults candidate = run(b -> b.set(Column.TOKENS_PER_S, 900.0).set(Column.STEADY, "false")
                .set(Column.REASON, MeasurementCaveats.HOST_DRIFTED + ": the fork means follow the order the forks"
                        + " ran in (lag-1 autocorrelation 0.58 over 60 forks; p = 0.0001 that forks in a random order"
                        + " would do so as much), and the interval, which takes the forks as independent, is likely"
                        + " too narrow"),
                m -> m.set(Column.STEADY, "true").set(Column.HOST_BUSY, "false"));
        CheckResult dense = result(gate(baseline, candidate, POLICY), "dense", GateCheck.THROUGHPUT);
        assertEquals(Outcome.FAIL, dense.outcome(), "the verdict stands on the intervals as recorded");
        assertEquals("tokens/s 0.900x the baseline (range 0.891 to 0.910): a significant 10.0% drop, more than the"
                + " 5.0% allowed; read with care: the baseline row (" + baseline.directory().resolve("results.csv")
                + ":2) was measured on a busy host (host_busy true); the candidate row ("
                + candidate.directory().resolve("results.csv") + ":2) had measured iterations that still trended"
                + " (steady false) and had fork means that followed the order its forks ran in: its interval is likely"
                + " too narrow", dense.message());
        CheckResult moe = result(gate(baseline, candidate, POLICY), "moe", GateCheck.THROUGHPUT);
        assertTrue(Gate.isInconclusive(moe), moe.message());
        assertFalse(moe.message().contains("read with care"), "steady rows on a quiet host: " + moe.message());
    }

    @Test
    void noiseBetweenHonestRunsDoesNotFail() throws IOException {
        // +-3% on the steady cell and -15% on the noisy one: neither is a significant drop over 5%
        GateReport report = gate(honest(), run(b -> b.set(Column.TOKENS_PER_S, 970.0).set(Column.PEAK_RSS_MB, 412.0),
                m -> m.set(Column.TOKENS_PER_S, 425.0)), POLICY);
        assertTrue(report.passed(), report.with(Outcome.FAIL).toString());
        assertEquals(Outcome.PASS, result(report, "dense", GateCheck.THROUGHPUT).outcome());
        assertEquals(Outcome.WARN, result(report, "moe", GateCheck.THROUGHPUT).outcome());
    }

    @Test
    void aSignificantDropWithinTheAllowanceAndAGainPass() throws IOException {
        GateReport small = gate(honest(), run(b -> b.set(Column.TOKENS_PER_S, 970.0), UnaryOperator.identity()),
                POLICY);
        assertEquals(Outcome.PASS, result(small, "dense", GateCheck.THROUGHPUT).outcome());
        GateReport gain = gate(honest(), run(b -> b.set(Column.TOKENS_PER_S, 1300.0), UnaryOperator.identity()),
                POLICY);
        assertEquals(Outcome.PASS, result(gain, "dense", GateCheck.THROUGHPUT).outcome());
    }

    /**
     * Baseline 1000 ± 5: 960 ± 25 gives the ratio 0.960 with the range 0.930 to 0.990, wholly below 1 yet reaching
     * 7 % below; 960 ± 40 gives 0.915 to 1.005. Neither rules out a drop over 5 %, so neither passes.
     */
    @Test
    void aSignificantSmallDropWhoseRangeReachesBelowTheFloorIsInconclusive() throws IOException {
        RunResults baseline = honest();
        GateReport narrow = gate(baseline, run(b -> b.set(Column.TOKENS_PER_S, 960.0)
                .set(Column.TOKENS_PER_S_ERROR, 25.0), UnaryOperator.identity()), POLICY);
        CheckResult below = result(narrow, "dense", GateCheck.THROUGHPUT);
        assertEquals(Outcome.WARN, below.outcome(), below.message());
        assertEquals("inconclusive: tokens/s 0.960x the baseline (range 0.930 to 0.990), wholly below 1 but reaching"
                + " below 0.950, so a drop over 5.0% cannot be told from noise; measure longer (--iterations, --time,"
                + " --forks)" + NO_FORKS, below.message());
        assertTrue(Gate.isInconclusive(below));

        GateReport wide = gate(baseline, run(b -> b.set(Column.TOKENS_PER_S, 960.0)
                .set(Column.TOKENS_PER_S_ERROR, 40.0), UnaryOperator.identity()), POLICY);
        CheckResult across = result(wide, "dense", GateCheck.THROUGHPUT);
        assertEquals(Outcome.WARN, across.outcome(), across.message());
        assertEquals("inconclusive: tokens/s 0.960x the baseline (range 0.915 to 1.005) reaches below 0.950 and above"
                + " 1, so a drop over 5.0% cannot be told from noise; measure longer (--iterations, --time, --forks)"
                + NO_FORKS, across.message());

        GatePolicy strict = new GatePolicy(0.05, Rule.FAIL, 0.10, 0.0, Rule.FAIL, Rule.FAIL, Map.of(),
                DriftBudget.NONE);
        GateReport failing = gate(baseline, run(b -> b.set(Column.TOKENS_PER_S, 960.0)
                .set(Column.TOKENS_PER_S_ERROR, 25.0), UnaryOperator.identity()), strict);
        assertEquals(Outcome.FAIL, result(failing, "dense", GateCheck.THROUGHPUT).outcome());
    }

    /**
     * The moe cell measured over ten fork means, 500 ± 100 in both runs: the ratio 1.000 ranges from 0.667 to 1.500,
     * and the message says how many forks would narrow it enough: 217 (SciPy, as in ForksToDecideTest: the low end
     * is 0.949949 at 216 forks and 0.950068 at 217).
     */
    @Test
    void anInconclusiveCheckOverForkMeansSaysHowManyForksWouldDecide() throws IOException {
        UnaryOperator<ResultRow.Builder> forks = b -> b.set(Column.FORKS, 10).set(Column.ITERATIONS, 4)
                .set(Column.INTERVAL_BASIS, "between-forks");
        GateReport report = gate(run(UnaryOperator.identity(), forks), run(UnaryOperator.identity(), forks), POLICY);
        CheckResult moe = result(report, "moe", GateCheck.THROUGHPUT);
        assertEquals(Outcome.WARN, moe.outcome(), moe.message());
        assertEquals("inconclusive: tokens/s 1.000x the baseline (range 0.667 to 1.500) reaches below 0.950 and above"
                + " 1, so a drop over 5.0% cannot be told from noise; about 217"
                + " forks in each run (10 and 10 now) would decide if the ratio and the spread the rows measured stayed"
                + " (--forks); longer iterations narrow an interval over fork means little", moe.message());
    }

    /** Baseline 1000 ± 5: 960 ± 4.75 has the range 0.9505 to 0.970, wholly at or above the floor 0.95: it passes. */
    @Test
    void aSignificantDropWhoseRangeStaysAtOrAboveTheFloorPasses() throws IOException {
        GateReport report = gate(honest(), run(b -> b.set(Column.TOKENS_PER_S, 960.0).set(Column.TOKENS_PER_S_ERROR,
                4.75), UnaryOperator.identity()), POLICY);
        CheckResult check = result(report, "dense", GateCheck.THROUGHPUT);
        assertEquals(Outcome.PASS, check.outcome(), check.message());
        assertEquals("tokens/s 0.960x the baseline (range 0.950 to 0.970): no drop over 5.0%", check.message());
    }

    @Test
    void theInconclusiveRuleCanFail() throws IOException {
        GatePolicy strict = new GatePolicy(0.05, Rule.FAIL, 0.10, 0.0, Rule.FAIL, Rule.FAIL, Map.of(),
                DriftBudget.NONE);
        RunResults run = honest();
        GateReport report = gate(run, run, strict);
        assertFalse(report.passed());
        assertEquals("moe", report.with(Outcome.FAIL).get(0).cell().scenario());
    }

    @Test
    void driftAboveItsDtypeBudgetFailsAndNamesTheMetric() throws IOException {
        GateReport report = gate(honest(), run(UnaryOperator.identity(), m -> m.set(Column.ROUTING_AGREEMENT, 0.9375)
                .set(Column.REL_L2, 3e-2)), POLICY);
        List<CheckResult> failures = report.with(Outcome.FAIL);
        assertEquals(1, failures.size(), failures.toString());
        assertEquals(GateCheck.DRIFT, failures.get(0).check());
        assertEquals("moe", failures.get(0).cell().scenario());
        assertTrue(failures.get(0).message().startsWith("rel_l2 0.03 > 1.00e-05, routing_agreement 0.9375 < 0.99 "
                + "vs oracle (fp32 budget, "), failures.get(0).message());
    }

    @Test
    void aStatusRegressionAndAMissingCellFail() throws IOException {
        RunResults baseline = honest();
        RunResults candidate = RunResults.load(SyntheticRun.at(dir.resolve("partial"))
                .add(SyntheticRun.okRow("dense", "ort", 1000, 5).set(Column.STATUS, CellStatus.TIMEOUT)
                        .set(Column.REASON, "cell exceeded 5m"))
                .write());
        GateReport report = gate(baseline, candidate, POLICY);
        assertEquals(Outcome.FAIL, result(report, "dense", GateCheck.STATUS).outcome());
        assertTrue(result(report, "dense", GateCheck.STATUS).message().startsWith("OK -> TIMEOUT ("));
        assertTrue(result(report, "dense", GateCheck.STATUS).message().endsWith("results.csv:2): cell exceeded 5m"));
        assertEquals(Outcome.SKIP, result(report, "dense", GateCheck.THROUGHPUT).outcome());
        assertEquals(Outcome.FAIL, result(report, "moe", GateCheck.PRESENCE).outcome());

        GatePolicy lenient = new GatePolicy(0.05, Rule.WARN, 0.10, 0.0, Rule.WARN, Rule.IGNORE, Map.of(),
                DriftBudget.NONE);
        GateReport relaxed = gate(baseline, candidate, lenient);
        assertTrue(relaxed.passed(), relaxed.with(Outcome.FAIL).toString());
        assertEquals(Outcome.WARN, result(relaxed, "dense", GateCheck.STATUS).outcome());
        assertEquals(Outcome.PASS, result(relaxed, "moe", GateCheck.PRESENCE).outcome());
    }

    @Test
    void memoryGrowthOverTheAllowanceFails() throws IOException {
        GateReport report = gate(honest(), run(b -> b.set(Column.PEAK_RSS_MB, 460.0), UnaryOperator.identity()),
                POLICY);
        CheckResult memory = result(report, "dense", GateCheck.MEMORY);
        assertEquals(Outcome.FAIL, memory.outcome());
        assertEquals("peak RSS 1.150x the baseline: grew 15.0%, more than the 10.0% allowed", memory.message());
    }
    @Test
    void anOkCellWithoutDriftFailsNamingTheCellAndTheRowsReason() throws IOException {
        String reason = "no drift: fp64 oracle TIMEOUT: cell exceeded its time limit of 1 s and was killed";
        RunResults candidate = run(b -> b.set(Column.MAX_ABS_ERR, "").set(Column.REL_L2, "").set(Column.COSINE, "")
                .set(Column.KL, "").set(Column.TOP1_AGREEMENT, "").set(Column.DRIFT_REFERENCE, "")
                .set(Column.REASON, reason), UnaryOperator.identity());
        // the default's budgets and none at all: missing evidence fails either way
        for (GatePolicy policy : List.of(POLICY, new GatePolicy(0.05, Rule.WARN, 0.10, 0.0, Rule.FAIL, Rule.FAIL,
                Map.of(), DriftBudget.NONE))) {
            GateReport report = gate(honest(), candidate, policy);
            assertFalse(report.passed());
            List<CheckResult> failures = report.with(Outcome.FAIL);
            assertEquals(1, failures.size(), failures.toString());
            assertEquals("dense/prefill/prefill/fp32/ort", failures.get(0).cell().label());
            assertEquals(GateCheck.DRIFT, failures.get(0).check());
            assertEquals("no drift recorded for an OK cell (max_abs_err, rel_l2, cosine, kl, top1_agreement empty in "
                    + candidate.directory().resolve("results.csv") + ":2): " + reason, failures.get(0).message());
        }
    }

    @Test
    void oneMissingMetricIsMissingEvidenceToo() throws IOException {
        GateReport report = gate(honest(), run(UnaryOperator.identity(), m -> m.set(Column.KL, "")), POLICY);
        CheckResult drift = result(report, "moe", GateCheck.DRIFT);
        assertEquals(Outcome.FAIL, drift.outcome());
        assertTrue(drift.message().startsWith("no drift recorded for an OK cell (kl empty in "), drift.message());
        assertTrue(drift.message().endsWith("): the row gives no reason"), drift.message());
    }

    @Test
    void nanDriftFailsWhateverTheBudgets() throws IOException {
        String reason = "non-finite outputs: logits.npy holds 1 NaN of 2048 values";
        RunResults candidate = run(UnaryOperator.identity(), m -> m.setDrift(Column.MAX_ABS_ERR, Double.NaN)
                .setDrift(Column.REL_L2, Double.NaN).setDrift(Column.COSINE, Double.NaN)
                .setDrift(Column.KL, Double.NaN).set(Column.TOP1_AGREEMENT, 0.875).set(Column.REASON, reason));
        for (GatePolicy policy : List.of(POLICY, new GatePolicy(0.05, Rule.WARN, 0.10, 0.0, Rule.FAIL, Rule.FAIL,
                Map.of(), DriftBudget.NONE))) {
            GateReport report = gate(honest(), candidate, policy);
            List<CheckResult> failures = report.with(Outcome.FAIL);
            assertEquals(1, failures.size(), failures.toString());
            assertEquals("moe/prefill/prefill/fp32/ort", failures.get(0).cell().label());
            assertEquals(GateCheck.DRIFT, failures.get(0).check());
            assertEquals("max_abs_err NaN, rel_l2 NaN, cosine NaN, kl NaN: the outputs are not finite, which fails "
                    + "whatever the budget (" + candidate.directory().resolve("results.csv") + ":3): " + reason,
                    failures.get(0).message());
        }
    }

    @Test
    void finiteDriftWithinBudgetPassesAndNamesEachBound() throws IOException {
        GateReport report = gate(honest(), honest(), POLICY);
        CheckResult dense = result(report, "dense", GateCheck.DRIFT);
        assertEquals(Outcome.PASS, dense.outcome());
        // SyntheticRun's drift: rel_l2 4e-7, cosine 1, kl 1e-13, top-1 1, no routing (dense)
        assertEquals("rel_l2 4.00e-07 <= 1.00e-05, cosine 1 >= 0.99999, kl 1.00e-13 <= 1.00e-06, "
                + "top1_agreement 1 >= 0.99 vs oracle", dense.message());
        assertEquals(Outcome.PASS, result(report, "moe", GateCheck.DRIFT).outcome());
    }

    @Test
    void finiteDriftWithoutABudgetIsSkippedNotFailed() throws IOException {
        GatePolicy none = new GatePolicy(0.05, Rule.WARN, 0.10, 0.0, Rule.FAIL, Rule.FAIL, Map.of(), DriftBudget.NONE);
        CheckResult drift = result(gate(honest(), honest(), none), "dense", GateCheck.DRIFT);
        assertEquals(Outcome.SKIP, drift.outcome());
        assertEquals("drift recorded, but the policy sets no budget for fp32", drift.message());
    }

    @Test
    void anAcceleratorBackendThatRunsNodesOnTheCpuFailsThePlacementCheckNamingTheOperators() throws IOException {
        RunResults baseline = honest();
        RunResults candidate = run(d -> d.set(Column.ACCEL_NODE_SHARE, 0.7).set(Column.FALLBACK_OPS, "TopK Cast"),
                m -> m.set(Column.ACCEL_NODE_SHARE, 1.0).set(Column.FALLBACK_OPS, ""));
        GateReport report = gate(baseline, candidate, POLICY);
        CheckResult dense = result(report, "dense", GateCheck.PLACEMENT);
        assertEquals(Outcome.FAIL, dense.outcome(), dense.message());
        assertTrue(dense.message().startsWith("30.0% of the graph's nodes ran on the CPU (TopK Cast), more than the"
                + " 0.0% allowed ("), dense.message());
        assertEquals(Outcome.PASS, result(report, "moe", GateCheck.PLACEMENT).outcome());
        assertFalse(report.passed());

        GatePolicy lenient = new GatePolicy(0.05, Rule.WARN, 0.10, 0.0, Rule.FAIL, Rule.FAIL, POLICY.drift(),
                POLICY.defaultDrift(), 0.3);
        assertEquals(Outcome.PASS, result(gate(baseline, candidate, lenient), "dense", GateCheck.PLACEMENT).outcome(),
                "30% is within a 30% bound");
        GatePolicy off = new GatePolicy(0.05, Rule.WARN, 0.10, 0.0, Rule.FAIL, Rule.FAIL, POLICY.drift(),
                POLICY.defaultDrift(), Double.NaN);
        CheckResult switchedOff = result(gate(baseline, candidate, off), "dense", GateCheck.PLACEMENT);
        assertEquals(Outcome.SKIP, switchedOff.outcome());
        assertTrue(switchedOff.message().contains("switches the placement check off"), switchedOff.message());
    }

    @Test
    void aCpuBackendHasNoAcceleratorShareAndSkipsThePlacementCheck() throws IOException {
        RunResults run = honest();
        CheckResult r = result(gate(run, run, POLICY), "dense", GateCheck.PLACEMENT);
        assertEquals(Outcome.SKIP, r.outcome());
        assertTrue(r.message().contains("no accelerator share recorded"), r.message());
    }

    private static UnaryOperator<ResultRow.Builder> settings(String options, int threads) {
        return b -> b.set(Column.BACKEND_OPTIONS, options).set(Column.THREADS, threads);
    }

    @Test
    void theSameOptionsAndThreadsPassTheSettingsCheck() throws IOException {
        String options = "provider=CPU;intra_op_threads=2;strict=false";
        GateReport report = gate(run(settings(options, 2), settings(options, 2)),
                run(settings(options, 2), settings(options, 2)), POLICY);
        CheckResult dense = result(report, "dense", GateCheck.SETTINGS);
        assertEquals(Outcome.PASS, dense.outcome(), dense.message());
        assertEquals("same backend options, threads, host and device", dense.message());
    }

    @Test
    void changedOptionsOrThreadsAreNamedOneByOneAndWarnByDefault() throws IOException {
        RunResults baseline = run(settings("provider=CPU;intra_op_threads=2;strict=false", 2),
                settings("provider=CPU;intra_op_threads=2", 2));
        RunResults candidate = run(settings("provider=CPU;intra_op_threads=1;strict=true;allow_spinning=false", 1),
                b -> settings("provider=CPU;intra_op_threads=2", 2).apply(b).set(Column.HOST, "lab2"));
        GateReport report = gate(baseline, candidate, POLICY);
        CheckResult dense = result(report, "dense", GateCheck.SETTINGS);
        assertEquals(Outcome.WARN, dense.outcome(), dense.message());
        assertEquals("intra_op_threads 2 -> 1, strict false -> true ("
                + candidate.directory().resolve("results.csv") + ":2): the throughput, memory and drift verdicts"
                + " include these changes, not only the versions; recorded by the candidate only:"
                + " allow_spinning=false", dense.message());
        CheckResult moe = result(report, "moe", GateCheck.SETTINGS);
        assertEquals(Outcome.WARN, moe.outcome());
        assertTrue(moe.message().startsWith("host lab1 -> lab2 ("), moe.message());
        assertTrue(report.passed(), "a warning passes");

        GatePolicy strict = new GatePolicy(0.05, Rule.WARN, 0.10, 0.0, Rule.FAIL, Rule.FAIL, POLICY.drift(),
                POLICY.defaultDrift(), 0.0, Rule.FAIL);
        GateReport failed = gate(baseline, candidate, strict);
        assertEquals(Outcome.FAIL, result(failed, "dense", GateCheck.SETTINGS).outcome());
        assertFalse(failed.passed());
    }

    @Test
    void anOptionANewerBuildRecordsOrTheRuntimesOwnVersionIsNoChangeOfSettings() throws IOException {
        // the candidate's build knows allow_spinning and records its default; the runtime's version is the upgrade
        RunResults baseline = run(settings("intra_op_threads=2;pytorch_version=2.7.1", 2),
                settings("intra_op_threads=2", 2));
        RunResults candidate = run(settings("intra_op_threads=2;allow_spinning=true;pytorch_version=2.8.0", 2),
                settings("intra_op_threads=2", 2));
        CheckResult dense = result(gate(baseline, candidate, POLICY), "dense", GateCheck.SETTINGS);
        assertEquals(Outcome.PASS, dense.outcome(), dense.message());
        assertEquals("same backend options, threads, host and device; recorded by the candidate only:"
                + " allow_spinning=true", dense.message());
    }

    @Test
    void theCardASchedulerHandedOutIsNoChangeOfSettingsButAnotherModelIs() throws IOException {
        // Slurm sets CUDA_VISIBLE_DEVICES to whichever GPU a night's job was given; the device column names the model
        UnaryOperator<ResultRow.Builder> gpu2 = b -> settings("device_id=0;visible_devices=2", 1).apply(b)
                .set(Column.DEVICE, "CUDA device 0 (NVIDIA H100, 8 on this host)");
        UnaryOperator<ResultRow.Builder> gpu5 = b -> settings("device_id=0;visible_devices=5", 1).apply(b)
                .set(Column.DEVICE, "CUDA device 0 (NVIDIA H100, 8 on this host)");
        UnaryOperator<ResultRow.Builder> otherModel = b -> settings("device_id=0;visible_devices=5", 1).apply(b)
                .set(Column.DEVICE, "CUDA device 0 (NVIDIA A100, 8 on this host)");
        GateReport report = gate(run(gpu2, gpu2), run(gpu5, otherModel), POLICY);
        CheckResult dense = result(report, "dense", GateCheck.SETTINGS);
        assertEquals(Outcome.PASS, dense.outcome(), dense.message());
        CheckResult moe = result(report, "moe", GateCheck.SETTINGS);
        assertEquals(Outcome.WARN, moe.outcome(), moe.message());
        assertTrue(moe.message().startsWith("device CUDA device 0 (NVIDIA H100, 8 on this host) -> CUDA device 0"
                + " (NVIDIA A100, 8 on this host) ("), moe.message());

        // two devices shown instead of one is how the cell's JVMs were started, not which card they got
        UnaryOperator<ResultRow.Builder> twoShown = b -> gpu5.apply(b).set(Column.BACKEND_OPTIONS,
                "device_id=0;visible_devices=5,6");
        CheckResult more = result(gate(run(gpu2, gpu2), run(twoShown, gpu5), POLICY), "dense", GateCheck.SETTINGS);
        assertEquals(Outcome.WARN, more.outcome(), more.message());
        assertTrue(more.message().startsWith("visible_devices 2 -> 5,6 ("), more.message());
    }

    @Test
    void aCellThatDidNotRunInBothIsNotComparedForSettings() throws IOException {
        RunResults baseline = run(settings("intra_op_threads=2", 2), settings("intra_op_threads=2", 2));
        RunResults candidate = run(b -> b.set(Column.STATUS, CellStatus.FAILED).set(Column.REASON, "crashed")
                .set(Column.THREADS, ""), settings("intra_op_threads=2", 2));
        CheckResult dense = result(gate(baseline, candidate, POLICY), "dense", GateCheck.SETTINGS);
        assertEquals(Outcome.SKIP, dense.outcome(), dense.message());
        assertEquals("cell not OK in both runs", dense.message());
    }

    @Test
    void twoVersionsOfOneBackendAreComparedButTwoBackendsAreNot() throws IOException {
        RunResults older = RunResults.load(SyntheticRun.at(dir.resolve("older"))
                .add(SyntheticRun.okRow("dense", "ort@1.28.0", 1000, 5).set(Column.BACKEND_OPTIONS, "strict=false"))
                .write());
        RunResults newer = RunResults.load(SyntheticRun.at(dir.resolve("newer"))
                .add(SyntheticRun.okRow("dense", "ort@1.29.0", 1000, 5).set(Column.BACKEND_OPTIONS, "strict=true"))
                .add(SyntheticRun.okRow("dense", "cuda", 1000, 5).set(Column.BACKEND_OPTIONS, "device_id=0"))
                .write());
        CheckResult versions = result(Gate.evaluate(RunComparison.of(older, newer,
                BackendPairing.of("ort@1.28.0", "ort@1.29.0")), POLICY, "test policy"), "dense", GateCheck.SETTINGS);
        assertEquals(Outcome.WARN, versions.outcome(), versions.message());
        assertTrue(versions.message().startsWith("strict false -> true ("), versions.message());

        CheckResult migration = result(Gate.evaluate(RunComparison.of(older, newer,
                BackendPairing.of("ort@1.28.0", "cuda")), POLICY, "test policy"), "dense", GateCheck.SETTINGS);
        assertEquals(Outcome.SKIP, migration.outcome());
        assertEquals("two backends (ort, cuda): their options differ by nature", migration.message());
    }
}
