package dev.portbench.harness.worker;

import dev.portbench.backend.Backend;
import dev.portbench.backend.DecodeStep;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.GreedyDecoding;
import dev.portbench.backend.OutputTensor;
import dev.portbench.backend.Session;
import dev.portbench.results.DriftMetrics;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.Phase;
import dev.portbench.scenarios.TokenInputs;

import java.util.Arrays;
import java.util.Optional;

/**
 * A cell's forks time a graph of its own, which returns each sequence's last-position logits only (a prefill's, a
 * decode's prompt pass); drift is measured on the accuracy pass's graph, which returns every position's. Before any
 * fork runs, the timed graph is opened once and its logits are checked against the accuracy pass's last positions,
 * and for a decode workload its first cache step against the accuracy pass's (fed the same token), so the numbers
 * timed are the numbers whose drift the row reports.
 */
final class LastLogitsCheck {
    /** rel_l2 allowed between the two graphs: the same arithmetic, possibly other kernels for the other shapes. */
    static final double FULL_PRECISION_TOLERANCE = 1e-4;
    static final double HALF_PRECISION_TOLERANCE = 1e-2;

    private LastLogitsCheck() {
    }

    /**
     * What the accuracy pass computed that the timed graph must reproduce: the prompt's outputs (a prefill's, or a
     * decode workload's prompt pass) and, for a decode workload of two or more new tokens, the token each sequence was
     * fed first and the logits of that first cache step, [batch, 1, vocab].
     */
    record Accuracy(ForwardOutputs prompt, long[] firstFed, OutputTensor firstStep) {
        static Accuracy of(ForwardOutputs prefill) {
            return new Accuracy(prefill, null, null);
        }

        static Accuracy of(GreedyDecoding.Trace trace) {
            long[] shape = trace.stepLogits().shape(); // [batch, newTokens, vocab]
            int batch = (int) shape[0];
            int steps = (int) shape[1];
            int vocab = (int) shape[2];
            if (steps < 2) {
                return new Accuracy(trace.prompt(), null, null);
            }
            double[] all = trace.stepLogits().toDoubleArray();
            double[] first = new double[batch * vocab];
            long[] fed = new long[batch];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(all, (b * steps + 1) * vocab, first, b * vocab, vocab);
                fed[b] = trace.fed()[b * steps];
            }
            return new Accuracy(trace.prompt(), fed, OutputTensor.ofDoubles(new long[] {batch, 1, vocab}, first));
        }
    }

    /**
     * Why the timed graph cannot stand for the accuracy pass; empty when it computes the same last logits: of the
     * prompt, and for a decode workload of the first cache step too (the step the time per output token is made of).
     */
    static Optional<String> mismatch(Backend backend, CellContext cell, Accuracy accuracy) {
        try (Session session = backend.open(cell.timedModel())) {
            if (cell.workload().phase() != Phase.DECODE) {
                return compare(accuracy.prompt(), session.run(cell.inputs()), cell.dtype());
            }
            DecodeStep prompt = session.step(cell.inputs(), null);
            try {
                Optional<String> promptMismatch = compare(accuracy.prompt(), prompt.outputs(), cell.dtype());
                if (promptMismatch.isPresent() || accuracy.firstFed() == null) {
                    return promptMismatch;
                }
                DecodeStep step = session.step(new TokenInputs(accuracy.firstFed().length, 1, accuracy.firstFed()),
                        prompt.cache());
                try {
                    return compareStep(accuracy.firstStep(), step.outputs(), cell.dtype());
                } finally {
                    step.cache().close();
                }
            } finally {
                prompt.cache().close();
            }
        }
    }

    /** The first cache step's logits, [batch, 1, vocab] on both sides, as {@link #compare} judges the prompt's. */
    static Optional<String> compareStep(OutputTensor accuracyStep, ForwardOutputs timed, Dtype dtype) {
        return compare(new ForwardOutputs(accuracyStep, java.util.List.of()), timed, dtype)
                .map(m -> m.replace("the timed graph's prompt pass", "the timed graph's first cache step")
                        .replace("the timed graph's last-position logits", "the timed graph's first cache step's"
                                + " logits"));
    }

    static Optional<String> compare(ForwardOutputs accuracy, ForwardOutputs timed, Dtype dtype) {
        long[] all = accuracy.logits().shape(); // [batch, seq, vocab]
        long[] expectedShape = {all[0], 1, all[2]};
        if (!Arrays.equals(expectedShape, timed.logits().shape())) {
            return Optional.of("the timed graph's prompt pass returned logits of shape " + Arrays.toString(
                    timed.logits().shape()) + "; expected " + Arrays.toString(expectedShape) + ", each sequence's last"
                    + " position");
        }
        int batch = (int) all[0];
        int seq = (int) all[1];
        int vocab = (int) all[2];
        double[] full = accuracy.logits().toDoubleArray();
        double[] last = new double[batch * vocab];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(full, ((b + 1) * seq - 1) * vocab, last, b * vocab, vocab);
        }
        double[] got = timed.logits().toDoubleArray();
        // the accuracy pass's non-finite outputs are a finding the row's drift reports (NaN); the timed graph's are
        // not seen by any drift column, so where the accuracy pass is finite they are a disagreement
        int timedOnly = 0;
        for (int i = 0; i < got.length; i++) {
            if (!Double.isFinite(got[i]) && Double.isFinite(last[i])) {
                timedOnly++;
            } else if (!Double.isFinite(got[i]) || !Double.isFinite(last[i])) {
                got[i] = 0;
                last[i] = 0;
            }
        }
        if (timedOnly > 0) {
            return Optional.of(String.format(java.util.Locale.ROOT, "the timed graph's last-position logits are NaN"
                    + " or infinite at %d of %d values where the accuracy pass's are finite; expected the same"
                    + " numbers (no drift column sees the timed graph's outputs)", timedOnly, got.length));
        }
        double relL2 = DriftMetrics.relL2(got, last);
        if (Double.isNaN(relL2)) { // nothing finite left to compare
            return Optional.empty();
        }
        double tolerance = dtype.isHalf() ? HALF_PRECISION_TOLERANCE : FULL_PRECISION_TOLERANCE;
        if (!(relL2 <= tolerance)) {
            return Optional.of(String.format(java.util.Locale.ROOT, "the timed graph's last-position logits"
                    + " differ from the accuracy pass's by rel_l2 %.3g; expected at most %.0e", relL2, tolerance));
        }
        return Optional.empty();
    }
}
