package dev.portbench.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portbench.harness.run.RunLayout;
import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.Npy;
import dev.portbench.results.NpyArray;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.Phase;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.TensorSpec;
import dev.portbench.scenarios.WeightLayout;
import dev.portbench.scenarios.catalog.ScenarioYaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One real run of the tiny scenarios on the three CPU backends, each cell in its own JVM under JMH; the assertions
 * recompute the row's numbers from the files the run left (JMH's JSON, the saved outputs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunCommandEndToEndTest {
    @TempDir
    static Path tmp;

    private Path runDir;
    private CliRunner result;
    private List<ResultRow> rows;

    @BeforeAll
    void runTinySuite() throws IOException {
        runDir = tmp.resolve("run");
        result = CliRunner.run("run", "--scenarios", "dense-tiny,moe-tiny", "--dtypes", "fp32,fp16",
                "--backends", "onnxruntime-cpu,reference-fp64",
                "--warmup-max", "0s", "--iterations", "3", "--time", "100ms", "--out", runDir.toString());
        rows = ResultsCsvReader.read(runDir.resolve("results.csv"));
    }

    @Test
    void everyCellRunsExceptTheOraclesFp16CellsWhichAreSkippedWithAReason() {
        assertEquals(0, result.exitCode(), result.err());
        // per scenario: prefill 2 dtypes × 2 backends = 4 rows; decode 4 cells × 2 phases = 8 rows
        assertEquals(24, rows.size());
        for (ResultRow r : rows) {
            boolean skipped = r.text(Column.BACKEND).equals("reference-fp64") && r.text(Column.DTYPE).equals("fp16");
            assertEquals(skipped ? CellStatus.SKIPPED : CellStatus.OK, r.status(), describe(r));
            if (skipped) {
                assertTrue(r.text(Column.REASON).contains("dtype fp16"), r.text(Column.REASON));
            }
        }
        assertTrue(result.out().contains("[16/16] "), result.out());
        assertTrue(result.out().contains("] moe-tiny decode fp16 × reference-fp64 ... SKIPPED"), result.out());
    }

    @Test
    void ortMatchesTheOracleInFp32InEveryPhase() {
        for (String scenario : List.of("dense-tiny", "moe-tiny")) {
            for (ResultRow r : rows(scenario, "fp32", "onnxruntime-cpu")) {
                assertTrue(r.decimal(Column.REL_L2).getAsDouble() < 1e-5, describe(r));
                assertEquals(1.0, r.decimal(Column.TOP1_AGREEMENT).getAsDouble(), describe(r));
                assertEquals("reference-fp64", r.text(Column.DRIFT_REFERENCE));
                assertTrue(r.text(Column.RUNTIME_VERSION).startsWith("onnxruntime 1."), r.text(Column.RUNTIME_VERSION));
                assertTrue(r.text(Column.BACKEND_OPTIONS).contains("intra_op_threads="), r.text(Column.BACKEND_OPTIONS));
                // the MoE export choice is part of how an ONNX backend ran the model; a dense model has none
                assertEquals(scenario.equals("moe-tiny"), r.text(Column.BACKEND_OPTIONS).contains("moe_op=loop"),
                        r.text(Column.BACKEND_OPTIONS));
            }
            ResultRow steps = row(scenario, "decode", "decode", "fp32", "onnxruntime-cpu");
            assertEquals(8, steps.integer(Column.TOKENS_TO_DIVERGENCE).getAsLong(), "tiny decode: 8 new tokens");
        }
        assertEquals(1.0, row("moe-tiny", "prefill", "prefill", "fp32", "onnxruntime-cpu")
                .decimal(Column.ROUTING_AGREEMENT).getAsDouble());
        assertTrue(row("dense-tiny", "prefill", "prefill", "fp32", "onnxruntime-cpu")
                .decimal(Column.ROUTING_AGREEMENT).isEmpty(), "routing agreement is for MoE models only");
    }

    @Test
    void fp16DriftsMoreThanFp32() {
        for (String scenario : List.of("dense-tiny", "moe-tiny")) {
            double fp32 = row(scenario, "prefill", "prefill", "fp32", "onnxruntime-cpu").decimal(Column.REL_L2)
                    .getAsDouble();
            double fp16 = row(scenario, "prefill", "prefill", "fp16", "onnxruntime-cpu").decimal(Column.REL_L2)
                    .getAsDouble();
            assertTrue(fp16 > 10 * fp32 && fp16 < 5e-2, scenario + ": fp16 " + fp16 + " vs fp32 " + fp32);
        }
    }

    @Test
    void theOracleBackendHasNoDriftAgainstItself() {
        for (ResultRow r : rows("moe-tiny", "fp32", "reference-fp64")) {
            assertEquals(0.0, r.decimal(Column.REL_L2).getAsDouble(), describe(r));
            assertEquals(0.0, r.decimal(Column.MAX_ABS_ERR).getAsDouble());
            // the cell JVMs start with the vector module, so the oracle runs its vector kernel
            String options = r.text(Column.BACKEND_OPTIONS);
            assertFalse(options.contains("moe_op"), "the oracle runs the definition, not an export: " + options);
            assertTrue(options.matches("precision=fp64;threads=" + Runtime.getRuntime().availableProcessors()
                    + ";matmul=vector-(128|256|512)-(6x4|4x3)"), options);
        }
    }

    @Test
    void relL2InTheRowIsRecomputableFromTheSavedOutputs() throws IOException {
        RunLayout layout = new RunLayout(runDir);
        for (ResultRow r : rows) {
            if (r.status() != CellStatus.OK) {
                continue;
            }
            String scenario = r.text(Column.SCENARIO);
            String workload = r.text(Column.WORKLOAD);
            Path oracleDir = layout.oracleOutputs(scenario, workload);
            Path cellDir = layout.outputs(scenario, workload, Dtype.fromId(r.text(Column.DTYPE)), r.text(Column.BACKEND));
            boolean steps = r.text(Column.PHASE).equals("decode");
            NpyArray oracle = Npy.read(steps ? RunLayout.stepLogits(oracleDir) : RunLayout.logits(oracleDir));
            NpyArray cell = Npy.read(steps ? RunLayout.stepLogits(cellDir) : RunLayout.logits(cellDir));
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < oracle.floats().length; i++) {
                double d = cell.floats()[i] - oracle.floats()[i];
                diff += d * d;
                norm += oracle.floats()[i] * oracle.floats()[i];
            }
            double expected = Math.sqrt(diff / norm);
            assertEquals(expected, r.decimal(Column.REL_L2).getAsDouble(), 1e-8 * expected + 1e-300, describe(r));
        }
    }

    /**
     * Per fork, the mean of each measured iteration, recomputed from the samples JMH's JSON records for sample-time
     * benchmarks: rawDataHistogram[fork][iteration] = [[value, count], ...].
     */
    private static double[][] iterationMeans(JsonNode bench) {
        JsonNode raw = bench.get("primaryMetric").get("rawDataHistogram");
        double[][] out = new double[raw.size()][];
        for (int f = 0; f < raw.size(); f++) {
            out[f] = new double[raw.get(f).size()];
            for (int i = 0; i < out[f].length; i++) {
                double sum = 0;
                long n = 0;
                for (JsonNode bucket : raw.get(f).get(i)) {
                    sum += bucket.get(0).asDouble() * bucket.get(1).asLong();
                    n += bucket.get(1).asLong();
                }
                out[f][i] = sum / n;
            }
        }
        return out;
    }

    private JsonNode benchmark(String cell, String method) throws IOException {
        for (JsonNode bench : jmhJson(cell)) {
            if (bench.get("benchmark").asText().endsWith("." + method)) {
                assertEquals("sample", bench.get("mode").asText(), "every benchmark is sample-time");
                return bench;
            }
        }
        throw new AssertionError(cell + " has no benchmark " + method);
    }

    @Test
    void latencyAndItsIntervalComeFromJmhsIterationMeans() throws IOException {
        ResultRow r = row("moe-tiny", "prefill", "prefill", "fp32", "onnxruntime-cpu");
        JsonNode bench = benchmark("moe-tiny-prefill-fp32-onnxruntime-cpu", "latency");
        double[] iterations = iterationMeans(bench)[0];
        assertEquals(1, iterationMeans(bench).length, "one fork");
        assertEquals(3, iterations.length, "three measured iterations");
        double mean = (iterations[0] + iterations[1] + iterations[2]) / 3;
        double var = 0;
        for (double v : iterations) {
            var += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(var / 2);
        double t999With2Df = 31.5991; // Student t, 0.9995 quantile, 2 degrees of freedom (tables)
        assertEquals(mean, r.decimal(Column.LATENCY_MEAN_MS).getAsDouble(), 1e-6 * mean);
        double halfWidthMs = t999With2Df * sd / Math.sqrt(3);
        double tokens = 2 * 16; // moe-tiny prefill: batch 2 × seq 16
        double expectedError = halfWidthMs < mean ? tokens / ((mean - halfWidthMs) / 1000) - tokens / (mean / 1000)
                : Double.NaN;
        if (Double.isNaN(expectedError)) {
            assertTrue(r.decimal(Column.TOKENS_PER_S_ERROR).isEmpty(), "an interval reaching zero bounds nothing");
        } else {
            assertEquals(expectedError, r.decimal(Column.TOKENS_PER_S_ERROR).getAsDouble(), 1e-4 * expectedError);
        }
        assertEquals("one-fork", r.text(Column.INTERVAL_BASIS));
        assertEquals(1, r.integer(Column.FORKS).getAsLong());
        assertEquals(3, r.integer(Column.ITERATIONS).getAsLong());
        assertTrue(r.text(Column.STEADY).isEmpty(), "three iterations are too few to judge a trend");
        assertEquals(0.0, r.decimal(Column.WARMUP_S).getAsDouble(), "--warmup-max 0s: no warm-up");
        double p50 = bench.get("primaryMetric").get("scorePercentiles").get("50.0").asDouble();
        assertEquals(p50, r.decimal(Column.LATENCY_P50_MS).getAsDouble(), 1e-6 * p50);
        assertTrue(r.decimal(Column.LATENCY_P90_MS).getAsDouble() >= p50);
        assertTrue(r.decimal(Column.PEAK_RSS_MB).getAsDouble() > 10, "a JVM with ORT loaded uses more than 10 MiB");
    }

    @Test
    void tokensPerSecondAndMeanLatencyAreOneTimingSourceOnEveryOkRow() {
        int checked = 0;
        for (ResultRow r : rows) {
            if (r.status() != CellStatus.OK) {
                continue;
            }
            boolean prefillPhase = r.text(Column.PHASE).equals("prefill");
            long tokens = r.integer(Column.BATCH).getAsLong() * (prefillPhase ? r.integer(Column.SEQ_LEN).getAsLong() : 1);
            double perCall = r.decimal(Column.TOKENS_PER_S).getAsDouble() * r.decimal(Column.LATENCY_MEAN_MS).getAsDouble()
                    / 1000;
            assertEquals(tokens, perCall, 0.01 * tokens, describe(r));
            checked++;
        }
        assertEquals(18, checked, "every OK row: 24 rows less the oracle's 6 SKIPPED fp16 rows");
    }

    @Test
    void ttftAndTpotAreTheMeansOfTheirBenchmarksIterations() throws IOException {
        String cell = "moe-tiny-decode-fp32-onnxruntime-cpu";
        double ttft = mean(iterationMeans(benchmark(cell, "ttft")));
        double tpot = mean(iterationMeans(benchmark(cell, "tpot")));
        ResultRow first = row("moe-tiny", "decode", "prefill", "fp32", "onnxruntime-cpu");
        ResultRow steps = row("moe-tiny", "decode", "decode", "fp32", "onnxruntime-cpu");
        assertEquals(ttft, first.decimal(Column.TTFT_MS).getAsDouble(), 1e-6 * ttft);
        assertEquals(ttft, first.decimal(Column.LATENCY_MEAN_MS).getAsDouble(), 1e-6 * ttft);
        assertEquals(tpot, steps.decimal(Column.TPOT_MS).getAsDouble(), 1e-6 * tpot);
        assertEquals(2 / (tpot / 1000), steps.decimal(Column.TOKENS_PER_S).getAsDouble(), 1e-6 * 2000 / tpot,
                "decode tokens/s: batch 2 sequences gain one token per step");
        assertEquals(2 * 8 / (ttft / 1000), first.decimal(Column.TOKENS_PER_S).getAsDouble(), 1e-6 * 16000 / ttft,
                "prompt tokens/s: 2 × 8 prompt tokens per pass");
    }

    private static double mean(double[][] perFork) {
        double sum = 0;
        int n = 0;
        for (double[] fork : perFork) {
            for (double v : fork) {
                sum += v;
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void weightsMbFollowsTheParameterCountAndTheStoragePrecision() {
        WeightLayout layout = WeightLayout.of(ScenarioCatalog.builtIn().find("moe-tiny").orElseThrow().model());
        double mib = 1024.0 * 1024.0;
        assertEquals(layout.parameterCount() * 4 / mib, row("moe-tiny", "prefill", "prefill", "fp32", "onnxruntime-cpu")
                .decimal(Column.WEIGHTS_MB).getAsDouble(), 1e-6);
        assertEquals(Dtype.FP16.weightBytes(layout) / mib, row("moe-tiny", "prefill", "prefill", "fp16",
                "onnxruntime-cpu").decimal(Column.WEIGHTS_MB).getAsDouble(), 1e-6);
        ResultRow oracle = row("moe-tiny", "prefill", "prefill", "fp32", "reference-fp64");
        assertEquals(fp64BytesPackedAs(layout, oracle.text(Column.BACKEND_OPTIONS)) / mib,
                oracle.decimal(Column.WEIGHTS_MB).getAsDouble(), 1e-6);
    }

    /**
     * What the fp64 oracle holds: 8 bytes a parameter, each matrix a product reads (2-D, not the embedding table)
     * padded with zero columns to whole panels of its vector kernel: options say matmul=vector-BITS-ROWSxVECTORS, a
     * panel being VECTORS vectors of BITS / 64 doubles.
     */
    private static long fp64BytesPackedAs(WeightLayout layout, String options) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("matmul=vector-(\\d+)-\\d+x(\\d+)").matcher(options);
        assertTrue(m.find(), options);
        int panel = Integer.parseInt(m.group(1)) / 64 * Integer.parseInt(m.group(2));
        long values = 0;
        for (TensorSpec t : layout.tensors()) {
            int[] shape = t.shape();
            boolean matrix = shape.length == 2 && !t.name().equals(WeightLayout.embed());
            values += matrix ? (long) shape[0] * ((shape[1] + panel - 1) / panel * panel) : t.size();
        }
        return values * 8;
    }

    @Test
    void theRunDirectoryHoldsEverythingNeededToCompareLater() throws IOException {
        RunLayout layout = new RunLayout(runDir);
        assertTrue(Files.size(layout.model("moe-tiny", Phase.PREFILL, Dtype.FP32)) > 4 * 100_000,
                "the .onnx holds the weights");
        assertTrue(Files.exists(layout.model("moe-tiny", Phase.DECODE, Dtype.FP16)));
        assertEquals(ScenarioCatalog.builtIn().find("moe-tiny").orElseThrow(),
                ScenarioYaml.load(layout.scenarioFile("moe-tiny")));
        assertTrue(Files.exists(layout.inputIds("dense-tiny", "decode")));
        Path ortDecode = layout.outputs("moe-tiny", "decode", Dtype.FP32, "onnxruntime-cpu");
        assertTrue(Files.exists(RunLayout.routing(ortDecode)));
        assertTrue(Files.exists(RunLayout.stepRouting(ortDecode)));
        assertEquals(1 + 8, Files.readAllLines(RunLayout.decodeSteps(ortDecode)).size(), "a header and 8 steps");
        JsonNode env = new ObjectMapper().readTree(layout.env().toFile());
        assertEquals(System.getProperty("java.version"), env.get("jvm").get("version").asText());
        assertEquals(Runtime.getRuntime().availableProcessors(), env.get("cpu").get("logical_cores").asInt());
        // the run's backends, as their probes (each in a JVM of its own) answered
        assertEquals(2, env.get("backends").size(), env.get("backends").toString());
        for (JsonNode b : env.get("backends")) {
            assertTrue(b.get("available").asBoolean(), b.toString());
            assertTrue(b.get("runtime_version").asText().matches("(onnxruntime |java ).+"), b.toString());
        }
    }

    /**
     * The hardware columns: the run measured the host's peaks into env.json; every OK row's achieved FLOP/s is the
     * forward pass's FLOPs (counted by hand for dense-tiny below) over its mean time, and its fraction is of the peak
     * of the backend's arithmetic (fp64 for the oracle); no RAPL here, so no energy, with the reason. Every backend
     * ran on the host CPU: no device peak was measured, and the probes say so.
     */
    @Test
    void rowsSayWhatTheHardwareDidAgainstThePeaksInEnvJson() throws IOException {
        JsonNode env = new ObjectMapper().readTree(new RunLayout(runDir).env().toFile());
        JsonNode peak = env.get("machine_peak");
        assertTrue(env.get("device_peaks").isObject() && env.get("device_peaks").isEmpty(), env.toString());
        assertFalse(Files.exists(new RunLayout(runDir).devicePeaks()));
        assertTrue(Files.exists(new RunLayout(runDir).lastLogitsModel("dense-tiny", Phase.PREFILL, Dtype.FP32)),
                "the graph prefill forks time is exported beside the accuracy pass's");
        for (JsonNode b : env.get("backends")) {
            if (b.get("available").asBoolean()) {
                assertEquals("HOST_CPU:0", b.get("telemetry_target").asText(), b.toString());
            }
        }
        double fp32 = peak.get("fp32Gflops").asDouble();
        double fp64 = peak.get("fp64Gflops").asDouble();
        assertTrue(fp32 > 0 && fp64 > 0 && peak.get("memGbps").asDouble() > 0, peak.toString());
        assertEquals(Runtime.getRuntime().availableProcessors(), peak.get("threads").asInt());
        // dense-tiny prefill, batch 2 × 16 tokens: per token 2 layers × (q 64·64 + k, v 2·64·32 + o 64·64
        // + FFN 3·64·192) multiply-adds; the timed graph's lm_head 64·256 on each sequence's last position only;
        // causal attention 2 layers × 4 heads × 2 sequences × (1 + … + 16) positions × 16 channels × 2 (scores and
        // values)
        double perToken = 2 * (64 * 64 + 2 * 64 * 32 + 64 * 64 + 3 * 64 * 192);
        double flops = 2 * (32 * perToken + 2 * 64 * 256 + 2 * 4 * 2 * 136 * 16 * 2);
        for (String backend : List.of("onnxruntime-cpu", "reference-fp64")) {
            ResultRow r = row("dense-tiny", "prefill", "prefill", "fp32", backend);
            double gflops = flops / (r.decimal(Column.LATENCY_MEAN_MS).getAsDouble() / 1000) / 1e9;
            assertEquals(gflops, r.decimal(Column.ACHIEVED_GFLOPS).getAsDouble(), 1e-6 * gflops, backend);
            double expectedPeak = backend.equals("reference-fp64") ? fp64 : fp32;
            assertEquals(gflops / expectedPeak, r.decimal(Column.PEAK_FRACTION).getAsDouble(), 1e-6, backend);
            assertTrue(r.decimal(Column.BW_FRACTION).isPresent(), backend);
            assertTrue(r.decimal(Column.RSS_GROWTH_MB).isPresent(), backend);
            assertTrue(r.text(Column.ENERGY_SOURCE).isEmpty(), "no energy source on this machine");
            assertTrue(r.text(Column.TELEMETRY_NOTE).startsWith("no RAPL: "), r.text(Column.TELEMETRY_NOTE));
        }
    }

    /**
     * The placement audit of every onnxruntime-cpu cell: placement.csv holds exactly the kernel events of ORT's own
     * profile; on the CPU there is no accelerator share and no fallback; in fp16 ORT inserts casts and the row says so.
     */
    @Test
    void everyOrtCellHasAPlacementAuditThatShowsTheCastsFp16Needs() throws IOException {
        int audited = 0;
        for (String scenario : List.of("dense-tiny", "moe-tiny")) {
            for (String workload : List.of("prefill", "decode")) {
                for (String dtype : List.of("fp32", "fp16")) {
                    Path cellDir = cellDir(scenario + "-" + workload + "-" + dtype + "-onnxruntime-cpu");
                    List<org.apache.commons.csv.CSVRecord> placed;
                    try (var parser = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader()
                            .setSkipHeaderRecord(true).get().parse(Files.newBufferedReader(cellDir.resolve("placement.csv")))) {
                        placed = parser.getRecords();
                    }
                    Path profile;
                    try (var files = Files.list(cellDir.resolve("profile"))) {
                        profile = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
                    }
                    long kernelEvents = 0;
                    for (JsonNode e : new ObjectMapper().readTree(profile.toFile())) {
                        if (e.path("name").asText().endsWith("_kernel_time")) {
                            kernelEvents++;
                        }
                    }
                    assertEquals(kernelEvents, placed.stream().mapToLong(r -> Long.parseLong(r.get("calls"))).sum(),
                            cellDir.toString());
                    long inserted = placed.stream().filter(r -> r.get("inserted").equals("true")).count();
                    assertTrue(placed.stream().allMatch(r -> r.get("provider").equals("CPUExecutionProvider")));
                    assertEquals(dtype.equals("fp16"), inserted > 0, cellDir + ": " + inserted + " inserted nodes");
                    for (ResultRow r : rows.stream().filter(x -> x.text(Column.SCENARIO).equals(scenario)
                            && x.text(Column.WORKLOAD).equals(workload) && x.text(Column.DTYPE).equals(dtype)
                            && x.text(Column.BACKEND).equals("onnxruntime-cpu")).toList()) {
                        assertTrue(r.text(Column.ACCEL_NODE_SHARE).isEmpty() && r.text(Column.ACCEL_TIME_SHARE).isEmpty()
                                && r.text(Column.FALLBACK_OPS).isEmpty(), "the CPU backend accelerates nothing");
                        assertTrue(r.decimal(Column.COMPILE_S).orElseThrow() > 0, describe(r));
                        assertEquals(inserted > 0, r.text(Column.REASON).contains("the runtime inserted " + inserted
                                + " of the " + placed.size() + " nodes it ran (Cast ×" + inserted + ")"), describe(r));
                        audited++;
                    }
                }
            }
        }
        assertEquals(12, audited, "every onnxruntime-cpu row: 4 prefill + 8 decode");
        for (ResultRow r : rows(/* the oracle has no graph to audit */ "dense-tiny", "fp32", "reference-fp64")) {
            assertTrue(r.decimal(Column.COMPILE_S).isPresent(), describe(r));
            assertFalse(Files.exists(cellDir("dense-tiny-" + r.text(Column.WORKLOAD) + "-fp32-reference-fp64")
                    .resolve("placement.csv")));
        }
    }

    private Path cellDir(String suffix) throws IOException {
        try (var dirs = Files.list(runDir.resolve("cells"))) {
            return dirs.filter(d -> d.getFileName().toString().endsWith("-" + suffix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no cell directory for " + suffix));
        }
    }

    private JsonNode jmhJson(String cellSuffix) throws IOException {
        try (var files = Files.list(runDir.resolve("jmh"))) {
            Path file = files.filter(f -> f.getFileName().toString().endsWith("-" + cellSuffix + ".json"))
                    .findFirst().orElseThrow(() -> new AssertionError("no JMH json for " + cellSuffix));
            return new ObjectMapper().readTree(file.toFile());
        }
    }

    private static String describe(ResultRow r) {
        return r.text(Column.SCENARIO) + "/" + r.text(Column.WORKLOAD) + "/" + r.text(Column.PHASE) + "/"
                + r.text(Column.DTYPE) + "/" + r.text(Column.BACKEND) + ": " + r.text(Column.REASON);
    }

    private List<ResultRow> rows(String scenario, String dtype, String backend) {
        return rows.stream().filter(r -> r.text(Column.SCENARIO).equals(scenario)
                && r.text(Column.DTYPE).equals(dtype) && r.text(Column.BACKEND).equals(backend)).toList();
    }

    private ResultRow row(String scenario, String workload, String phase, String dtype, String backend) {
        return rows.stream()
                .filter(r -> r.text(Column.SCENARIO).equals(scenario) && r.text(Column.WORKLOAD).equals(workload)
                        && r.text(Column.PHASE).equals(phase) && r.text(Column.DTYPE).equals(dtype)
                        && r.text(Column.BACKEND).equals(backend))
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + scenario + "/" + workload + "/"
                        + phase + "/" + dtype + "/" + backend));
    }
}
