package dev.portbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portbench.harness.plan.Cell;
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

/** The drift part of a row: NaN written as NaN, a dense model's missing routing as an empty cell. */
class RowFactoryDriftTest {
    private final RunIdentity run = new RunIdentity("r1", "h", Instant.parse("2026-01-01T00:00:00Z"));
    private final Scenario dense = ScenarioCatalog.builtIn().find("dense-tiny").orElseThrow();
    private final Cell prefill = new Cell(1, 1, dense, dense.workload("prefill").orElseThrow(), Dtype.FP32,
            "onnxruntime-cpu", Map.of());

    @Test
    void nonFiniteDriftIsWrittenAsNaNAndRoutingOfADenseModelStaysEmpty() {
        // what Drift.compute gives for logits holding a NaN: the continuous metrics NaN, top-1 still counted
        double[] r = {1, 2, 3, 3, 2, 1};
        double[] y = {Double.NaN, 2, 3, 3, 2, 1};
        DriftMetrics.Drift drift = DriftMetrics.Drift.compute(y, r, 3, null, null, 1);
        ResultRow row = RowFactory.rows(run, "smoke", new RowFactory.CellResult(prefill, run.started(), CellStatus.OK,
                "non-finite outputs: logits.npy holds 1 NaN of 6 values", null, drift, null, Duration.ofSeconds(1),
                "reference-fp64", HostMonitor.Verdict.UNKNOWN, null)).get(0);
        for (Column c : List.of(Column.MAX_ABS_ERR, Column.REL_L2, Column.COSINE, Column.KL)) {
            assertEquals("NaN", row.text(c), c.csvName());
        }
        assertEquals("0.5", row.text(Column.TOP1_AGREEMENT));
        assertEquals("", row.text(Column.ROUTING_AGREEMENT));
        assertEquals("reference-fp64", row.text(Column.DRIFT_REFERENCE));
        assertEquals("non-finite outputs: logits.npy holds 1 NaN of 6 values", row.text(Column.REASON));
    }
}
