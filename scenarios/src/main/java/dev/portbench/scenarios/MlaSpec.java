package dev.portbench.scenarios;

/**
 * DeepSeek-V2/V3's multi-head latent attention (docs/model.md): queries through an optional low-rank bottleneck
 * ({@code qLoraRank}, 0 for a direct projection as in DeepSeek-V2-Lite), keys and values through one joint latent of
 * {@code kvLoraRank} channels that every head decompresses, and a RoPE key of {@code qkRopeHeadDim} channels shared by
 * all heads. Each head's query and key are {@code qkNopeHeadDim} position-free channels followed by the rotary ones; its
 * value has {@code vHeadDim}. The KV cache holds the latent (after its RMSNorm) and the rotated key only.
 *
 * @param form how the ONNX export and djl-pytorch compute it (the oracle and the fp32 reference always run the naive
 *             form, the definition); both forms compute the same function, in a different order
 */
public record MlaSpec(int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim, Form form) {

    /**
     * Naive: every pass decompresses each cached latent into the heads' keys and values with kv_b. Absorbed (as
     * DeepSeek's serving code runs decode): kv_b's key half is folded into each head's query and its value half
     * applied after the weighted sum, so attention runs against the latents themselves.
     */
    public enum Form {
        NAIVE, ABSORBED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Form fromId(String id) {
            for (Form f : values()) {
                if (f.id().equals(id)) {
                    return f;
                }
            }
            throw new SpecException("mla.form", "mla.form = '" + id + "'; expected naive or absorbed");
        }
    }

    /** The naive form. */
    public MlaSpec(int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim) {
        this(qLoraRank, kvLoraRank, qkNopeHeadDim, qkRopeHeadDim, vHeadDim, Form.NAIVE);
    }
    /** ε of the latents' RMSNorms: DeepSeek's code builds them with the default 1e-6, whatever rms_norm_eps says. */
    public static final double LATENT_NORM_EPS = 1e-6;

    public MlaSpec {
        SpecChecks.nonNegative("mla.q_lora_rank", qLoraRank);
        SpecChecks.positive("mla.kv_lora_rank", kvLoraRank);
        SpecChecks.positive("mla.qk_nope_head_dim", qkNopeHeadDim);
        SpecChecks.positive("mla.qk_rope_head_dim", qkRopeHeadDim);
        SpecChecks.positive("mla.v_head_dim", vHeadDim);
        if (form == null) {
            throw new SpecException("mla.form", "mla.form is missing; expected naive or absorbed");
        }
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

    public boolean absorbed() {
        return form == Form.ABSORBED;
    }

    /** The same attention computed in {@code other} form. */
    public MlaSpec withForm(Form other) {
        return other == form ? this : new MlaSpec(qLoraRank, kvLoraRank, qkNopeHeadDim, qkRopeHeadDim, vHeadDim, other);
    }
}
