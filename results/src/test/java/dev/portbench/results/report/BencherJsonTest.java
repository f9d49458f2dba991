package dev.portbench.results.report;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import dev.portbench.results.runs.RunResults;
import dev.portbench.results.runs.SyntheticRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A run's OK rows as Bencher Metric Format: names, measures, units and interval bounds worked out by hand. */
class BencherJsonTest {
    @TempDir
    Path dir;

    @Test
    void okRowsBecomeBenchmarksWithThroughputAndLatency() throws IOException {
        Path run = SyntheticRun.at(dir.resolve("run"))
                // 8 tokens per forward, 8 ms ± 1.6 ms: 1000 tokens/s, error 8 / 0.0064 - 1000 = 250, carried back
                .add(SyntheticRun.okRow("dense-small", "onnxruntime-cpu", 1000, 250).set(Column.LATENCY_MEAN_MS, 8.0))
                .add(SyntheticRun.okRow("moe-small", "onnxruntime-cpu", 500, 5).set(Column.WORKLOAD, "decode")
                        .set(Column.PHASE, "decode").set(Column.LATENCY_MEAN_MS, 2.0).set(Column.TPOT_MS, 2.0)
                        .set(Column.TPOT_MS_ERROR, 0.1))
                .add(ResultRow.builder().set(Column.SCENARIO, "dense-small").set(Column.WORKLOAD, "prefill")
                        .set(Column.PHASE, "prefill").set(Column.DTYPE, "fp32").set(Column.BACKEND, "onnxruntime-cann")
                        .set(Column.STATUS, CellStatus.SKIPPED).set(Column.REASON, "no CANN"))
                .write();
        assertEquals("{\"dense-small/prefill/prefill/fp32/onnxruntime-cpu\":{\"throughput\":{\"value\":1000.0,"
                + "\"lower_value\":750.0,\"upper_value\":1250.0},\"latency\":{\"value\":8000000.0,"
                + "\"lower_value\":6400000.0,\"upper_value\":9600000.0}},"
                + "\"moe-small/decode/decode/fp32/onnxruntime-cpu\":{\"throughput\":{\"value\":500.0,"
                + "\"lower_value\":495.0,\"upper_value\":505.0},\"latency\":{\"value\":2000000.0,"
                + "\"lower_value\":1900000.0,\"upper_value\":2100000.0}}}\n", BencherJson.of(RunResults.load(run)));
    }
}
