package dev.portbench.scenarios.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portbench.scenarios.MlaSpec;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.MoeSpec;
import dev.portbench.scenarios.RouterSpec;
import dev.portbench.scenarios.SpecException;
import dev.portbench.scenarios.YarnScaling;

/**
 * The model of a DeepSeek-V2 or V3 {@code config.json}: multi-head latent attention from q_lora_rank (null: a direct
 * query projection), kv_lora_rank, qk_nope_head_dim, qk_rope_head_dim and v_head_dim; routed experts of
 * moe_intermediate_size with n_shared_experts; the router from scoring_func and topk_method (greedy,
 * group_limited_greedy with n_group/topk_group, or noaux_tc, which adds e_score_correction_bias); and
 * first_k_dense_replace dense layers of intermediate_size. Counts left out take the defaults of the config's
 * model_type, deepseek_v2 or deepseek_v3.
 */
final class DeepSeekConfig {
    /** The YaRN fields DeepSeek's DeepseekV3YarnRotaryEmbedding reads, with the type and base beside them. */
    private static final java.util.List<String> YARN_FIELDS = java.util.List.of("type", "rope_type", "rope_theta",
            "factor", "original_max_position_embeddings", "beta_fast", "beta_slow", "mscale", "mscale_all_dim");

    private DeepSeekConfig() {
    }

    static ModelSpec spec(HfConfig c, String name, int layers, int hidden, int maxSeq, double theta, double eps) {
        int heads = c.positive("num_attention_heads");
        JsonNode kv = c.field("num_key_value_heads");
        if (kv.isNumber() && kv.asInt() != heads) {
            throw c.error("num_key_value_heads", kv.toString(), heads + ", num_attention_heads (multi-head latent"
                    + " attention gives every head its own keys and values)");
        }
        if (c.field("q_lora_rank").isMissingNode()) { // DeepSeek's and transformers' config classes default it
            throw c.error("q_lora_rank", "missing", "a rank, or null for a direct q_proj (DeepSeek's and transformers'"
                    + " configuration classes default it to 1536, which portbench does not guess)");
        }
        MlaSpec mla = new MlaSpec(present(c, "q_lora_rank") ? c.positive("q_lora_rank") : 0,
                c.positive("kv_lora_rank"), c.positive("qk_nope_head_dim"), c.positive("qk_rope_head_dim"),
                c.positive("v_head_dim"));
        MoeSpec moe = null;
        int ffn = c.positive("intermediate_size");
        if (c.isMoe()) {
            JsonNode freq = c.field("moe_layer_freq");
            if (present(c, "moe_layer_freq") && freq.asInt() != 1) {
                throw c.error("moe_layer_freq", freq.toString(), "1 (every layer after first_k_dense_replace an MoE"
                        + " layer)");
            }
            int dense = defaulted(c, "first_k_dense_replace", 0, 3);
            int shared = sharedExperts(c);
            moe = new MoeSpec(c.positive("n_routed_experts"), c.positive("num_experts_per_tok"),
                    c.positive("moe_intermediate_size"), shared, router(c), dense);
            if (dense == 0) {
                ffn = 0; // intermediate_size sizes no layer
            }
        }
        return new ModelSpec(name, c.positive("vocab_size"), hidden, layers, heads, heads, mla.qkHeadDim(), ffn, moe,
                theta, eps, maxSeq, false, false, mla, yarn(c));
    }

    /**
     * The RoPE scaling (rope_scaling, or transformers 5's rope_parameters): none, or YaRN with the defaults of
     * DeepSeek's DeepseekV3YarnRotaryEmbedding. A field DeepSeek's code would read as None (null) is refused, as
     * its code fails on it.
     */
    private static YarnScaling yarn(HfConfig c) {
        RopeConfig.Scaling s = c.ropeScaling();
        if (s == null) {
            return null;
        }
        String yarn = "null or {\"type\": \"yarn\"} with factor and original_max_position_embeddings (the RoPE"
                + " scaling DeepSeek's code implements)";
        JsonNode r = s.fields();
        if (!s.type().equals("yarn")) {
            throw s.error(c, "rope_type", yarn, "\"default\" or \"yarn\" (the RoPE scaling DeepSeek's code"
                    + " implements)");
        }
        refuseUnreadYarnFields(c, s, yarn);
        if (!r.path("factor").isNumber()) {
            throw s.error(c, "factor", yarn, "a number, how many times the trained context YaRN serves");
        }
        if (!r.path("original_max_position_embeddings").isIntegralNumber()) {
            throw s.error(c, "original_max_position_embeddings", yarn, "a whole number, the trained context");
        }
        try {
            return new YarnScaling(r.path("factor").asDouble(), r.path("original_max_position_embeddings").asInt(),
                    optional(c, s, "beta_fast", 32, yarn), optional(c, s, "beta_slow", 1, yarn),
                    optional(c, s, "mscale", 1, yarn), optional(c, s, "mscale_all_dim", 0, yarn));
        } catch (SpecException e) { // "rope_scaling.FIELD = V; expected E": the field and E
            String key = e.field().map(f -> f.substring(f.indexOf('.') + 1)).orElse("factor");
            String m = e.getMessage();
            throw s.error(c, key, m, m.contains("; expected ") ? m.substring(m.indexOf("; expected ") + 11) : m);
        }
    }

