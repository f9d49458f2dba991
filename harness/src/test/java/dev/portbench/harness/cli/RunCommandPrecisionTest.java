package dev.portbench.harness.cli;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvReader;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.WeightLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bf16 and int8 weight-only through the whole harness on ONNX Runtime's CPU provider. */
class RunCommandPrecisionTest {

    @Test
    void bf16IsASkippedRowWithOnnxRuntimesMessageAndInt8WeightOnlyRuns(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("run");
        CliRunner r = CliRunner.run("run", "--scenarios", "dense-tiny", "--workloads", "prefill",
                "--dtypes", "bf16,int8-wo", "--backends", "onnxruntime-cpu",
                "--warmup-max", "0s", "--iterations", "1", "--time", "100ms", "--out", out.toString());
        assertEquals(0, r.exitCode(), "SKIPPED is not a failure: " + r.out() + r.err());
        List<ResultRow> rows = ResultsCsvReader.read(out.resolve("results.csv"));
        assertEquals(2, rows.size());

        ResultRow bf16 = rows.stream().filter(x -> x.text(Column.DTYPE).equals("bf16")).findFirst().orElseThrow();
        assertEquals("bf16", bf16.text(Column.DTYPE));
        assertEquals(CellStatus.SKIPPED, bf16.status());
        assertTrue(bf16.text(Column.REASON).startsWith("onnxruntime-cpu cannot run bf16: ")
                && bf16.text(Column.REASON).contains("Could not find an implementation for MatMul"),
                bf16.text(Column.REASON));
        assertTrue(bf16.text(Column.RUNTIME_VERSION).startsWith("onnxruntime "), "what was learnt is kept");

        ResultRow int8 = rows.stream().filter(x -> x.text(Column.DTYPE).equals("int8-wo")).findFirst().orElseThrow();
        assertEquals(CellStatus.OK, int8.status(), int8.text(Column.REASON));
        double relL2 = int8.decimal(Column.REL_L2).getAsDouble();
        assertTrue(relL2 > 1e-4 && relL2 < 5e-2, "int8-wo rel_l2 = " + relL2);
        WeightLayout layout = WeightLayout.of(ScenarioCatalog.builtIn().find("dense-tiny").orElseThrow().model());
        assertEquals(Dtype.INT8_WO.weightBytes(layout) / (1024.0 * 1024.0), int8.decimal(Column.WEIGHTS_MB)
                .getAsDouble(), 1e-6);
        assertTrue(Dtype.INT8_WO.weightBytes(layout) < layout.parameterCount() * 2, "int8 projections shrink the model");
    }
}
