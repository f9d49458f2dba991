package dev.portbench.scenarios;

import java.util.Optional;

/**
 * A pre-norm decoder-only transformer as in Llama / Qwen / Mixtral / DeepSeek (see docs/model.md):
 * grouped-query attention with RoPE and a causal mask, RMSNorm, SwiGLU FFN, and optionally an MoE FFN in every layer.
 *
 * @param ffnHidden width of the dense SwiGLU FFN; ignored (and must be 0) for MoE models, whose widths are in {@link MoeSpec}
 * @param moe       null for a dense model
 * @param qkNorm    whether each head's queries and keys go through an RMSNorm of their own (gain [head_dim]) after
 *                  their projection and before RoPE, as in Qwen3
 * @param qkvBias   whether the query, key and value projections add a bias, as in Qwen2
 */
public record ModelSpec(String name, int vocabSize, int hidden, int layers, int heads, int kvHeads, int headDim,
                        int ffnHidden, MoeSpec moe, double ropeTheta, double rmsNormEps, int maxSeqLen,
                        boolean qkNorm, boolean qkvBias) {

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
        if (moe == null) {
            SpecChecks.positive("ffn_hidden", ffnHidden);
        } else if (ffnHidden != 0) {
            throw new SpecException("ffn_hidden", "ffn_hidden = " + ffnHidden
                    + " on an MoE model; expected 0 (expert widths are moe.expert_ffn_hidden)");
        }
    }

    /** A model without per-head q/k norms and without projection biases: portbench's plain decoder. */
    public ModelSpec(String name, int vocabSize, int hidden, int layers, int heads, int kvHeads, int headDim,
                     int ffnHidden, MoeSpec moe, double ropeTheta, double rmsNormEps, int maxSeqLen) {
        this(name, vocabSize, hidden, layers, heads, kvHeads, headDim, ffnHidden, moe, ropeTheta, rmsNormEps,
                maxSeqLen, false, false);
    }

    public boolean isMoe() {
        return moe != null;
    }

    public Optional<MoeSpec> moeSpec() {
        return Optional.ofNullable(moe);
    }

    public int groupSize() {
        return heads / kvHeads;
    }

    public long attentionParametersPerLayer() {
        long q = (long) hidden * heads * headDim;
        long kv = 2L * hidden * kvHeads * headDim;
        long o = (long) heads * headDim * hidden;
        long biases = qkvBias ? (long) (heads + 2 * kvHeads) * headDim : 0;
        return q + kv + o + hidden + (qkNorm ? 2L * headDim : 0) + biases; // + the RMSNorm gains and biases
    }

    private long swiGluParameters(int width) {
        return 3L * hidden * width;
    }

    /** Parameters in one layer's FFN, all experts counted, plus its RMSNorm gain. */
    long ffnParametersPerLayer() {
        if (moe == null) {
            return swiGluParameters(ffnHidden) + hidden;
        }
        long router = (long) hidden * moe.experts();
        return router + (long) (moe.experts() + moe.sharedExperts()) * swiGluParameters(moe.expertFfnHidden()) + hidden;
    }

    /** Parameters of one layer's FFN that one token touches: router, k routed experts, shared experts, norm gain. */
    long activeFfnParametersPerLayer() {
        if (moe == null) {
            return ffnParametersPerLayer();
        }
        long router = (long) hidden * moe.experts();
        return router + (long) (moe.topK() + moe.sharedExperts()) * swiGluParameters(moe.expertFfnHidden()) + hidden;
    }

    private long embeddingAndHeadParameters() {
        return 2L * vocabSize * hidden + hidden; // embedding, lm_head, final RMSNorm gain
    }

    /**
     * Bytes one token adds to the KV cache at {@code bytesPerValue} bytes a value: a key and a value of every kv head
     * in every layer.
     */
    public long kvCacheBytesPerToken(int bytesPerValue) {
        return 2L * layers * kvHeads * headDim * bytesPerValue;
    }

    public long totalParameters() {
        return embeddingAndHeadParameters() + layers * (attentionParametersPerLayer() + ffnParametersPerLayer());
    }

    /** Parameters one token's forward pass uses (the embedding row counts as the whole table, as is customary). */
    public long activeParameters() {
        return embeddingAndHeadParameters() + layers * (attentionParametersPerLayer() + activeFfnParametersPerLayer());
    }
}