    /**
     * A YaRN field DeepSeek's code does not read would be ignored here too, and such a field changes the numbers in
     * transformers' YaRN (attention_factor replaces the cos/sin factor; truncate false moves the ramp's ends): refused,
     * naming it. truncate true is DeepSeek's own behaviour, and a field set to null is not set: both are accepted.
     */
    private static void refuseUnreadYarnFields(HfConfig c, RopeConfig.Scaling s, String yarn) {
        for (var it = s.fields().fieldNames(); it.hasNext(); ) {
            String key = it.next();
            JsonNode value = s.fields().get(key);
            boolean truncating = key.equals("truncate") && value.isBoolean() && value.asBoolean();
            if (!YARN_FIELDS.contains(key) && !truncating && !value.isNull()) { // null: not set, the default
                String why = "DeepSeek's YaRN, which portbench computes, reads only " + String.join(", ", YARN_FIELDS);
                throw s.error(c, key, yarn + ", without " + key + " (" + why + ")", "no " + key + " (" + why + ")");
            }
        }
    }

    /** One of YaRN's optional numbers: absent, the default; present, a number. */
    private static double optional(HfConfig c, RopeConfig.Scaling s, String key, double fallback, String yarn) {
        JsonNode v = s.fields().path(key);
        if (v.isMissingNode()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw s.error(c, key, yarn, "a number, or no " + key + " for its default " + fallback);
        }
        return v.asDouble();
    }

    /**
     * n_shared_experts: None (null) is none, as DeepSeek's code reads it. Left out, deepseek_v3 takes transformers'
     * DeepseekV3Config default, 1; deepseek_v2 has none to take, because its config classes disagree (transformers'
     * DeepseekV2Config says 2, DeepSeek's own configuration_deepseek.py None) and a guess would add or drop a shared
     * MLP in every MoE layer.
     */
    private static int sharedExperts(HfConfig c) {
        JsonNode field = c.field("n_shared_experts");
        if (field.isNull()) {
            return 0;
        }
        if (field.isMissingNode() && c.field("model_type").asText("").equals("deepseek_v2")) {
            throw c.error("n_shared_experts", "missing", "a count, or null for none (model_type deepseek_v2 has no"
                    + " agreed default: transformers' DeepseekV2Config says 2, DeepSeek's configuration_deepseek.py"
                    + " None)");
        }
        return defaulted(c, "n_shared_experts", 0, 1);
    }

