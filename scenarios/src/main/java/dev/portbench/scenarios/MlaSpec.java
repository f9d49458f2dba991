package dev.portbench.scenarios;

/**
 * DeepSeek-V2/V3's multi-head latent attention (docs/model.md): queries through an optional low-rank bottleneck
 * ({@code qLoraRank}, 0 for a direct projection as in DeepSeek-V2-Lite), keys and values through one joint latent of
 * {@code kvLoraRank} channels that every head decompresses, and a RoPE key of {@code qkRopeHeadDim} channels shared by
 * all heads. Each head's query and key are {@code qkNopeHeadDim} position-free channels followed by the rotary ones; its
 * value has {@code vHeadDim}. The KV cache holds the latent (after its RMSNorm) and the rotated key only.
 */
public record MlaSpec(int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim) {
    /** ε of the latents' RMSNorms: DeepSeek's code builds them with the default 1e-6, whatever rms_norm_eps says. */
    public static final double LATENT_NORM_EPS = 1e-6;

    public MlaSpec {
        SpecChecks.nonNegative("mla.q_lora_rank", qLoraRank);
        SpecChecks.positive("mla.kv_lora_rank", kvLoraRank);
        SpecChecks.positive("mla.qk_nope_head_dim", qkNopeHeadDim);
        SpecChecks.positive("mla.qk_rope_head_dim", qkRopeHeadDim);
        SpecChecks.positive("mla.v_head_dim", vHeadDim);
        if (qkRopeHeadDim % 2 != 0) {
            throw new SpecException("mla.qk_rope_head_dim", "mla.qk_rope_head_dim = " + qkRopeHeadDim
                    + "; RoPE rotates pairs, so it must be even");
        }
    }

    /** Width of each head's query and key: the position-free channels, then the rotary ones. */
    public int qkHeadDim() {
        return qkNopeHeadDim + qkRopeHeadDim;
    }

    public boolean hasQueryLora() {
        return qLoraRank > 0;
    }
}
