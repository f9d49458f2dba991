package dev.portbench.harness.run;

import dev.portbench.results.DriftMetrics;
import dev.portbench.results.Npy;
import dev.portbench.results.NpyArray;
import dev.portbench.scenarios.ModelSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Drift of a cell's saved outputs against the oracle's, in fp64, with the metrics of ARCHITECTURE.md. */
final class DriftEvaluator {
    private DriftEvaluator() {
    }

    static DriftMetrics.Drift evaluate(Path oracleDir, Path cellDir, ModelSpec spec) throws IOException {
        NpyArray oracle = Npy.read(RunLayout.logits(oracleDir));
        NpyArray cell = Npy.read(RunLayout.logits(cellDir));
        if (!Arrays.equals(oracle.shape(), cell.shape())) {
            throw new IOException("logits of " + cellDir + " have shape " + Arrays.toString(cell.shape())
                    + "; the oracle's have " + Arrays.toString(oracle.shape()));
        }
        long[] cellRouting = null;
        long[] oracleRouting = null;
        int k = 1;
        if (spec.isMoe()) {
            k = spec.moe().topK();
            cellRouting = routing(cellDir);
            oracleRouting = routing(oracleDir);
        }
        return DriftMetrics.Drift.compute(cell.floats(), oracle.floats(), spec.vocabSize(), cellRouting,
                oracleRouting, k);
    }

    private static long[] routing(Path dir) throws IOException {
        Path file = RunLayout.routing(dir);
        if (!Files.exists(file)) {
            throw new IOException(file + " is missing; an MoE model's outputs include its routing");
        }
        return Npy.read(file).ints();
    }
}
