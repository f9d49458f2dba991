package dev.portbench.scenarios;

/**
 * The Mixture-of-Experts part of a decoder: a softmax router over {@code experts}, the {@code topK} best experts per
 * token with their weights renormalised over the k, and {@code sharedExperts} that every token passes through.
 * Each routed and shared expert is a SwiGLU FFN of width {@code expertFfnHidden}.
 */
public record MoeSpec(int experts, int topK, int expertFfnHidden, int sharedExperts) {

    public MoeSpec {
        SpecChecks.positive("moe.experts", experts);
        SpecChecks.positive("moe.top_k", topK);
        SpecChecks.positive("moe.expert_ffn_hidden", expertFfnHidden);
        SpecChecks.nonNegative("moe.shared_experts", sharedExperts);
        if (topK > experts) {
            throw new SpecException("moe.top_k", "moe.top_k = " + topK + " is larger than moe.experts = " + experts
                    + "; expected 1 <= top_k <= experts");
        }
    }
}
