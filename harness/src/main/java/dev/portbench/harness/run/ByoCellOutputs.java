package dev.portbench.harness.run;

import dev.portbench.results.DriftMetrics;
import dev.portbench.results.Npy;
import dev.portbench.results.NpyArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Drift of a bring-your-own model's cell against its reference backend: the first floating-point output in graph
 * order, with its last axis as the class axis for KL and top-1 (logits [.., vocab] for a language model).
 */
final class ByoCellOutputs {
    private static final String FIRST = RunLayout.byoOutput(0);

    private ByoCellOutputs() {
    }

    static DriftMetrics.Drift drift(Path referenceDir, Path cellDir) throws IOException {
        NpyArray reference = Npy.read(referenceDir.resolve(FIRST));
        NpyArray cell = Npy.read(cellDir.resolve(FIRST));
        if (!Arrays.equals(reference.shape(), cell.shape())) {
            throw new IOException(cellDir.resolve(FIRST) + " has shape " + Arrays.toString(cell.shape())
                    + "; the reference's has " + Arrays.toString(reference.shape()));
        }
        long[] shape = cell.shape();
        int classes = shape.length == 0 ? 1 : (int) shape[shape.length - 1];
        return DriftMetrics.Drift.compute(cell.floats(), reference.floats(), classes, null, null, 1);
    }
}
