package dev.portbench.scenarios;

import java.util.Locale;

/**
 * How an MoE layer picks and weights its experts (docs/model.md):
 * <ol>
 *   <li>scores: softmax over the router logits (Mixtral, Qwen3, DeepSeek-V2) or an independent sigmoid per expert
 *       (DeepSeek-V3);</li>
 *   <li>with {@code correctionBias}, a learnt per-expert bias (DeepSeek-V3's e_score_correction_bias) is added to the
 *       scores for the choice only, never to the weights;</li>
 *   <li>with {@code groups} &gt; 1, the experts are split into that many equal groups and only the best
 *       {@code topkGroups} groups may be chosen from; a group's score is its best expert's (DeepSeek-V2's
 *       group_limited_greedy) or, with the correction bias, the sum of its two best (DeepSeek-V3's noaux_tc);</li>
 *   <li>the top-k experts by the choice score; their weights are their scores, divided by the sum of the k where
 *       {@code normTopK}, then multiplied by {@code routedScaling}.</li>
 * </ol>
 */
public record RouterSpec(Scoring scoring, boolean normTopK, double routedScaling, int groups, int topkGroups,
                         boolean correctionBias) {

    /** Softmax, top-k renormalised, no groups: Mixtral's and Qwen3-MoE's router, portbench's default. */
    public static final RouterSpec SOFTMAX_TOP_K = new RouterSpec(Scoring.SOFTMAX, true, 1.0, 1, 1, false);

    public enum Scoring {
        SOFTMAX, SIGMOID;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Scoring fromId(String id) {
            for (Scoring s : values()) {
                if (s.id().equals(id)) {
                    return s;
                }
            }
            throw new SpecException("moe.scoring", "moe.scoring = '" + id + "'; expected softmax or sigmoid");
        }
    }

    public RouterSpec {
        if (scoring == null) {
            throw new SpecException("moe.scoring", "moe.scoring is missing; expected softmax or sigmoid");
        }
        SpecChecks.positiveFinite("moe.routed_scaling_factor", routedScaling);
        SpecChecks.positive("moe.n_group", groups);
        SpecChecks.positive("moe.topk_group", topkGroups);
        if (topkGroups > groups) {
            throw new SpecException("moe.topk_group", "moe.topk_group = " + topkGroups + " is larger than moe.n_group = "
                    + groups + "; expected 1 <= topk_group <= n_group");
        }
    }

    public boolean grouped() {
        return groups > 1;
    }

    /** Whether this is {@link #SOFTMAX_TOP_K}, which scenario files need not spell out. */
    public boolean isDefault() {
        return equals(SOFTMAX_TOP_K);
    }
}
