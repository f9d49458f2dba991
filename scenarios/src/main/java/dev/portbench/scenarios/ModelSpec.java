package dev.portbench.scenarios;

import java.util.Optional;

/**
 * A pre-norm decoder-only transformer as in Llama / Qwen / Mixtral / DeepSeek (see docs/model.md): grouped-query or
 * multi-head latent attention with RoPE and a causal mask, RMSNorm, SwiGLU FFN, and optionally an MoE FFN in every
 * layer after the first dense ones.
 *
 * @param ffnHidden width of the dense SwiGLU FFN; on MoE models the width of their first dense layers, and 0 where
 *                  every layer is MoE (expert widths are in {@link MoeSpec})
 * @param moe       null for a dense model
 * @param qkNorm    whether each head's queries and keys go through an RMSNorm of their own (gain [head_dim]) after
 *                  their projection and before RoPE, as in Qwen3
 * @param qkvBias   whether the query, key and value projections add a bias, as in Qwen2
 * @param mla       null for grouped-query attention; else multi-head latent attention, with kv_heads = heads and
 *                  head_dim = the query/key width (qk_nope_head_dim + qk_rope_head_dim)
 * @param ropeScaling null for plain RoPE; else YaRN as DeepSeek configures it (MLA models only)
 */
public record ModelSpec(String name, int vocabSize, int hidden, int layers, int heads, int kvHeads, int headDim,
                        int ffnHidden, MoeSpec moe, double ropeTheta, double rmsNormEps, int maxSeqLen,
                        boolean qkNorm, boolean qkvBias, MlaSpec mla, YarnScaling ropeScaling) {

    public ModelSpec {
        SpecChecks.name("name", name);
        SpecChecks.positive("vocab_size", vocabSize);
        SpecChecks.positive("hidden", hidden);
        SpecChecks.positive("layers", layers);
        SpecChecks.positive("heads", heads);
        SpecChecks.positive("kv_heads", kvHeads);
        SpecChecks.positive("head_dim", headDim);
        SpecChecks.positiveFinite("rope_theta", ropeTheta);
        SpecChecks.positiveFinite("rms_norm_eps", rmsNormEps);
        SpecChecks.positive("max_seq_len", maxSeqLen);
        if (heads % kvHeads != 0) {
            throw new SpecException("kv_heads", "heads = " + heads + " is not divisible by kv_heads = " + kvHeads
                    + "; grouped-query attention needs heads to be a multiple of kv_heads");
        }
        if (headDim % 2 != 0) {
            throw new SpecException("head_dim", "head_dim = " + headDim + "; RoPE rotates pairs, so head_dim must be even");
        }
        if (mla != null) {
            checkLatentAttention(mla, heads, kvHeads, headDim, qkNorm, qkvBias);
        }
        if (ropeScaling != null && mla == null) {
            throw new SpecException("rope_scaling", "rope_scaling on a model without mla; expected it on MLA models"
                    + " only: portbench implements YaRN as DeepSeek's code applies it (frequencies, cos/sin and the"
                    + " softmax scale), not the other families' variants");
        }
        if (moe == null || moe.firstDenseLayers() > 0) {
            SpecChecks.positive("ffn_hidden", ffnHidden);
        } else if (ffnHidden != 0) {
            throw new SpecException("ffn_hidden", "ffn_hidden = " + ffnHidden
                    + " on an MoE model without dense layers; expected 0 (expert widths are moe.expert_ffn_hidden;"
                    + " ffn_hidden is the width of the moe.first_dense_layers)");
        }
    }

    /** A model with plain RoPE. */
    public ModelSpec(String name, int vocabSize, int hidden, int layers, int heads, int kvHeads, int headDim,
                     int ffnHidden, MoeSpec moe, double ropeTheta, double rmsNormEps, int maxSeqLen,
                     boolean qkNorm, boolean qkvBias, MlaSpec mla) {
        this(name, vocabSize, hidden, layers, heads, kvHeads, headDim, ffnHidden, moe, ropeTheta, rmsNormEps,
                maxSeqLen, qkNorm, qkvBias, mla, null);
    }

    /** A grouped-query attention model. */
    public ModelSpec(String name, int vocabSize, int hidden, int layers, int heads, int kvHeads, int headDim,
                     int ffnHidden, MoeSpec moe, double ropeTheta, double rmsNormEps, int maxSeqLen,
                     boolean qkNorm, boolean qkvBias) {
        this(name, vocabSize, hidden, layers, heads, kvHeads, headDim, ffnHidden, moe, ropeTheta, rmsNormEps,
                maxSeqLen, qkNorm, qkvBias, null);
    }

    /** A model without per-head q/k norms and without projection biases: portbench's plain decoder. */
    public ModelSpec(String name, int vocabSize, int hidden, int layers, int heads, int kvHeads, int headDim,
                     int ffnHidden, MoeSpec moe, double ropeTheta, double rmsNormEps, int maxSeqLen) {
        this(name, vocabSize, hidden, layers, heads, kvHeads, headDim, ffnHidden, moe, ropeTheta, rmsNormEps,
                maxSeqLen, false, false);
    }

    /** MLA gives every head its own keys and values from the shared latent; the GQA-only options do not apply. */
    private static void checkLatentAttention(MlaSpec mla, int heads, int kvHeads, int headDim, boolean qkNorm,
                                             boolean qkvBias) {
        if (kvHeads != heads) {
            throw new SpecException("kv_heads", "kv_heads = " + kvHeads + " with mla; expected kv_heads = heads = "
                    + heads + " (each head decompresses its own keys and values from the latent)");
        }
        if (headDim != mla.qkHeadDim()) {
            throw new SpecException("head_dim", "head_dim = " + headDim + " with mla; expected qk_nope_head_dim +"
                    + " qk_rope_head_dim = " + mla.qkHeadDim());
        }
        if (qkNorm || qkvBias) {
            throw new SpecException(qkNorm ? "qk_norm" : "qkv_bias", (qkNorm ? "qk_norm" : "qkv_bias")
                    + " = true with mla; expected false: they belong to grouped-query attention (Qwen), MLA has"
                    + " RMSNorms on its latents instead");
        }
    }

    public boolean isMoe() {
        return moe != null;
    }

    /**
     * This model with its MoE layers exported as {@code op} says; a dense model only as the loop, which it does not
     * have either way.
     */
    public ModelSpec withMoeOp(MoeOp op) {
        if (!isMoe()) {
            if (op == MoeOp.FUSED) {
                throw new SpecException("moe_op", "moe_op = fused, but " + name + " is a dense model; expected"
                        + " moe_op only for an MoE model");
            }
            return this;
        }
        return op == moe.op() ? this : new ModelSpec(name, vocabSize, hidden, layers, heads, kvHeads, headDim,
                ffnHidden, moe.withOp(op), ropeTheta, rmsNormEps, maxSeqLen, qkNorm, qkvBias, mla, ropeScaling);
    }

    /** This model with its multi-head latent attention computed in {@code form}; a model without MLA as it is. */
    public ModelSpec withMlaForm(MlaSpec.Form form) {
        if (!isMla() || mla.form() == form) {
            return this;
        }
        return new ModelSpec(name, vocabSize, hidden, layers, heads, kvHeads, headDim, ffnHidden, moe, ropeTheta,
                rmsNormEps, maxSeqLen, qkNorm, qkvBias, mla.withForm(form), ropeScaling);
    }

    public Optional<MoeSpec> moeSpec() {
        return Optional.ofNullable(moe);
    }

    /** Whether layer l's FFN is a Mixture of Experts: every layer of an MoE model past its first dense ones. */
    public boolean isMoeLayer(int l) {
        return moe != null && l >= moe.firstDenseLayers();
    }

    /** The layers with a router, in order: those whose routing the graphs output as router_topk_L. */
    public int[] moeLayers() {
        return java.util.stream.IntStream.range(0, layers).filter(this::isMoeLayer).toArray();
    }

    /** Whether a forward pass routes any token, i.e. has at least one MoE layer. */
    public boolean hasRouting() {
        return moeLayers().length > 0;
    }

    public int groupSize() {
        return heads / kvHeads;
    }

    public boolean isMla() {
        return mla != null;
    }

    /**
     * What attention scores are multiplied by before the softmax: 1/√head_dim; MLA's 1/√(qk_nope + qk_rope), times
     * YaRN's mscale_all_dim factor where the model has it, as DeepSeek's code sets softmax_scale.
     */
    public double attentionScale() {
        if (mla == null) {
            return 1.0 / Math.sqrt(headDim);
        }
        double scale = 1.0 / Math.sqrt(mla.qkHeadDim());
        return ropeScaling == null ? scale : scale * ropeScaling.softmaxFactor();
    }

    /** Channels RoPE rotates in each query and key: the whole head, or MLA's decoupled rotary part. */
    public int ropeDim() {
        return mla == null ? headDim : mla.qkRopeHeadDim();
    }

    /**
     * What one layer caches per position and sequence: keys and values of every kv head, or MLA's normed latent
     * (the "key" slot, one row of kv_lora_rank) and its shared rotated key (the "value" slot, qk_rope_head_dim).
     */
    public KvCacheShape kvCacheShape() {
        return mla == null ? new KvCacheShape(kvHeads, headDim, headDim)
                : new KvCacheShape(1, mla.kvLoraRank(), mla.qkRopeHeadDim());
    }

    public long attentionParametersPerLayer() {
        if (mla != null) {
            return latentAttentionParameters();
        }
        long q = (long) hidden * heads * headDim;
        long kv = 2L * hidden * kvHeads * headDim;
        long o = (long) heads * headDim * hidden;
        long biases = qkvBias ? (long) (heads + 2 * kvHeads) * headDim : 0;
        return q + kv + o + hidden + (qkNorm ? 2L * headDim : 0) + biases; // + the RMSNorm gains and biases
    }

    /** MLA: the query path (direct, or down, norm, up), the joint down-projection, its norm, the up-projection, o. */
    private long latentAttentionParameters() {
        long qOut = (long) heads * mla.qkHeadDim();
        long query = mla.hasQueryLora()
                ? (long) hidden * mla.qLoraRank() + mla.qLoraRank() + (long) mla.qLoraRank() * qOut
                : hidden * qOut;
        long kvDown = (long) hidden * (mla.kvLoraRank() + mla.qkRopeHeadDim()) + mla.kvLoraRank();
        long kvUp = (long) mla.kvLoraRank() * heads * (mla.qkNopeHeadDim() + mla.vHeadDim());
        long o = (long) heads * mla.vHeadDim() * hidden;
        return query + kvDown + kvUp + o + hidden; // + the attention RMSNorm's gain
    }

    private long swiGluParameters(int width) {
        return 3L * hidden * width;
    }

    /** Parameters in layer l's FFN, all experts counted, plus its RMSNorm gain. */
    long ffnParameters(int l) {
        return ffnParameters(l, false);
    }

    /** Parameters of layer l's FFN that one token touches: router, k routed experts, shared experts, norm gain. */
    long activeFfnParameters(int l) {
        return ffnParameters(l, true);
    }

    private long ffnParameters(int l, boolean activeOnly) {
        if (!isMoeLayer(l)) {
            return swiGluParameters(ffnHidden) + hidden;
        }
        long router = (long) hidden * moe.experts() + (moe.router().correctionBias() ? moe.experts() : 0);
        long routed = activeOnly ? moe.topK() : moe.experts();
        return router + (routed + moe.sharedExperts()) * swiGluParameters(moe.expertFfnHidden()) + hidden;
    }

    private long embeddingAndHeadParameters() {
        return 2L * vocabSize * hidden + hidden; // embedding, lm_head, final RMSNorm gain
    }

    /**
     * Bytes one token adds to the KV cache at {@code bytesPerValue} bytes a value: a key and a value of every kv head
     * in every layer, or MLA's latent and rotary key.
     */
    public long kvCacheBytesPerToken(int bytesPerValue) {
        return (long) layers * kvCacheShape().valuesPerPosition() * bytesPerValue;
    }

    public long totalParameters() {
        long sum = embeddingAndHeadParameters();
        for (int l = 0; l < layers; l++) {
            sum += attentionParametersPerLayer() + ffnParameters(l);
        }
        return sum;
    }

    /** Parameters one token's forward pass uses (the embedding row counts as the whole table, as is customary). */
    public long activeParameters() {
        long sum = embeddingAndHeadParameters();
        for (int l = 0; l < layers; l++) {
            sum += attentionParametersPerLayer() + activeFfnParameters(l);
        }
        return sum;
    }
}
