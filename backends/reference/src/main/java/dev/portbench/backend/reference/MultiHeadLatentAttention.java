package dev.portbench.backend.reference;

import dev.portbench.scenarios.MlaSpec;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.Rope;
import dev.portbench.scenarios.WeightLayout;

/**
 * One layer's multi-head latent attention as DeepSeek-V2/V3 define it, in the naive form: the cache holds each
 * position's normed latent and rotated shared key, and every pass decompresses the latents of the whole context into
 * each head's keys and values with kv_b.
 *
 * <pre>
 * q        = a·W_q  (or RMSNorm(a·W_qa)·W_qb)          per head [q_nope | q_rope]
 * [c, kr]  = a·W_kva                                   c: kv_lora_rank, kr: qk_rope_head_dim
 * latent   = RMSNorm(c);  RoPE on q_rope and kr        cache: latent, kr
 * [k_nope | v] per head = latent·W_kvb                 for every position so far
 * score    = (q_nope·k_nope + q_rope·kr) / √(qk_nope + qk_rope) (× YaRN's factor), causal softmax, Σ p·v, ·W_o
 * </pre>
 */
final class MultiHeadLatentAttention implements AttentionLayer {
    private final ModelSpec spec;
    private final MlaSpec mla;
    /** The direct query projection, or null where the model has a query bottleneck (wqA, qANorm, wqB). */
    private final PackedMatrix wq;
    private final PackedMatrix wqA;
    private final double[] qANorm;
    private final PackedMatrix wqB;
    private final PackedMatrix wkvA;
    private final double[] kvANorm;
    private final PackedMatrix wkvB;
    private final PackedMatrix wo;
    private final RotaryEmbedding rope;

    MultiHeadLatentAttention(ModelSpec spec, ReferenceWeights w, int layer) {
        this(spec, w, layer, new RotaryEmbedding(Rope.of(spec)));
    }

    /** @param rope the model's RoPE, which every layer may share (its table of angles is the same) */
    MultiHeadLatentAttention(ModelSpec spec, ReferenceWeights w, int layer, RotaryEmbedding rope) {
        this.spec = spec;
        this.mla = spec.mla();
        boolean lora = mla.hasQueryLora();
        this.wq = lora ? null : w.matrix(WeightLayout.wq(layer));
        this.wqA = lora ? w.matrix(WeightLayout.wqA(layer)) : null;
        this.qANorm = lora ? w.get(WeightLayout.qANorm(layer)) : null;
        this.wqB = lora ? w.matrix(WeightLayout.wqB(layer)) : null;
        this.wkvA = w.matrix(WeightLayout.wkvA(layer));
        this.kvANorm = w.get(WeightLayout.kvANorm(layer));
        this.wkvB = w.matrix(WeightLayout.wkvB(layer));
        this.wo = w.matrix(WeightLayout.wo(layer));
        this.rope = rope;
    }

    @Override
    public Result apply(Kernels k, double[] a, int batch, int seq, LayerCache past) {
        int tokens = batch * seq;
        int heads = spec.heads();
        int qkDim = mla.qkHeadDim();
        int rank = mla.kvLoraRank();
        int ropeDim = mla.qkRopeHeadDim();
        int pastLen = past.length();
        int total = pastLen + seq;

        double[] q = queries(k, a, tokens);
        double[] down = k.matmul(a, tokens, wkvA);
        double[] latent = new double[tokens * rank];
        double[] ropeKey = new double[tokens * ropeDim];
        for (int t = 0; t < tokens; t++) {
            System.arraycopy(down, t * (rank + ropeDim), latent, t * rank, rank);
            System.arraycopy(down, t * (rank + ropeDim) + rank, ropeKey, t * ropeDim, ropeDim);
        }
        latent = k.rmsNorm(latent, tokens, rank, kvANorm, MlaSpec.LATENT_NORM_EPS);
        rope.apply(k, q, batch, seq, heads, qkDim, mla.qkNopeHeadDim(), pastLen);
        rope.apply(k, ropeKey, batch, seq, 1, ropeDim, 0, pastLen);
        LayerCache cache = new LayerCache(AttentionLayer.extend(past.keys(), latent, batch, pastLen, seq, rank),
                AttentionLayer.extend(past.values(), ropeKey, batch, pastLen, seq, ropeDim), total);

        // naive form: every position's keys and values, decompressed from the cached latents
        double[] kv = k.matmul(cache.keys(), batch * total, wkvB);
        double scale = k.round(spec.attentionScale());
        double[] out = new double[tokens * heads * mla.vHeadDim()];
        long workPerHead = (long) seq * total * (qkDim + mla.vHeadDim());
        k.forEach(batch * heads, workPerHead, bh -> attendHead(k, q, kv, cache.values(), out,
                bh / heads, bh % heads, seq, pastLen, scale));
        return new Result(k.matmul(out, tokens, wo), cache);
    }

    /** [tokens, heads · (qk_nope + qk_rope)], before RoPE. */
    private double[] queries(Kernels k, double[] a, int tokens) {
        if (!mla.hasQueryLora()) {
            return k.matmul(a, tokens, wq);
        }
        double[] compressed = k.matmul(a, tokens, wqA);
        double[] normed = k.rmsNorm(compressed, tokens, mla.qLoraRank(), qANorm, MlaSpec.LATENT_NORM_EPS);
        return k.matmul(normed, tokens, wqB);
    }

    /**
     * One (sequence, head)'s queries against every visible position, into its slice of {@code out}. A key is the
     * head's k_nope followed by the shared rotated key, transposed to [channel, position] so that scores accumulate
     * along positions in channel order, as a dot product over [q_nope | q_rope] would; heads may run on any thread.
     */
    private void attendHead(Kernels k, double[] q, double[] kv, double[] ropeKeys, double[] out, int b, int h,
                            int seq, int pastLen, double scale) {
        int nope = mla.qkNopeHeadDim();
        int ropeDim = mla.qkRopeHeadDim();
        int qkDim = mla.qkHeadDim();
        int vDim = mla.vHeadDim();
        int kvWidth = spec.heads() * (nope + vDim);
        int headOff = h * (nope + vDim);
        int total = pastLen + seq;
        double[] keysT = new double[qkDim * total];
        for (int j = 0; j < total; j++) {
            int row = b * total + j;
            for (int c = 0; c < nope; c++) {
                keysT[c * total + j] = kv[row * kvWidth + headOff + c];
            }
            for (int c = 0; c < ropeDim; c++) {
                keysT[(nope + c) * total + j] = ropeKeys[row * ropeDim + c];
            }
        }
        double[] scores = new double[total];
        int qWidth = spec.heads() * qkDim;
        int outWidth = spec.heads() * vDim;
        for (int i = 0; i < seq; i++) {
            int visible = pastLen + i + 1;
            int qOff = (b * seq + i) * qWidth + h * qkDim;
            k.attentionWeights(scores, q, qOff, qkDim, keysT, total, visible, scale);
            int oOff = (b * seq + i) * outWidth + h * vDim;
            k.attend(scores, visible, kv, b * total * kvWidth + headOff + nope, kvWidth, out, oOff, vDim);
        }
    }
}
