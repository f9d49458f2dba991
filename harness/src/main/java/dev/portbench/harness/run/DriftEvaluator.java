package dev.portbench.harness.run;

import dev.portbench.results.DriftMetrics;
import dev.portbench.results.Npy;
import dev.portbench.results.NpyArray;
import dev.portbench.scenarios.ModelSpec;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Drift of a cell's saved outputs against the oracle's, in fp64, with the metrics of docs/results-schema.md ("Drift columns"): on the prompt's
 * logits, and for decode workloads on the step logits (the cell was fed the oracle's tokens, so both follow the same
 * text) with tokens_to_divergence and a per-step table, decode_steps.csv.
 */
final class DriftEvaluator {
    private DriftEvaluator() {
    }

    /** Drift of a decode workload's steps. */
    record DecodeDrift(DriftMetrics.Drift drift, int tokensToDivergence) {
    }

    static DriftMetrics.Drift evaluate(Path oracleDir, Path cellDir, ModelSpec spec) throws IOException {
        Path cellLogits = RunLayout.logits(cellDir);
        return compare(Npy.read(RunLayout.logits(oracleDir)), Npy.read(cellLogits), cellLogits,
                RunLayout.routing(oracleDir), RunLayout.routing(cellDir), spec);
    }

    static DecodeDrift evaluateDecode(Path oracleDir, Path cellDir, ModelSpec spec, int newTokens) throws IOException {
        Path oracleRouting = RunLayout.stepRouting(oracleDir);
        boolean stepsRouted = spec.hasRouting() && newTokens > 1;
        // read once: the drift, the divergence and the per-step table all use them
        NpyArray cellSteps = Npy.read(RunLayout.stepLogits(cellDir));
        NpyArray oracleSteps = Npy.read(RunLayout.stepLogits(oracleDir));
        DriftMetrics.Drift drift = compare(oracleSteps, cellSteps, RunLayout.stepLogits(cellDir),
                stepsRouted ? oracleRouting : null, stepsRouted ? RunLayout.stepRouting(cellDir) : null, spec);
        long[] oracleTokens = Npy.read(RunLayout.tokens(oracleDir)).ints();
        long[] cellTokens = agreeingOnlyWhereFinite(RunLayout.tokens(cellDir),
                Npy.read(RunLayout.tokens(cellDir)).ints(), cellSteps, oracleSteps);
        int ttd = DriftMetrics.tokensToDivergence(cellTokens, oracleTokens, newTokens);
        writeSteps(RunLayout.decodeSteps(cellDir), cellSteps, oracleSteps, cellTokens, oracleTokens);
        return new DecodeDrift(drift, ttd);
    }

    /** A token no vocabulary holds: it matches no oracle token. */
    static final long NO_TOKEN = -1;

    /**
     * The cell's greedy tokens [batch, steps], with {@link #NO_TOKEN} at every (sequence, step) whose logits, the
     * cell's or the oracle's, hold a NaN or an infinity: a greedy choice among them is no agreement (its argmax skips
     * a NaN), as top1_agreement already counts it.
     */
    static long[] agreeingOnlyWhereFinite(Path tokensFile, long[] tokens, NpyArray cell, NpyArray oracle)
            throws IOException {
        int batch = (int) cell.shape()[0];
        int steps = (int) cell.shape()[1];
        int vocab = (int) cell.shape()[2];
        if (tokens.length != (long) batch * steps) {
            throw new IOException(tokensFile + " holds " + tokens.length + " tokens; the step logits have batch × steps"
                    + " = " + batch + " × " + steps);
        }
        long[] out = tokens.clone();
        double[] y = cell.floats();
        double[] r = oracle.floats();
        for (int row = 0; row < batch * steps; row++) {
            for (int v = row * vocab; v < (row + 1) * vocab; v++) {
                if (!Double.isFinite(y[v]) || !Double.isFinite(r[v])) {
                    out[row] = NO_TOKEN;
                    break;
                }
            }
        }
        return out;
    }

    private static DriftMetrics.Drift compare(NpyArray oracle, NpyArray cell, Path cellLogits, Path oracleRouting,
                                              Path cellRouting, ModelSpec spec) throws IOException {
        if (!Arrays.equals(oracle.shape(), cell.shape())) {
            throw new IOException(cellLogits + " has shape " + Arrays.toString(cell.shape())
                    + "; the oracle's has " + Arrays.toString(oracle.shape()));
        }
        long[] cellRoutingValues = null;
        long[] oracleRoutingValues = null;
        int k = 1;
        if (spec.hasRouting() && oracleRouting != null) {
            k = spec.moe().topK();
            cellRoutingValues = routing(cellRouting);
            oracleRoutingValues = routing(oracleRouting);
        }
        return DriftMetrics.Drift.compute(cell.floats(), oracle.floats(), spec.vocabSize(), cellRoutingValues,
                oracleRoutingValues, k);
    }

    private static long[] routing(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException(file + " is missing; an MoE model's outputs include its routing");
        }
        return Npy.read(file).ints();
    }

    /** step, share of sequences whose greedy token matches the oracle's, and the step logits' rel_l2. */
    private static void writeSteps(Path file, NpyArray cell, NpyArray oracle, long[] cellTokens, long[] oracleTokens)
            throws IOException {
        int batch = (int) cell.shape()[0];
        int steps = (int) cell.shape()[1];
        int vocab = (int) cell.shape()[2];
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("step,top1_agreement,rel_l2\n");
            for (int t = 0; t < steps; t++) {
                int agree = 0;
                double[] y = new double[batch * vocab];
                double[] r = new double[batch * vocab];
                for (int b = 0; b < batch; b++) {
                    agree += cellTokens[b * steps + t] == oracleTokens[b * steps + t] ? 1 : 0;
                    System.arraycopy(cell.floats(), (b * steps + t) * vocab, y, b * vocab, vocab);
                    System.arraycopy(oracle.floats(), (b * steps + t) * vocab, r, b * vocab, vocab);
                }
                double relL2 = DriftMetrics.relL2(y, r);
                // a non-finite drift is NaN, as in results.csv, not the Infinity %g would write
                w.write(String.format(Locale.ROOT, "%d,%.9g,%s%n", t, (double) agree / batch,
                        Double.isFinite(relL2) ? String.format(Locale.ROOT, "%.9g", relL2) : "NaN"));
            }
        }
    }
}
