package dev.portbench.results.compare;

import dev.portbench.results.DriftMetrics;
import dev.portbench.results.Npy;
import dev.portbench.results.NpyArray;
import dev.portbench.results.runs.CellKey;
import dev.portbench.results.runs.RunFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Drift of one cell's saved outputs against another's: B's against A's for the same cell across runs, or a migration
 * target's against its source. Computed in fp64 with {@link DriftMetrics} on the same tensors the row's drift uses:
 * the prompt's logits for prefill rows, the step logits for decode rows, output-00.npy for bring-your-own rows;
 * routing agreement when both sides saved routing. Absent outputs are not an error: {@link #note} says what is missing.
 *
 * @param drift the metrics, or null when they could not be computed
 * @param note  why {@code drift} is null; empty otherwise
 */
public record OutputDrift(DriftMetrics.Drift drift, String note) {

    public static OutputDrift missing(String note) {
        return new OutputDrift(null, note);
    }

    public boolean computed() {
        return drift != null;
    }

    /** {@code candidate}'s outputs (y) against {@code reference}'s (r). */
    public static OutputDrift between(RunFiles candidateRun, CellKey candidate, RunFiles referenceRun, CellKey reference)
            throws IOException {
        Path y = candidateRun.outputs(candidate);
        Path r = referenceRun.outputs(reference);
        if (!Files.isDirectory(y)) {
            return missing("no saved outputs at " + y);
        }
        if (!Files.isDirectory(r)) {
            return missing("no saved outputs at " + r);
        }
        if (RunFiles.BYO_WORKLOAD.equals(candidate.workload())) {
            return byo(y, r);
        }
        boolean decode = "decode".equals(candidate.phase());
        Path yLogits = decode ? RunFiles.stepLogits(y) : RunFiles.logits(y);
        Path rLogits = decode ? RunFiles.stepLogits(r) : RunFiles.logits(r);
        for (Path file : List.of(yLogits, rLogits)) {
            if (!Files.isRegularFile(file)) {
                return missing("no saved outputs at " + file);
            }
        }
        NpyArray yArray = Npy.read(yLogits);
        NpyArray rArray = Npy.read(rLogits);
        if (!Arrays.equals(yArray.shape(), rArray.shape())) {
            return missing("output shapes differ: " + yLogits + " is " + Arrays.toString(yArray.shape()) + ", "
                    + rLogits + " is " + Arrays.toString(rArray.shape()));
        }
        for (NpyArray array : List.of(yArray, rArray)) {
            String problem = unusable(array);
            if (!problem.isEmpty()) {
                return missing(problem + " at " + (array == yArray ? yLogits : rLogits));
            }
        }
        Path yRouting = decode ? RunFiles.stepRouting(y) : RunFiles.routing(y);
        Path rRouting = decode ? RunFiles.stepRouting(r) : RunFiles.routing(r);
        long[] yExperts = null;
        long[] rExperts = null;
        int k = 0;
        if (Files.isRegularFile(yRouting) && Files.isRegularFile(rRouting)) {
            NpyArray ya = Npy.read(yRouting);
            NpyArray ra = Npy.read(rRouting);
            if (Arrays.equals(ya.shape(), ra.shape()) && !ya.isFloat() && !ra.isFloat()) {
                yExperts = ya.ints();
                rExperts = ra.ints();
                k = (int) lastDim(ya);
            }
        }
        return new OutputDrift(DriftMetrics.Drift.compute(yArray.floats(), rArray.floats(), (int) lastDim(yArray),
                yExperts, rExperts, k), "");
    }

    /** The first floating output (output-00.npy), the one the row's drift is computed on. */
    private static OutputDrift byo(Path y, Path r) throws IOException {
        Path yFile = y.resolve(RunFiles.byoOutput(0));
        Path rFile = r.resolve(RunFiles.byoOutput(0));
        for (Path file : List.of(yFile, rFile)) {
            if (!Files.isRegularFile(file)) {
                return missing("no saved outputs at " + file);
            }
        }
        NpyArray ya = Npy.read(yFile);
        NpyArray ra = Npy.read(rFile);
        if (!ya.isFloat() || !ra.isFloat() || !Arrays.equals(ya.shape(), ra.shape())) {
            return missing("outputs differ in type or shape: " + ya + " at " + yFile + ", " + ra + " at " + rFile);
        }
        if (!unusable(ya).isEmpty()) {
            return missing(unusable(ya) + " at " + yFile + " and " + rFile);
        }
        return new OutputDrift(DriftMetrics.Drift.compute(ya.floats(), ra.floats(), (int) lastDim(ya), null, null, 0),
                "");
    }

    /** Why {@code logits} cannot be compared (not floating point, or no values), or empty. */
    private static String unusable(NpyArray logits) {
        if (!logits.isFloat()) {
            return "logits of type " + logits.descr() + " " + Arrays.toString(logits.shape())
                    + "; expected floating point logits";
        }
        if (logits.size() == 0) {
            return "no logits (shape " + Arrays.toString(logits.shape()) + "); expected at least one value";
        }
        return "";
    }

    private static long lastDim(NpyArray array) {
        long[] shape = array.shape();
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }
}
