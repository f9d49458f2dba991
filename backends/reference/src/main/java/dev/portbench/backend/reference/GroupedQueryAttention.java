package dev.portbench.backend.reference;

import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.Rope;
import dev.portbench.scenarios.WeightLayout;

/**
 * One layer's causal grouped-query attention with RoPE, on tokens laid out [batch, seq] row-major, optionally after
 * {@code past} cached positions: query i sits at position past + i and sees keys 0..past + i.
 */
final class GroupedQueryAttention {
    private final ModelSpec spec;
    private final double[] wq;
    private final double[] wk;
    private final double[] wv;
    private final double[] wo;
    /** The projections' biases; null for models without them. */
    private final double[] bq;
    private final double[] bk;
    private final double[] bv;
    /** Per-head RMSNorm gains of queries and keys ([head_dim]); null for models without them. */
    private final double[] qNorm;
    private final double[] kNorm;

    /** Keys (after RoPE) and values of every cached position, [batch, length, kv_heads · head_dim]; never mutated. */
    record LayerCache(double[] keys, double[] values, int length) {
        static LayerCache empty() {
            return new LayerCache(new double[0], new double[0], 0);
        }
    }

    /** The layer's output [tokens, hidden] and the cache extended by this call's tokens. */
    record Result(double[] output, LayerCache cache) {
    }

    GroupedQueryAttention(ModelSpec spec, ReferenceWeights w, int layer) {
        this.spec = spec;
        this.wq = w.get(WeightLayout.wq(layer));
        this.wk = w.get(WeightLayout.wk(layer));
        this.wv = w.get(WeightLayout.wv(layer));
        this.wo = w.get(WeightLayout.wo(layer));
        this.bq = spec.qkvBias() ? w.get(WeightLayout.bq(layer)) : null;
        this.bk = spec.qkvBias() ? w.get(WeightLayout.bk(layer)) : null;
        this.bv = spec.qkvBias() ? w.get(WeightLayout.bv(layer)) : null;
        this.qNorm = spec.qkNorm() ? w.get(WeightLayout.qNorm(layer)) : null;
        this.kNorm = spec.qkNorm() ? w.get(WeightLayout.kNorm(layer)) : null;
    }

    Result apply(Kernels k, double[] a, int batch, int seq, LayerCache past) {
        int tokens = batch * seq;
        int d = spec.headDim();
        int qWidth = spec.heads() * d;
        int kvWidth = spec.kvHeads() * d;
        int pastLen = past.length();
        int total = pastLen + seq;
        double[] q = normedHeads(k, biased(k, k.matmul(a, tokens, spec.hidden(), wq, qWidth), bq),
                tokens * spec.heads(), qNorm);
        double[] kNew = normedHeads(k, biased(k, k.matmul(a, tokens, spec.hidden(), wk, kvWidth), bk),
                tokens * spec.kvHeads(), kNorm);
        double[] vNew = biased(k, k.matmul(a, tokens, spec.hidden(), wv, kvWidth), bv);
        rope(k, q, batch, seq, spec.heads(), pastLen);
        rope(k, kNew, batch, seq, spec.kvHeads(), pastLen);
        LayerCache cache = new LayerCache(extend(past.keys(), kNew, batch, pastLen, seq, kvWidth),
                extend(past.values(), vNew, batch, pastLen, seq, kvWidth), total);
        double[] keys = cache.keys();
        double[] values = cache.values();

        double scale = k.round(1.0 / Math.sqrt(d));
        double[] out = new double[tokens * qWidth];
        long workPerHead = (long) seq * total * d;
        k.forEach(batch * spec.heads(), workPerHead, bh -> attendHead(k, q, keys, values, out,
                bh / spec.heads(), bh % spec.heads(), seq, pastLen, scale));
        return new Result(k.matmul(out, tokens, qWidth, wo, spec.hidden()), cache);
    }