    /**
     * Hugging Face's MoEGate as a {@link RouterSpec}. V3's code multiplies the weights by routed_scaling_factor
     * always. V2's renormalises them only where norm_topk_prob and top_k &gt; 1, and scales them only where it does
     * not renormalise: a factor of 1 where it does, and no renormalising for a single expert (its weight is its score
     * times the factor, as both DeepSeek's V2 code and transformers' compute it).
     */
    private static RouterSpec router(HfConfig c) {
        boolean v3 = c.architecture().equals(HfConfig.DEEPSEEK_V3);
        // each architecture's reference code runs one scoring function: V2's raises on any but softmax, V3's on any
        // but sigmoid (and transformers' V3 router has no switch), so another would be a router no reference computes
        String scoring = routerText(c, "scoring_func", "sigmoid", v3 ? "sigmoid" : "softmax");
        RouterSpec.Scoring scores = switch (scoring) {
            case "softmax" -> RouterSpec.Scoring.SOFTMAX;
            case "sigmoid" -> RouterSpec.Scoring.SIGMOID;
            default -> throw c.error("scoring_func", '"' + scoring + '"', v3 ? "sigmoid" : "softmax");
        };
        if (scores != (v3 ? RouterSpec.Scoring.SIGMOID : RouterSpec.Scoring.SOFTMAX)) {
            throw c.error("scoring_func", '"' + scoring + '"', (v3 ? "sigmoid" : "softmax") + " ("
                    + c.architecture() + "'s reference code computes no other)");
        }
        JsonNode norm = c.field("norm_topk_prob");
        boolean normTopK = norm.isBoolean() ? norm.asBoolean() : v3; // the configuration classes' defaults
        JsonNode scalingField = c.field("routed_scaling_factor");
        double scaling = scalingField.isNumber() ? scalingField.asDouble() : v3 ? 2.5 : 1.0;
        if (!v3 && normTopK && c.positive("num_experts_per_tok") > 1) {
            scaling = 1.0;
        } else if (!v3) {
            normTopK = false;
        }
        // V2's code chooses greedily, over all experts or the best groups; V3's only as noaux_tc
        String methods = v3 ? "noaux_tc" : "greedy or group_limited_greedy";
        String method = routerText(c, "topk_method", "noaux_tc", methods);
        return switch (v3 ? "v3:" + method : "v2:" + method) {
            case "v2:greedy" -> new RouterSpec(scores, normTopK, scaling, 1, 1, false);
            case "v2:group_limited_greedy" -> new RouterSpec(scores, normTopK, scaling, groupCount(c, "n_group", 8),
                    groupCount(c, "topk_group", 4), false);
            case "v3:noaux_tc" -> new RouterSpec(scores, normTopK, scaling, groupCount(c, "n_group", 8),
                    groupCount(c, "topk_group", 4), true);
            default -> throw c.error("topk_method", '"' + method + '"', methods + " (" + c.architecture()
                    + "'s reference code computes no other)");
        };
    }

    /**
     * A count the config may leave out, defaulted as the config class of its model_type does: transformers'
     * DeepseekV2Config (model_type deepseek_v2) has first_k_dense_replace 0 (its n_shared_experts see
     * {@link #sharedExperts}), its DeepseekV3Config (deepseek_v3) n_shared_experts 1 and first_k_dense_replace 3. The
     * architecture does not decide: the config class is what sets them.
     */
    private static int defaulted(HfConfig c, String field, int v2, int v3) {
        if (!c.field(field).isMissingNode()) {
            return nonNegative(c, field);
        }
        JsonNode type = c.field("model_type");
        return switch (type.asText("")) {
            case "deepseek_v2" -> v2;
            case "deepseek_v3" -> v3;
            default -> throw c.error(field, "missing", "zero or a positive whole number (model_type "
                    + (type.isMissingNode() ? "is missing" : type + " is neither deepseek_v2 nor deepseek_v3")
                    + ", so no default is known)");
        };
    }

    /**
     * DeepSeek's own configuration class (the checkpoint's configuration_deepseek.py, which its published configs
     * carry) states the router's scoring_func and topk_method; transformers' DeepseekV3Config has neither field, since
     * its DeepseekV3TopkRouter always scores by sigmoid and chooses as noaux_tc does (correction bias, best groups).
     * So a config of model_type deepseek_v3 that leaves a field out (one transformers saved) takes that router's
     * value; any other must state it.
     */
    private static String routerText(HfConfig c, String field, String v3Router, String expected) {
        return c.field(field).isMissingNode() && isV3ConfigClass(c) ? v3Router : text(c, field, expected);
    }

    /** n_group or topk_group: transformers' DeepseekV3Config defaults them to 8 and 4; others must state them. */
    private static int groupCount(HfConfig c, String field, int v3Default) {
        return c.field(field).isMissingNode() && isV3ConfigClass(c) ? v3Default : c.positive(field);
    }

    private static boolean isV3ConfigClass(HfConfig c) {
        return c.field("model_type").asText("").equals("deepseek_v3");
    }

    private static boolean present(HfConfig c, String field) {
        return !c.field(field).isMissingNode() && !c.field(field).isNull();
    }

    private static int nonNegative(HfConfig c, String field) {
        JsonNode v = c.field(field);
        if (!v.isIntegralNumber() || v.asInt() < 0) {
            throw c.error(field, v.toString(), "zero or a positive whole number");
        }
        return v.asInt();
    }

    private static String text(HfConfig c, String field, String expected) {
        JsonNode v = c.field(field);
        if (!v.isTextual()) {
            throw c.error(field, v.isMissingNode() ? "missing" : v.toString(), expected);
        }
        return v.asText();
    }
}
