package dev.portbench.results.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portbench.results.Column;
import dev.portbench.results.DriftMetrics;
import dev.portbench.results.compare.Verdict;
import dev.portbench.results.runs.RunResults;
import dev.portbench.results.runs.SyntheticRun;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationMatrixTest {

    @TempDir
    Path dir;

    static final double[] CPU = {0, 1, 2, 3, 3, 2, 1, 0};
    static final double[] NPU = {0, 1.5, 2, 3, 3, 2, 1, 0.5};

    private RunResults run;

    private RunResults oneRun() throws IOException {
        if (run != null) {
            return run;
        }
        return run = RunResults.load(SyntheticRun.at(dir.resolve("run"))
                .add(SyntheticRun.okRow("dense", "cpu", 100, 1).set(Column.PEAK_RSS_MB, 500.0))
                .add(SyntheticRun.okRow("dense", "npu", 400, 4).set(Column.PEAK_RSS_MB, 1500.0)
                        .set(Column.REL_L2, 3e-3).set(Column.TOP1_AGREEMENT, 0.5)
                        .set(Column.ACCEL_NODE_SHARE, 0.7).set(Column.ACCEL_TIME_SHARE, 0.9)
                        .set(Column.FALLBACK_OPS, "TopK"))
                .add(SyntheticRun.okRow("moe", "cpu", 50, 1))
                .logits("dense", "cpu", 4, CPU)
                .logits("dense", "npu", 4, NPU)
                .write());
    }

    @Test
    void withinOneRunEveryOrderedPairOfBackendsButNoBackendWithItself() throws IOException {
        MigrationMatrix matrix = MigrationMatrix.of(oneRun(), oneRun(), List.of(), List.of());
        assertEquals(List.of("dense/prefill/prefill/fp32 cpu->npu", "moe/prefill/prefill/fp32 cpu->npu",
                "dense/prefill/prefill/fp32 npu->cpu"), matrix.pairs().stream()
                .map(p -> p.sourceKey().cellLabel() + " " + p.sourceKey().backend() + "->" + p.targetKey().backend())
                .toList());
    }

    @Test
    void aMoveCarriesRatiosAndTheTargetsDriftAgainstSourceAndOracle() throws IOException {
        MigrationPair pair = MigrationMatrix.of(oneRun(), oneRun(), List.of("cpu"), List.of("npu")).pairs().get(0);
        assertEquals(4.0, pair.throughput().ratio(), 1e-12);
        assertEquals(396.0 / 101.0, pair.throughput().low(), 1e-12);
        assertEquals(Verdict.FASTER, pair.throughputVerdict());
        assertEquals(3.0, pair.ratio(Column.PEAK_RSS_MB), 1e-12);
        assertEquals(DriftMetrics.Drift.compute(NPU, CPU, 4, null, null, 0), pair.targetVsSource().drift());
        assertEquals(0.5, pair.targetVsSource().drift().maxAbsErr());
        assertEquals(3e-3, pair.targetValue(Column.REL_L2).getAsDouble());
        assertEquals("OK", pair.status());

        MigrationPair missing = MigrationMatrix.of(oneRun(), oneRun(), List.of("cpu"), List.of("npu")).pairs().get(1);
        assertEquals("OK->missing", missing.status());
        assertEquals(Verdict.NOT_MEASURED, missing.throughputVerdict());
    }

    @Test
    void theCsvAndTheTableCarryTheSameNumbers() throws IOException {
        MigrationMatrix matrix = MigrationMatrix.of(oneRun(), oneRun(), List.of("cpu"), List.of("npu"));
        String csv = MigrationMatrixCsv.of(matrix).render();
        assertTrue(csv.startsWith(String.join(",", MigrationMatrixCsv.HEADER) + "\r\n"
                + "dense,prefill,prefill,fp32,cpu,npu,OK,100,400,4,3.92079208,4.08080808,faster,0.7,0.9,TopK,0.25,3,1,0.5,"),
                csv);
        assertEquals(java.util.Optional.of("70% (TopK)"), matrix.pairs().get(0).targetOnAccelerator());
        assertEquals(java.util.Optional.empty(), MigrationMatrix.of(oneRun(), oneRun(), List.of("npu"), List.of("cpu"))
                .pairs().get(0).targetOnAccelerator(), "a CPU target has no accelerator share");
        String table = MigrationMatrixTable.render(matrix);
        assertTrue(table.lines().skip(1).findFirst().orElseThrow().matches(
                "dense/prefill/prefill/fp32 +cpu -> npu +OK +4\\.000 \\[3\\.921, 4\\.081\\] +faster +70% \\(TopK\\) +0\\.250"
                        + " +3\\.000 .*"),
                table);
    }
}