    /**
     * One (sequence, head)'s queries against its cached and new keys, into its slice of {@code out}; heads are
     * independent, so they may run on any thread. The head's keys are transposed first so that each query's scores
     * accumulate along positions, and each output along channels: every score and output element still sums its terms
     * in the same order as a dot product over channels and a sum over positions, so the bits do not depend on the
     * layout or the thread.
     */
    private void attendHead(Kernels k, double[] q, double[] keys, double[] values, double[] out, int b, int h,
                            int seq, int pastLen, double scale) {
        int d = spec.headDim();
        int qWidth = spec.heads() * d;
        int kvWidth = spec.kvHeads() * d;
        int total = pastLen + seq;
        int kvOff = h / spec.groupSize() * d;
        double[] keysT = new double[d * total]; // [channel, position]
        for (int j = 0; j < total; j++) {
            int from = (b * total + j) * kvWidth + kvOff;
            for (int c = 0; c < d; c++) {
                keysT[c * total + j] = keys[from + c];
            }
        }
        double[] scores = new double[total];
        for (int i = 0; i < seq; i++) {
            int visible = pastLen + i + 1; // causal: position past + i sees 0..past + i
            int qOff = (b * seq + i) * qWidth + h * d;
            java.util.Arrays.fill(scores, 0, visible, 0.0);
            for (int c = 0; c < d; c++) {
                k.axpy(scores, 0, q[qOff + c], keysT, c * total, visible);
            }
            for (int j = 0; j < visible; j++) {
                scores[j] = k.round(scores[j] * scale);
            }
            k.softmaxInPlace(scores, 0, visible);
            for (int j = 0; j < visible; j++) {
                k.axpy(out, qOff, scores[j], values, (b * total + j) * kvWidth + kvOff, d);
            }
        }
    }

    /** y + bias on every row, in place; y itself for models without biases. */
    private static double[] biased(Kernels k, double[] y, double[] bias) {
        if (bias != null) {
            for (int o = 0; o < y.length; o += bias.length) {
                for (int c = 0; c < bias.length; c++) {
                    y[o + c] = k.round(y[o + c] + bias[c]);
                }
            }
        }
        return y;
    }

    /**
     * Each head's d channels RMS-normalised with {@code gain} (rows = tokens × heads, before RoPE, as Qwen3 does);
     * x itself for models without q/k norms.
     */
    private double[] normedHeads(Kernels k, double[] x, int rows, double[] gain) {
        return gain == null ? x : k.rmsNorm(x, rows, spec.headDim(), gain, spec.rmsNormEps());
    }

    /** [batch, past, w] followed by [batch, seq, w] → a new [batch, past + seq, w]. */
    private static double[] extend(double[] past, double[] fresh, int batch, int pastLen, int seq, int width) {
        int total = pastLen + seq;
        double[] out = new double[batch * total * width];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(past, b * pastLen * width, out, b * total * width, pastLen * width);
            System.arraycopy(fresh, b * seq * width, out, (b * total + pastLen) * width, seq * width);
        }
        return out;
    }

    /** Rotates each head's (i, i + d/2) pairs by the angle of its position, which starts at {@code offset}. */
    private void rope(Kernels k, double[] x, int batch, int seq, int heads, int offset) {
        int d = spec.headDim();
        int half = d / 2;
        int width = heads * d;
        for (int s = 0; s < seq; s++) {
            for (int i = 0; i < half; i++) {
                double angle = Rope.angle(offset + s, i, d, spec.ropeTheta());
                double cos = k.round(Math.cos(angle));
                double sin = k.round(Math.sin(angle));
                for (int b = 0; b < batch; b++) {
                    for (int h = 0; h < heads; h++) {
                        int o = (b * seq + s) * width + h * d;
                        double x1 = x[o + i];
                        double x2 = x[o + half + i];
                        x[o + i] = k.round(k.round(x1 * cos) - k.round(x2 * sin));
                        x[o + half + i] = k.round(k.round(x2 * cos) + k.round(x1 * sin));
                    }
                }
            }
        }
    }
}
