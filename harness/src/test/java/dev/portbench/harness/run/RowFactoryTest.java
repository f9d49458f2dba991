package dev.portbench.harness.run;

import dev.portbench.harness.measure.ForkOrderCheck;
import dev.portbench.harness.plan.Cell;
import dev.portbench.harness.worker.CellOutcome;
import dev.portbench.harness.worker.Timing;
import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.DriftMetrics;
import dev.portbench.results.ResultRow;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowFactoryTest {
    private final RunIdentity run = new RunIdentity("r1", "h", Instant.parse("2026-01-01T00:00:00Z"));
    private final Scenario denseSmall = ScenarioCatalog.builtIn().find("dense-small").orElseThrow();
    private final Cell prefill = new Cell(1, 2, denseSmall, denseSmall.workload("prefill").orElseThrow(), Dtype.FP32,
            "onnxruntime-cpu", Map.of());
    private final Cell decode = new Cell(2, 2, denseSmall, denseSmall.workload("decode").orElseThrow(), Dtype.FP16,
            "onnxruntime-cpu", Map.of());

    private static CellOutcome outcome(Map<String, Timing> timings) {
        return new CellOutcome("OK", "", "v", "cpu", 2, Map.of("a", "1"), 3L * 1024 * 1024, null, null, timings, 512.0,
                null, null, null, null, null, null);
    }

    private List<ResultRow> rows(Cell cell, CellStatus status, String reason, CellOutcome o,
                                 DriftMetrics.Drift prompt, DriftEvaluator.DecodeDrift steps) {
        return RowFactory.rows(run, "smoke", new RowFactory.CellResult(cell, run.started(), status, reason, o, prompt,
                steps, Duration.ofMillis(2500), "reference-fp64", HostMonitor.Verdict.UNKNOWN, null));
    }

    @Test
    void prefillTokensPerSecondComeFromTheSameMeanAsTheLatency() {
        // 100 ± 3 ms per forward of 1 × 128 tokens: 1280 tokens/s, error up to 128 / 0.097 − 1280
        Timing t = new Timing(100.0, 3.0, 99.0, 120.0, 150.0, 42L, 2, 5, "pooled", true, "", 1.5, true, 0, 0.01,
                null, null);
        List<ResultRow> rows = rows(prefill, CellStatus.OK, "", outcome(Map.of(CellOutcome.LATENCY, t)), null, null);
        assertEquals(1, rows.size());
        ResultRow r = rows.get(0);
        assertEquals(1280.0, r.decimal(Column.TOKENS_PER_S).getAsDouble(), 1e-9);
        assertEquals(128 / 0.097 - 1280, r.decimal(Column.TOKENS_PER_S_ERROR).getAsDouble(), 1e-5);
        double tokensPerForward = r.decimal(Column.TOKENS_PER_S).getAsDouble()
                * r.decimal(Column.LATENCY_MEAN_MS).getAsDouble() / 1000;
        assertEquals(128.0, tokensPerForward, 1e-9);
        assertEquals(99.0, r.decimal(Column.LATENCY_P50_MS).getAsDouble());
        assertEquals("true", r.text(Column.STEADY));
        assertEquals(1.5, r.decimal(Column.WARMUP_S).getAsDouble());
        assertEquals(2, r.integer(Column.FORKS).getAsLong());
        assertEquals(5, r.integer(Column.ITERATIONS).getAsLong());
        assertEquals("pooled", r.text(Column.INTERVAL_BASIS));
        assertEquals("", r.text(Column.REASON));
        assertEquals(3.0, r.decimal(Column.WEIGHTS_MB).getAsDouble());
        assertEquals(2.5, r.decimal(Column.CELL_WALL_S).getAsDouble());
        assertEquals("a=1", r.text(Column.BACKEND_OPTIONS));
        assertEquals(128, r.integer(Column.SEQ_LEN).getAsLong());
        assertEquals(0, r.integer(Column.NEW_TOKENS).getAsLong());
        assertEquals(4, r.integer(Column.LAYERS).getAsLong()); // dense-small's
        assertEquals("prefill", r.text(Column.WORKLOAD));
        assertEquals("fp32", r.text(Column.DTYPE));
        assertTrue(r.decimal(Column.REL_L2).isEmpty(), "no drift given, none written");
        assertTrue(r.decimal(Column.TTFT_MS).isEmpty() && r.decimal(Column.TPOT_MS).isEmpty());
    }

    @Test
    void aTrendAndAWarmupStoppedByItsCapAreSaidInTheReason() {
        Timing t = new Timing(100.0, 150.0, 99.0, 120.0, 150.0, 42L, 1, 8, "one-fork", false,
                "not steady: fork 1's measured iterations trend by -12.0%", 10.0, false, 6, null, null, null);
        ResultRow r = rows(prefill, CellStatus.OK, "", outcome(Map.of(CellOutcome.LATENCY, t)), null, null).get(0);
        assertEquals("false", r.text(Column.STEADY));
        assertEquals("not steady: fork 1's measured iterations trend by -12.0%; warm-up reached its cap after 10.0 s"
                + " with the JIT compilers still at work and the resident set still growing", r.text(Column.REASON));
        assertTrue(r.decimal(Column.TOKENS_PER_S_ERROR).isEmpty(), "an error as large as the mean bounds nothing");
    }

    @Test
    void aWarmupStoppedByItsCapInARunThatDidNotRecordWhySaysWhatItWaitsFor() {
        Timing t = new Timing(100.0, 3.0, 99.0, 120.0, 150.0, 42L, 1, 8, "one-fork", true, "", 10.0, false, null,
                null, null, null);
        ResultRow r = rows(prefill, CellStatus.OK, "", outcome(Map.of(CellOutcome.LATENCY, t)), null, null).get(0);
        assertEquals("warm-up reached its cap after 10.0 s before the time per call was steady with the JIT compilers"
                + " quiet and the resident set flat", r.text(Column.REASON));
    }

    /** A backend its probe refused never started a JVM: no wall time, rather than a measured-looking 0. */
    @Test
    void aCellThatNeverStartedHasNoWallTime() {
        ResultRow skipped = RowFactory.rows(run, "smoke", new RowFactory.CellResult(prefill, run.started(),
                CellStatus.SKIPPED, "no CUDA device", null, null, null, Duration.ZERO, "reference-fp64",
                HostMonitor.Verdict.UNKNOWN, null)).get(0);
        assertTrue(skipped.decimal(Column.CELL_WALL_S).isEmpty(), skipped.text(Column.CELL_WALL_S));
        ResultRow started = RowFactory.rows(run, "smoke", new RowFactory.CellResult(prefill, run.started(),
                CellStatus.SKIPPED, "bf16 unsupported", null, null, null, Duration.ofMillis(1500), "reference-fp64",
                HostMonitor.Verdict.UNKNOWN, null)).get(0);
        assertEquals(1.5, started.decimal(Column.CELL_WALL_S).getAsDouble());
    }

    /** A first pass the cap ended (the resident set growing), then a steady recheck: the row says both. */
    @Test
    void aCappedFirstPassBeforeASteadyRecheckIsSaidInTheReason() {
        Timing t = new Timing(100.0, 3.0, 99.0, 120.0, 150.0, 42L, 1, 8, "one-fork", true, "", 16.04, true, 4, null,
                null, null);
        ResultRow r = rows(prefill, CellStatus.OK, "", outcome(Map.of(CellOutcome.LATENCY, t)), null, null).get(0);
        assertEquals("warm-up's first pass reached its cap with the resident set still growing; its recheck then found"
                + " the calls settled (16.0 s in all)", r.text(Column.REASON));
        Timing fewWindows = new Timing(100.0, 3.0, 99.0, 120.0, 150.0, 42L, 1, 8, "one-fork", true, "", 32.0, false,
                8, null, null, null);
        assertEquals("warm-up reached its cap after 32.0 s with too few windows of 100 ms to judge whether it had"
                + " settled (it compares 10: a cap under 1 s, or calls longer than a tenth of the cap, leave fewer)",
                rows(prefill, CellStatus.OK, "", outcome(Map.of(CellOutcome.LATENCY, fewWindows)), null, null).get(0)
                        .text(Column.REASON));
    }

    @Test
    void forksThatFollowTheOrderTheyRanInAreSaidInTheReason() {
        Timing drifting = new Timing(100.0, 3.0, 99.0, 120.0, 150.0, 42L, 60, 4, "between-forks", true, "", 2.0, true,
                0, 0.01, 0.683658, 0.0001);
        ResultRow r = rows(prefill, CellStatus.OK, "", outcome(Map.of(CellOutcome.LATENCY, drifting)), null, null)
                .get(0);
        assertEquals(ForkOrderCheck.note(0.683658, 0.0001, 60), r.text(Column.REASON));
        assertTrue(r.text(Column.REASON).startsWith("the host's speed drifted over the run"), r.text(Column.REASON));
        Timing independent = new Timing(100.0, 3.0, 99.0, 120.0, 150.0, 42L, 33, 4, "between-forks", true, "", 2.0,
                true, 0, 0.01, 0.220347, 0.069);
        assertEquals("", rows(prefill, CellStatus.OK, "", outcome(Map.of(CellOutcome.LATENCY, independent)), null,
                null).get(0).text(Column.REASON));
    }

    @Test
    void jitCompilersAtWorkForATenthOfTheMeasuredTimeOrMoreAreSaidInTheReason() {
        Timing busy = new Timing(100.0, 3.0, 99.0, 120.0, 150.0, 42L, 1, 8, "one-fork", true, "", 2.0, true, 0, 0.104,
                null, null);
        ResultRow r = rows(prefill, CellStatus.OK, "", outcome(Map.of(CellOutcome.LATENCY, busy)), null, null).get(0);
        assertEquals("the JIT compiler threads ran for 10 % of the measured time (in the fork where they ran most):"
                + " where they share the cores with the calls, those calls ran slower meanwhile", r.text(Column.REASON));
        Timing quiet = new Timing(100.0, 3.0, 99.0, 120.0, 150.0, 42L, 1, 8, "one-fork", true, "", 2.0, true, 0,
                0.099, null, null);
        assertEquals("", rows(prefill, CellStatus.OK, "", outcome(Map.of(CellOutcome.LATENCY, quiet)), null, null)
                .get(0).text(Column.REASON));
    }

    @Test
    void decodeGivesAPrefillRowWithTtftAndADecodeRowWithTpot() {
        // ttft 20 ± 2 ms for 1 × 64 prompt tokens; tpot 5 ± 0.5 ms for 1 token per step
        CellOutcome o = outcome(Map.of(
                CellOutcome.TTFT, Timing.of(20.0, 2.0, 19.0, 25.0, 30.0, 100L),
                CellOutcome.TPOT, Timing.of(5.0, 0.5, 4.9, 6.0, 7.0, 400L)));
        DriftMetrics.Drift promptDrift = new DriftMetrics.Drift(1e-3, 2e-4, 0.99, 1e-6, 1.0, Double.NaN);
        DriftMetrics.Drift stepDrift = new DriftMetrics.Drift(2e-3, 3e-4, 0.98, 2e-6, 0.75, Double.NaN);
        List<ResultRow> rows = rows(decode, CellStatus.OK, "", o, promptDrift,
                new DriftEvaluator.DecodeDrift(stepDrift, 24));
        assertEquals(2, rows.size());
        ResultRow first = rows.get(0);
        ResultRow steps = rows.get(1);
        assertEquals("prefill", first.text(Column.PHASE));
        assertEquals("decode", steps.text(Column.PHASE));
        assertEquals("decode", first.text(Column.WORKLOAD));
        assertEquals(32, steps.integer(Column.NEW_TOKENS).getAsLong());

        assertEquals(20.0, first.decimal(Column.TTFT_MS).getAsDouble());
        assertEquals(2.0, first.decimal(Column.TTFT_MS_ERROR).getAsDouble());
        assertEquals(64 / 0.020, first.decimal(Column.TOKENS_PER_S).getAsDouble(), 1e-6);
        assertEquals(64 / 0.018 - 64 / 0.020, first.decimal(Column.TOKENS_PER_S_ERROR).getAsDouble(), 1e-6 * 400);
        assertEquals(19.0, first.decimal(Column.LATENCY_P50_MS).getAsDouble());
        assertTrue(first.decimal(Column.TPOT_MS).isEmpty());
        assertEquals(2e-4, first.decimal(Column.REL_L2).getAsDouble());
        assertTrue(first.integer(Column.TOKENS_TO_DIVERGENCE).isEmpty());

        assertEquals(5.0, steps.decimal(Column.TPOT_MS).getAsDouble());
        assertEquals(0.5, steps.decimal(Column.TPOT_MS_ERROR).getAsDouble());
        assertEquals(200.0, steps.decimal(Column.TOKENS_PER_S).getAsDouble(), 1e-9); // 1 token / 5 ms
        assertEquals(1 / 0.0045 - 200, steps.decimal(Column.TOKENS_PER_S_ERROR).getAsDouble(), 1e-6);
        assertEquals(4.9, steps.decimal(Column.LATENCY_P50_MS).getAsDouble());
        assertEquals(0.75, steps.decimal(Column.TOP1_AGREEMENT).getAsDouble());
        assertEquals(24, steps.integer(Column.TOKENS_TO_DIVERGENCE).getAsLong());
        assertEquals("reference-fp64", steps.text(Column.DRIFT_REFERENCE));
        assertEquals("fp16", steps.text(Column.DTYPE));
    }

    @Test
    void aBusyHostIsSaidOnMeasuredRowsOnly() {
        HostMonitor.Verdict busy = new HostMonitor.Verdict(true, "host busy: the hypervisor stole 40% of the CPU time"
                + " during the cell (threshold 10%)");
        Timing t = Timing.of(100.0, 3.0, 99.0, 120.0, 150.0, 42L);
        ResultRow ok = RowFactory.rows(run, "smoke", new RowFactory.CellResult(prefill, run.started(), CellStatus.OK,
                "no drift: fp64 oracle TIMEOUT", outcome(Map.of(CellOutcome.LATENCY, t)), null, null,
                Duration.ofSeconds(1), "reference-fp64", busy, null)).get(0);
        assertEquals("true", ok.text(Column.HOST_BUSY));
        assertEquals("no drift: fp64 oracle TIMEOUT; " + busy.reason(), ok.text(Column.REASON));
        ResultRow failed = RowFactory.rows(run, "smoke", new RowFactory.CellResult(prefill, run.started(),
                CellStatus.FAILED, "SIGSEGV", null, null, null, Duration.ofSeconds(1), "reference-fp64", busy, null)).get(0);
        assertTrue(failed.text(Column.HOST_BUSY).isEmpty(), "nothing was measured on the busy host");
        assertEquals("SIGSEGV", failed.text(Column.REASON));
        ResultRow quiet = RowFactory.rows(run, "smoke", new RowFactory.CellResult(prefill, run.started(),
                CellStatus.OK, "", outcome(Map.of(CellOutcome.LATENCY, t)), null, null, Duration.ofSeconds(1),
                "reference-fp64", new HostMonitor.Verdict(false, ""), null)).get(0);
        assertEquals("false", quiet.text(Column.HOST_BUSY));
        assertEquals("", quiet.text(Column.REASON));
    }

    @Test
    void aCellWithoutOutcomeStillNamesItsScenarioAndBackendInEveryPhaseRow() {
        List<ResultRow> rows = rows(decode, CellStatus.TIMEOUT, "killed", null, null, null);
        assertEquals(2, rows.size());
        for (ResultRow r : rows) {
            assertEquals("dense-small", r.text(Column.SCENARIO));
            assertEquals("onnxruntime-cpu", r.text(Column.BACKEND));
            assertEquals("killed", r.text(Column.REASON));
            assertEquals(CellStatus.TIMEOUT, r.status());
            assertTrue(r.decimal(Column.TOKENS_PER_S).isEmpty());
        }
    }

    @Test
    void hostNamesAreSafeForDirectoryNames() {
        assertEquals("lab_host_1", RunIdentity.sanitise("lab host/1"));
        assertEquals("unknown-host", RunIdentity.sanitise(""));
    }

    @Test
    void cellNamesAreNumberedAndUnique() {
        assertEquals("01-dense-small-prefill-fp32-onnxruntime-cpu", prefill.name());
        assertEquals("02-dense-small-decode-fp16-onnxruntime-cpu", decode.name());
    }

    /**
     * Telemetry and roofline from synthetic forks: 10 J over 2 s and 100 calls of 1 × 128 tokens; dense-small's timed
     * prefill (the last position's logits) is 939,786,240 − 2 · 127 · 256 · 2048 = 806,617,088 FLOPs and 14,558,208
     * bytes in fp32 (hand counts, see ForwardCostTest), 100 ms per call. A host row
     * is measured against the host's peaks, a GPU row against its backend's device peak (no bandwidth measured there).
     */
    @Test
    void energyPerTokenComesFromTheCallsAndTheRooflineFromTheRowsOwnDevice() {
        Timing t = Timing.of(100.0, 3.0, 99.0, 120.0, 150.0, 42L);
        Map<String, List<dev.portbench.harness.worker.ForkTelemetry>> telemetry = Map.of(CellOutcome.LATENCY,
                List.of(new dev.portbench.harness.worker.ForkTelemetry(6.0, 1.5, 60.0, 500.0, 3.0, null),
                        new dev.portbench.harness.worker.ForkTelemetry(4.0, 0.5, 40.0, 400.0, 5.0, null)));
        dev.portbench.harness.env.MachinePeak host = new dev.portbench.harness.env.MachinePeak(200.0, 100.0, 20.0, 2,
                2048, 256, "OpenBLAS", null);
        dev.portbench.harness.env.DevicePeak gpu = new dev.portbench.harness.env.DevicePeak("onnxruntime-cpu",
                "NVIDIA_GPU:0", "H100", "1.22.0", 4096, Map.of("fp32", 4, "fp16", 16),
                Map.of("fp32", 50_000.0, "fp16", 400_000.0),
                Map.of(), null);
        dev.portbench.harness.env.RunPeaks peaks = new dev.portbench.harness.env.RunPeaks(host,
                Map.of("onnxruntime-cpu", gpu));
        for (String target : List.of("NVIDIA_GPU:0", "HOST_CPU:0")) {
            CellOutcome o = new CellOutcome("OK", "", "v", "gpu", 2, Map.of(), null, null, null,
                    Map.of(CellOutcome.LATENCY, t), 512.0, null, "fp32", target, "nvml", "", telemetry);
            for (dev.portbench.harness.env.RunPeaks measured : java.util.Arrays.asList(peaks,
                    dev.portbench.harness.env.RunPeaks.hostOnly(host))) {
                ResultRow r = RowFactory.rows(run, "smoke", new RowFactory.CellResult(prefill, run.started(),
                        CellStatus.OK, "", o, null, null, Duration.ofSeconds(1), "reference-fp64",
                        HostMonitor.Verdict.UNKNOWN, measured)).get(0);
                assertEquals(5.0, r.decimal(Column.AVG_POWER_W).getAsDouble(), 1e-12, "10 J over 2 s");
                assertEquals(10.0 / 100 / 128, r.decimal(Column.ENERGY_J_PER_TOKEN).getAsDouble(), 1e-15);
                assertEquals("nvml", r.text(Column.ENERGY_SOURCE));
                assertEquals(500.0, r.decimal(Column.DEVICE_MEM_PEAK_MB).getAsDouble());
                assertEquals(5.0, r.decimal(Column.RSS_GROWTH_MB).getAsDouble());
                assertEquals(8.06617088, r.decimal(Column.ACHIEVED_GFLOPS).getAsDouble(), 1e-9);
                assertEquals(0.14558208, r.decimal(Column.ACHIEVED_GBPS).getAsDouble(), 1e-12);
                if (target.startsWith("HOST_CPU")) {
                    assertEquals(8.06617088 / 200, r.decimal(Column.PEAK_FRACTION).getAsDouble(), 1e-12);
                    assertEquals(0.14558208 / 20, r.decimal(Column.BW_FRACTION).getAsDouble(), 1e-12);
                } else if (measured == peaks) {
                    assertEquals(8.06617088 / 50_000, r.decimal(Column.PEAK_FRACTION).getAsDouble(), 1e-12,
                            "against the GPU's fp32 rate, not its fp16 one nor the host's");
                    assertTrue(r.decimal(Column.BW_FRACTION).isEmpty(), "no device bandwidth measured");
                } else {
                    assertTrue(r.decimal(Column.PEAK_FRACTION).isEmpty(), "the host's peak is not the GPU's");
                    assertTrue(r.decimal(Column.BW_FRACTION).isEmpty());
                }
            }
        }
    }

    /**
     * A decode cell's ttft and tpot forks are other JVMs: each row gets the peak resident set of its own benchmark's
     * forks (the largest over them), not the cell's 512 MiB; a benchmark recorded without it keeps the cell's.
     */
    @Test
    void eachDecodeRowHasThePeakResidentSetOfItsOwnBenchmarksJvms() {
        Map<String, List<dev.portbench.harness.worker.ForkTelemetry>> telemetry = Map.of(
                CellOutcome.TTFT, List.of(new dev.portbench.harness.worker.ForkTelemetry(null, null, null, null, 1.0,
                        444.4), new dev.portbench.harness.worker.ForkTelemetry(null, null, null, null, 1.0, 430.0)),
                CellOutcome.TPOT, List.of(new dev.portbench.harness.worker.ForkTelemetry(null, null, null, null, 1.0,
                        438.9)));
        CellOutcome o = new CellOutcome("OK", "", "v", "cpu", 2, Map.of(), null, null, null, Map.of(
                CellOutcome.TTFT, Timing.of(20.0, 2.0, 19.0, 25.0, 30.0, 100L),
                CellOutcome.TPOT, Timing.of(5.0, 0.5, 4.9, 6.0, 7.0, 400L)), 512.0, null, "fp32", "HOST_CPU:0", null,
                "", telemetry);
        List<ResultRow> rows = rows(decode, CellStatus.OK, "", o, null, null);
        assertEquals(444.4, rows.get(0).decimal(Column.PEAK_RSS_MB).getAsDouble(), "ttft's forks: the larger");
        assertEquals(438.9, rows.get(1).decimal(Column.PEAK_RSS_MB).getAsDouble(), "tpot's fork");

        CellOutcome older = new CellOutcome("OK", "", "v", "cpu", 2, Map.of(), null, null, null, Map.of(
                CellOutcome.TTFT, Timing.of(20.0, 2.0, 19.0, 25.0, 30.0, 100L),
                CellOutcome.TPOT, Timing.of(5.0, 0.5, 4.9, 6.0, 7.0, 400L)), 512.0, null, "fp32", "HOST_CPU:0", null,
                "", Map.of(CellOutcome.TTFT, List.of(new dev.portbench.harness.worker.ForkTelemetry(null, null, null,
                        null, 1.0, null))));
        for (ResultRow r : rows(decode, CellStatus.OK, "", older, null, null)) {
            assertEquals(512.0, r.decimal(Column.PEAK_RSS_MB).getAsDouble(), "recorded before: the cell's peak");
        }
    }

    @Test
    void aSourceWhoseForksReadNoEnergySaysSo() {
        Timing t = Timing.of(100.0, 3.0, 99.0, 120.0, 150.0, 42L);
        CellOutcome o = new CellOutcome("OK", "", "v", "cpu", 2, Map.of(), null, null, null,
                Map.of(CellOutcome.LATENCY, t), 512.0, null, "fp32", "HOST_CPU:0", "rapl", "",
                Map.of(CellOutcome.LATENCY, List.of(new dev.portbench.harness.worker.ForkTelemetry(null, null, null,
                        null, 1.0, null))));
        ResultRow r = RowFactory.rows(run, "smoke", new RowFactory.CellResult(prefill, run.started(), CellStatus.OK,
                "", o, null, null, Duration.ofSeconds(1), "reference-fp64", HostMonitor.Verdict.UNKNOWN, null)).get(0);
        assertTrue(r.decimal(Column.ENERGY_J_PER_TOKEN).isEmpty());
        assertTrue(r.text(Column.ENERGY_SOURCE).isEmpty());
        assertEquals("the benchmark's forks read no energy from rapl", r.text(Column.TELEMETRY_NOTE));
        assertTrue(r.decimal(Column.PEAK_FRACTION).isEmpty(), "no peak measured");
    }

    /**
     * A reference backend computes the naive form of multi-head latent attention whatever the scenario names for the
     * export, and records it (mla_form); its roofline counts that work: the same as on mla-small, which is naive.
     */
    @Test
    void theRooflineCountsTheFormOfLatentAttentionTheBackendComputed() {
        Scenario absorbed = ScenarioCatalog.builtIn().find("mla-small-absorbed").orElseThrow();
        Scenario naive = ScenarioCatalog.builtIn().find("mla-small").orElseThrow();
        dev.portbench.harness.env.RunPeaks peaks = dev.portbench.harness.env.RunPeaks.hostOnly(
                new dev.portbench.harness.env.MachinePeak(200.0, 100.0, 20.0, 2, 2048, 256, "OpenBLAS", null));
        java.util.function.BiFunction<Scenario, Map<String, String>, Double> gflops = (scenario, options) -> {
            Cell cell = new Cell(1, 1, scenario, scenario.workload("prefill").orElseThrow(), Dtype.FP32,
                    "reference-fp64", Map.of());
            CellOutcome o = new CellOutcome("OK", "", "v", "cpu", 2, options, null, null, null,
                    Map.of(CellOutcome.LATENCY, Timing.of(100.0, 3.0, 99.0, 120.0, 150.0, 42L)), 512.0, null,
                    "fp64", "HOST_CPU:0", null, "", Map.of());
            return RowFactory.rows(run, "smoke", new RowFactory.CellResult(cell, run.started(), CellStatus.OK, "", o,
                    null, null, Duration.ofSeconds(1), "reference-fp64", HostMonitor.Verdict.UNKNOWN, peaks)).get(0)
                    .decimal(Column.ACHIEVED_GFLOPS).getAsDouble();
        };
        double asComputed = gflops.apply(absorbed, Map.of(dev.portbench.harness.worker.CellWorker.MLA_FORM, "naive"));
        assertEquals(gflops.apply(naive, Map.of()), asComputed, 1e-9);
        double asNamed = gflops.apply(absorbed, Map.of());
        assertTrue(asNamed > asComputed * 1.05, "a prefill of the absorbed form counts more: " + asNamed + " against "
                + asComputed);
    }
}
