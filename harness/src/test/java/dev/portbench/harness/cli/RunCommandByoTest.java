package dev.portbench.harness.cli;

import dev.portbench.harness.run.RunLayout;
import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.Npy;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvReader;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.Phase;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.TokenInputs;
import dev.portbench.scenarios.onnx.OnnxExporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bring-your-own model: dense-tiny's prefill graph as the exporter writes it, driven by a YAML input spec whose
 * input_ids are the built-in scenario's own, run in the same suite as the built-in scenario.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunCommandByoTest {
    @TempDir
    static Path tmp;

    private Path model;
    private Path runDir;
    private CliRunner result;
    private List<ResultRow> rows;

    @BeforeAll
    void runBuiltInAndByoSideBySide() throws IOException {
        Scenario dense = ScenarioCatalog.builtIn().find("dense-tiny").orElseThrow();
        TokenInputs ids = dense.inputs(dense.workload("prefill").orElseThrow());
        Path dir = Files.createDirectories(tmp.resolve("byo"));
        model = dir.resolve("dense-tiny-prefill.onnx");
        OnnxExporter.export(dense.weights(), Dtype.FP32, Phase.PREFILL, model, true); // weights in external data
        Npy.write(dir.resolve("ids.npy"), ids.shape(), ids.ids());
        writeSpec(dir.resolve("my-dense.yaml"), "input_ids", "int64", "[2, 16]");
        runDir = tmp.resolve("run");
        result = CliRunner.run("run", "--scenario-file", dir.resolve("my-dense.yaml").toString(),
                "--scenarios", "dense-tiny,my-dense", "--workloads", "prefill",
                "--backends", "onnxruntime-cpu,reference-fp64", "-O", "onnxruntime-cpu.intra_op_threads=1",
                "--warmup-max", "0s", "--iterations", "2", "--time", "100ms", "--out", runDir.toString());
        rows = ResultsCsvReader.read(runDir.resolve("results.csv"));
    }

    private static void writeSpec(Path file, String input, String dtype, String shape) throws IOException {
        Files.writeString(file, String.join("\n",
                "name: my-dense",
                "description: \"dense-tiny exported, as a user's model\"",
                "onnx: dense-tiny-prefill.onnx",
                "inputs:",
                "  - name: " + input,
                "    dtype: " + dtype,
                "    shape: " + shape,
                "    npy: ids.npy",
                ""));
    }

    @Test
    void theByoCellReproducesTheBuiltInScenarioBitForBit() throws IOException {
        assertEquals(0, result.exitCode(), result.out() + result.err());
        RunLayout layout = new RunLayout(runDir);
        double[] builtIn = Npy.read(RunLayout.logits(layout.outputs("dense-tiny", "prefill", Dtype.FP32,
                "onnxruntime-cpu"))).floats();
        double[] byo = Npy.read(layout.byoOutputs("my-dense", "onnxruntime-cpu").resolve("output-00.npy")).floats();
        assertArrayEquals(builtIn, byo);
    }

    @Test
    void theByoRowMeasuresDriftAgainstItsReferenceBackendAndSaysSo() {
        ResultRow ort = row("my-dense", "onnxruntime-cpu");
        assertEquals(CellStatus.OK, ort.status(), ort.text(Column.REASON));
        assertEquals("onnxruntime-cpu", ort.text(Column.DRIFT_REFERENCE));
        assertEquals(0.0, ort.decimal(Column.REL_L2).getAsDouble(), "the reference backend against itself");
        assertEquals("byo", ort.text(Column.WORKLOAD));
        assertEquals("fp32", ort.text(Column.DTYPE));
        assertEquals(2, ort.integer(Column.BATCH).getAsLong());
        assertEquals(16, ort.integer(Column.SEQ_LEN).getAsLong());
        assertTrue(ort.decimal(Column.TOKENS_PER_S).getAsDouble() > 0);
        assertEquals("reference-fp64", row("dense-tiny", "onnxruntime-cpu").text(Column.DRIFT_REFERENCE));
        // telemetry as for any row (no RAPL here, so no energy, with the reason); no roofline without a model spec
        assertTrue(ort.decimal(Column.RSS_GROWTH_MB).isPresent());
        assertTrue(ort.text(Column.TELEMETRY_NOTE).startsWith("no RAPL: "), ort.text(Column.TELEMETRY_NOTE));
        assertTrue(ort.decimal(Column.ACHIEVED_GFLOPS).isEmpty());
    }

    @Test
    void theReferenceBackendRunsWithItsOptionsAsItsCellsDo() throws IOException {
        String outcome = Files.readString(RunLayout.cellOutcome(new RunLayout(runDir).cellDir("reference-my-dense")));
        assertTrue(outcome.replace(" ", "").contains("\"intra_op_threads\":\"1\""), outcome);
    }

    @Test
    void aBackendThatCannotLoadOnnxIsSkippedWithItsReason() {
        ResultRow ref = row("my-dense", "reference-fp64");
        assertEquals(CellStatus.SKIPPED, ref.status());
        assertTrue(ref.text(Column.REASON).startsWith("reference-fp64: ")
                && ref.text(Column.REASON).contains("needs a backend that loads ONNX"), ref.text(Column.REASON));
    }

    @Test
    void wrongInputNameDtypeOrShapeIsExitTwoSayingWhatTheModelExpects() throws IOException {
        Path dir = model.getParent();
        String[][] cases = {
            {"ids", "int64", "[2, 16]", "input_ids"},
            {"input_ids", "float32", "[2, 16]", "int64"},
            {"input_ids", "int64", "[2, 16, 1]", "[batch, seq]"},
        };
        for (String[] c : cases) {
            Path spec = dir.resolve("bad-" + c[0] + "-" + c[1] + ".yaml");
            writeSpec(spec, c[0], c[1], c[2]);
            Files.writeString(spec, Files.readString(spec).replace("npy: ids.npy", "range: [0, 255]"));
            Path out = tmp.resolve("bad-run-" + c[0] + c[1] + c[2].length());
            CliRunner r = CliRunner.run("run", "--scenario-file", spec.toString(), "--scenarios", "my-dense",
                    "--backends", "onnxruntime-cpu", "--out", out.toString());
            assertEquals(ExitCode.USAGE, r.exitCode(), r.out() + r.err());
            assertTrue(r.err().contains(spec.toString()) && r.err().contains(c[3]), r.err());
            assertFalse(Files.exists(out), "nothing is created for a rejected run");
        }
    }

    private ResultRow row(String scenario, String backend) {
        return rows.stream().filter(r -> r.text(Column.SCENARIO).equals(scenario)
                && r.text(Column.BACKEND).equals(backend)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + scenario + "/" + backend));
    }
}
