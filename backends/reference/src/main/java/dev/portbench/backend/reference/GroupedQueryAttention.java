package dev.portbench.backend.reference;

import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.Rope;
import dev.portbench.scenarios.WeightLayout;

/** One layer's causal grouped-query attention with RoPE (Llama, Qwen, Mixtral). */
final class GroupedQueryAttention implements AttentionLayer {
    private final ModelSpec spec;
    private final PackedMatrix wq;
    private final PackedMatrix wk;
    private final PackedMatrix wv;
    private final PackedMatrix wo;
    /** The projections' biases; null for models without them. */
    private final double[] bq;
    private final double[] bk;
    private final double[] bv;
    /** Per-head RMSNorm gains of queries and keys ([head_dim]); null for models without them. */
    private final double[] qNorm;
    private final double[] kNorm;

    private final RotaryEmbedding rope;

    GroupedQueryAttention(ModelSpec spec, ReferenceWeights w, int layer) {
        this(spec, w, layer, new RotaryEmbedding(Rope.of(spec)));
    }

    /** @param rope the model's RoPE, which every layer may share (its table of angles is the same) */
    GroupedQueryAttention(ModelSpec spec, ReferenceWeights w, int layer, RotaryEmbedding rope) {
        this.spec = spec;
        this.wq = w.matrix(WeightLayout.wq(layer));
        this.wk = w.matrix(WeightLayout.wk(layer));
        this.wv = w.matrix(WeightLayout.wv(layer));
        this.wo = w.matrix(WeightLayout.wo(layer));
        this.bq = spec.qkvBias() ? w.get(WeightLayout.bq(layer)) : null;
        this.bk = spec.qkvBias() ? w.get(WeightLayout.bk(layer)) : null;
        this.bv = spec.qkvBias() ? w.get(WeightLayout.bv(layer)) : null;
        this.qNorm = spec.qkNorm() ? w.get(WeightLayout.qNorm(layer)) : null;
        this.kNorm = spec.qkNorm() ? w.get(WeightLayout.kNorm(layer)) : null;
        this.rope = rope;
    }

    @Override
    public Result apply(Kernels k, double[] a, int batch, int seq, LayerCache past) {
        int tokens = batch * seq;
        int d = spec.headDim();
        int qWidth = spec.heads() * d;
        int kvWidth = spec.kvHeads() * d;
        int pastLen = past.length();
        int total = pastLen + seq;
        double[] q = normedHeads(k, biased(k, k.matmul(a, tokens, wq), bq),
                tokens * spec.heads(), qNorm);
        double[] kNew = normedHeads(k, biased(k, k.matmul(a, tokens, wk), bk),
                tokens * spec.kvHeads(), kNorm);
        double[] vNew = biased(k, k.matmul(a, tokens, wv), bv);
        rope.apply(k, q, batch, seq, spec.heads(), d, 0, pastLen);
        rope.apply(k, kNew, batch, seq, spec.kvHeads(), d, 0, pastLen);
        LayerCache cache = new LayerCache(AttentionLayer.extend(past.keys(), kNew, batch, pastLen, seq, kvWidth),
                AttentionLayer.extend(past.values(), vNew, batch, pastLen, seq, kvWidth), total);
        double[] keys = cache.keys();
        double[] values = cache.values();

        double scale = k.round(spec.attentionScale());
        double[] out = new double[tokens * qWidth];
        long workPerHead = (long) seq * total * d;
        k.forEach(batch * spec.heads(), workPerHead, bh -> attendHead(k, q, keys, values, out,
                bh / spec.heads(), bh % spec.heads(), seq, pastLen, scale));
        return new Result(k.matmul(out, tokens, wo), cache);
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
            k.attentionWeights(scores, q, qOff, d, keysT, total, visible, scale);
            k.attend(scores, visible, values, b * total * kvWidth + kvOff, kvWidth, out, qOff, d);
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
}
