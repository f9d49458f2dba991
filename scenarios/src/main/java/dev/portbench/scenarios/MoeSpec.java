package dev.portbench.scenarios;

/**
 * The Mixture-of-Experts part of a decoder: a {@link RouterSpec router} over {@code experts}, the {@code topK} experts
 * it picks per token, and {@code sharedExperts} that every token passes through. Each routed and shared expert is a
 * SwiGLU FFN of width {@code expertFfnHidden}. The first {@code firstDenseLayers} layers have a dense FFN of the
 * model's ffn_hidden instead (DeepSeek's first_k_dense_replace). {@code op} is how the ONNX export writes the experts
 * ({@link MoeOp}).
 */
public record MoeSpec(int experts, int topK, int expertFfnHidden, int sharedExperts, RouterSpec router,
                      int firstDenseLayers, MoeOp op) {

    public MoeSpec {
        SpecChecks.positive("moe.experts", experts);
        SpecChecks.positive("moe.top_k", topK);
        SpecChecks.positive("moe.expert_ffn_hidden", expertFfnHidden);
        SpecChecks.nonNegative("moe.shared_experts", sharedExperts);
        SpecChecks.nonNegative("moe.first_dense_layers", firstDenseLayers);
        if (router == null) {
            throw new SpecException("moe", "moe has no router; expected a RouterSpec");
        }
        if (topK > experts) {
            throw new SpecException("moe.top_k", "moe.top_k = " + topK + " is larger than moe.experts = " + experts
                    + "; expected 1 <= top_k <= experts");
        }
        checkGroups(experts, topK, router);
        if (op == null) {
            throw new SpecException("moe.moe_op", "moe.moe_op is missing; expected loop or fused");
        }
        if (op == MoeOp.FUSED) {
            checkFusable(router);
        }
    }

    /** The per-expert loop export. */
    public MoeSpec(int experts, int topK, int expertFfnHidden, int sharedExperts, RouterSpec router,
                   int firstDenseLayers) {
        this(experts, topK, expertFfnHidden, sharedExperts, router, firstDenseLayers, MoeOp.LOOP);
    }

    /** Softmax routing, top-k renormalised, every layer MoE. */
    public MoeSpec(int experts, int topK, int expertFfnHidden, int sharedExperts) {
        this(experts, topK, expertFfnHidden, sharedExperts, RouterSpec.SOFTMAX_TOP_K, 0);
    }

    /**
     * ONNX Runtime's MoE op routes by itself: softmax over the router logits, top-k, optionally renormalised. A router
     * it cannot express would be silently replaced by that one, so it is refused here.
     */
    private static void checkFusable(RouterSpec router) {
        if (router.scoring() != RouterSpec.Scoring.SOFTMAX || router.grouped() || router.correctionBias()) {
            throw new SpecException("moe.moe_op", "moe.moe_op = fused, but the router has scoring "
                    + router.scoring().id() + ", n_group " + router.groups() + ", correction_bias "
                    + router.correctionBias() + "; ONNX Runtime's com.microsoft.MoE routes by softmax top-k only, so"
                    + " expected scoring softmax, n_group 1 and no correction_bias (or moe_op: loop)");
        }
    }

    private static void checkGroups(int experts, int topK, RouterSpec router) {
        int groups = router.groups();
        if (experts % groups != 0) {
            throw new SpecException("moe.n_group", "moe.n_group = " + groups + " does not divide moe.experts = "
                    + experts + "; expected equal groups");
        }
        int perGroup = experts / groups;
        if (router.grouped() && router.correctionBias() && perGroup < 2) {
            throw new SpecException("moe.n_group", "moe.n_group = " + groups + " leaves " + perGroup
                    + " expert per group; a group's score with the correction bias is the sum of its two best, so"
                    + " expected at least 2 experts per group");
        }
        if ((long) router.topkGroups() * perGroup < topK) {
            throw new SpecException("moe.topk_group", "moe.topk_group = " + router.topkGroups() + " groups of "
                    + perGroup + " experts hold fewer than top_k = " + topK + "; expected topk_group · experts /"
                    + " n_group >= top_k");
        }
    }

    /** The same experts and router, exported as {@code other} says. */
    public MoeSpec withOp(MoeOp other) {
        return new MoeSpec(experts, topK, expertFfnHidden, sharedExperts, router, firstDenseLayers, other);
    }

    public int expertsPerGroup() {
        return experts / router.groups();
    }
}
