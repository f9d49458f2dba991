package dev.portbench.backend;

import dev.portbench.scenarios.TokenInputs;

import java.util.ArrayList;
import java.util.List;

/**
 * Greedy generation through {@link Session#step}: the prompt gives the first token's logits (time to first token),
 * then each step feeds one token per sequence. Step t's logits are those the t-th new token is chosen from: the
 * prompt's last position for t = 0, the step that fed token t − 1 after that.
 *
 * <p>With {@code forced} tokens (the oracle's), every step is fed the oracle's token instead of the session's own
 * choice (teacher forcing), so step logits of a candidate and the oracle always follow the same prefix and compare
 * position by position. The first step whose own choice differs from the forced token is where free-running greedy
 * decoding would have diverged, because until then both prefixes are identical.
 */
public final class GreedyDecoding {
    private GreedyDecoding() {
    }

    /**
     * @param prompt          the prompt's outputs (logits [batch, seq, vocab] and its routing)
     * @param stepLogits      [batch, newTokens, vocab]
     * @param chosen          the session's own argmax at each step, [batch, newTokens] row-major
     * @param fed             the token used to continue at each step (forced or chosen), [batch, newTokens]
     * @param stepRouting     per layer, [(newTokens − 1) · batch, k] step-major: the experts of the tokens fed by steps
     */
    public record Trace(ForwardOutputs prompt, OutputTensor stepLogits, long[] chosen, long[] fed,
                        List<long[]> stepRouting) {
    }

    public static Trace run(Session session, TokenInputs prompt, int newTokens, long[] forced) {
        int batch = prompt.batch();
        if (newTokens < 1) {
            throw new IllegalArgumentException("new tokens = " + newTokens + "; expected 1 or more");
        }
        if (forced != null && forced.length != (long) batch * newTokens) {
            throw new IllegalArgumentException("forced tokens hold " + forced.length + " values; expected batch × "
                    + "new tokens = " + batch + " × " + newTokens);
        }
        long[] chosen = new long[batch * newTokens];
        long[] fed = new long[batch * newTokens];
        List<List<long[]>> routingBySteps = new ArrayList<>();
        StepLogits logits = new StepLogits(batch, newTokens);

        DecodeStep step = session.step(prompt, null);
        ForwardOutputs promptOutputs = step.outputs();
        try {
            for (int t = 0; t < newTokens; t++) {
                logits.addLast(t, step.outputs().logits());
                for (int b = 0; b < batch; b++) {
                    int i = b * newTokens + t;
                    chosen[i] = logits.argmax(b, t);
                    fed[i] = forced != null ? forced[i] : chosen[i];
                }
                if (t + 1 < newTokens) {
                    long[] next = new long[batch];
                    for (int b = 0; b < batch; b++) {
                        next[b] = fed[b * newTokens + t];
                    }
                    DecodeStep following = session.step(new TokenInputs(batch, 1, next), step.cache());
                    step.cache().close();
                    step = following;
                    routingBySteps.add(step.outputs().routerTopK());
                }
            }
        } finally {
            step.cache().close();
        }
        return new Trace(promptOutputs, logits.tensor(), chosen, fed, concatenate(routingBySteps));
    }

    /** Per layer, the steps' routing arrays one after another. */
    private static List<long[]> concatenate(List<List<long[]>> bySteps) {
        if (bySteps.isEmpty() || bySteps.get(0).isEmpty()) {
            return List.of();
        }
        int layers = bySteps.get(0).size();
        List<long[]> out = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            int per = bySteps.get(0).get(l).length;
            long[] all = new long[per * bySteps.size()];
            for (int s = 0; s < bySteps.size(); s++) {
                System.arraycopy(bySteps.get(s).get(l), 0, all, s * per, per);
            }
            out.add(all);
        }
        return out;
    }

    /** Collects the last position's logits of each step into [batch, steps, vocab], keeping fp32 or fp64. */
    private static final class StepLogits {
        private final int batch;
        private final int steps;
        private double[] values;
        private int vocab;
        private boolean doubles;

        StepLogits(int batch, int steps) {
            this.batch = batch;
            this.steps = steps;
        }

        void addLast(int t, OutputTensor logits) {
            long[] shape = logits.shape();
            if (shape.length != 3 || shape[0] != batch) {
                throw new BackendException("step logits have shape " + java.util.Arrays.toString(shape)
                        + "; expected [" + batch + ", positions, vocab]");
            }
            int positions = (int) shape[1];
            if (values == null) {
                vocab = (int) shape[2];
                values = new double[batch * steps * vocab];
                doubles = logits.isDouble();
            }
            for (int b = 0; b < batch; b++) {
                int src = (b * positions + positions - 1) * vocab;
                int dst = (b * steps + t) * vocab;
                if (logits.isDouble()) {
                    System.arraycopy(logits.doubles(), src, values, dst, vocab);
                } else {
                    float[] f = logits.floats();
                    for (int v = 0; v < vocab; v++) {
                        values[dst + v] = f[src + v];
                    }
                }
            }
        }

        /** The lowest index among the largest logits, so ties break the same way on every backend. */
        long argmax(int b, int t) {
            int from = (b * steps + t) * vocab;
            int best = 0;
            for (int v = 1; v < vocab; v++) {
                if (values[from + v] > values[from + best]) {
                    best = v;
                }
            }
            return best;
        }

        OutputTensor tensor() {
            long[] shape = {batch, steps, vocab};
            if (doubles) {
                return OutputTensor.ofDoubles(shape, values);
            }
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return OutputTensor.ofFloats(shape, f);
        }
    }
}
