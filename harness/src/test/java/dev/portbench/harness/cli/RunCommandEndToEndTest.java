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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        result = CliRunner.run("run", "--scenarios", "dense-tiny,moe-tiny",
                "--backends", "onnxruntime-cpu,reference-fp32,reference-fp64",
                "--warmup", "0", "--iterations", "3", "--time", "100ms", "--out", runDir.toString());
        rows = ResultsCsvReader.read(runDir.resolve("results.csv"));
    }

    @Test
    void everyCellIsOkAndTheExitCodeIsZero() {
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(6, rows.size());
        for (ResultRow r : rows) {
            assertEquals(CellStatus.OK, r.status(), r.text(Column.SCENARIO) + "/" + r.text(Column.BACKEND)
                    + ": " + r.text(Column.REASON));
        }
        assertTrue(result.out().contains("[6/6] moe-tiny × reference-fp64"), result.out());
    }

    @Test
    void ortMatchesTheOracleInFp32() {
        for (String scenario : List.of("dense-tiny", "moe-tiny")) {
            ResultRow r = row(scenario, "onnxruntime-cpu");
            assertEquals("fp32", r.text(Column.DTYPE));
            assertTrue(r.decimal(Column.REL_L2).getAsDouble() < 1e-5);
            assertEquals(1.0, r.decimal(Column.TOP1_AGREEMENT).getAsDouble());
            assertTrue(r.text(Column.RUNTIME_VERSION).startsWith("onnxruntime 1."), r.text(Column.RUNTIME_VERSION));
            assertTrue(r.text(Column.BACKEND_OPTIONS).contains("intra_op_threads="), r.text(Column.BACKEND_OPTIONS));
        }
        assertEquals(1.0, row("moe-tiny", "onnxruntime-cpu").decimal(Column.ROUTING_AGREEMENT).getAsDouble());
        assertTrue(row("dense-tiny", "onnxruntime-cpu").decimal(Column.ROUTING_AGREEMENT).isEmpty(),
                "routing agreement is for MoE models only");
    }

    @Test
    void theOracleBackendHasNoDriftAgainstItself() {
        ResultRow r = row("moe-tiny", "reference-fp64");
        assertEquals(0.0, r.decimal(Column.REL_L2).getAsDouble());
        assertEquals(0.0, r.decimal(Column.MAX_ABS_ERR).getAsDouble());
        assertEquals("fp64", r.text(Column.DTYPE));
    }

    @Test
    void relL2InTheRowIsRecomputableFromTheSavedOutputs() throws IOException {
        RunLayout layout = new RunLayout(runDir);
        for (ResultRow r : rows) {
            String scenario = r.text(Column.SCENARIO);
            NpyArray oracle = Npy.read(RunLayout.logits(layout.outputs(scenario, RunLayout.ORACLE)));
            NpyArray cell = Npy.read(RunLayout.logits(layout.outputs(scenario, r.text(Column.BACKEND))));
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < oracle.floats().length; i++) {
                double d = cell.floats()[i] - oracle.floats()[i];
                diff += d * d;
                norm += oracle.floats()[i] * oracle.floats()[i];
            }
            assertEquals(Math.sqrt(diff / norm), r.decimal(Column.REL_L2).getAsDouble(), 1e-8 * Math.sqrt(diff / norm) + 1e-300);
        }
    }

    @Test
    void throughputAndLatencyComeFromJmhsOwnJson() throws IOException {
        ObjectMapper json = new ObjectMapper();
        RunLayout layout = new RunLayout(runDir);
        ResultRow r = row("moe-tiny", "onnxruntime-cpu");
        JsonNode jmh = json.readTree(layout.jmhJson("04-moe-tiny-onnxruntime-cpu").toFile());
        double opsPerS = Double.NaN;
        double p50 = Double.NaN;
        for (JsonNode bench : jmh) {
            JsonNode metric = bench.get("primaryMetric");
            if (bench.get("mode").asText().equals("thrpt")) {
                opsPerS = metric.get("score").asDouble();
            } else if (bench.get("mode").asText().equals("sample")) {
                p50 = metric.get("scorePercentiles").get("50.0").asDouble();
            }
        }
        double tokensPerForward = 2 * 16; // moe-tiny: batch 2 × seq 16
        assertEquals(opsPerS * tokensPerForward, r.decimal(Column.TOKENS_PER_S).getAsDouble(), 1e-6 * opsPerS * 32);
        assertEquals(p50, r.decimal(Column.LATENCY_P50_MS).getAsDouble(), 1e-6 * p50);
        assertTrue(r.decimal(Column.LATENCY_P90_MS).getAsDouble() >= p50);
        assertTrue(r.decimal(Column.TOKENS_PER_S_ERROR).isPresent(), "JMH gives an error estimate from three iterations on");
        assertTrue(r.decimal(Column.PEAK_RSS_MB).getAsDouble() > 10, "a JVM with ORT loaded uses more than 10 MiB");
    }

    @Test
    void weightsMbFollowsTheParameterCountAndTheBackendsStorage() {
        long params = dev.portbench.scenarios.ScenarioCatalog.builtIn().find("moe-tiny").orElseThrow()
                .model().totalParameters();
        double mib = 1024.0 * 1024.0;
        assertEquals(params * 4 / mib, row("moe-tiny", "onnxruntime-cpu").decimal(Column.WEIGHTS_MB).getAsDouble(), 1e-6);
        assertEquals(params * 8 / mib, row("moe-tiny", "reference-fp64").decimal(Column.WEIGHTS_MB).getAsDouble(), 1e-6);
    }

    @Test
    void theRunDirectoryHoldsEverythingNeededToCompareLater() throws IOException {
        RunLayout layout = new RunLayout(runDir);
        assertTrue(Files.size(layout.model("moe-tiny")) > 4 * 100_000, "the .onnx holds the weights");
        assertTrue(Files.exists(layout.inputIds("dense-tiny")));
        assertTrue(Files.exists(RunLayout.routing(layout.outputs("moe-tiny", "onnxruntime-cpu"))));
        JsonNode env = new ObjectMapper().readTree(layout.env().toFile());
        assertEquals(System.getProperty("java.version"), env.get("jvm").get("version").asText());
        assertEquals(Runtime.getRuntime().availableProcessors(), env.get("cpu").get("logical_cores").asInt());
        assertTrue(env.get("backends").size() >= 3);
    }

    private ResultRow row(String scenario, String backend) {
        return rows.stream()
                .filter(r -> r.text(Column.SCENARIO).equals(scenario) && r.text(Column.BACKEND).equals(backend))
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + scenario + "/" + backend));
    }
}
