package dev.portbench.scenarios.checkpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.MoeSpec;
import dev.portbench.scenarios.RouterSpec;
import dev.portbench.scenarios.YarnScaling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DeepSeek-V2/V3 configs: the counts a config may leave out, and YaRN in either of transformers' forms. */
class DeepSeekConfigTest {
    @TempDir
    Path dir;

    private Path file;

    private ObjectNode config(String architecture) throws IOException {
        Path ckpt = dir.resolve(architecture);
        file = ckpt.resolve("config.json");
        return TinyConfigs.write(ckpt, architecture);
    }

    private ModelSpec spec(ObjectNode config) {
        return new HfConfig(file, config).spec("ds", null);
    }

    private String refusal(ObjectNode config) {
        return assertThrows(CheckpointException.class, () -> spec(config)).getMessage();
    }

    /**
     * transformers' DeepseekV3Config: n_shared_experts 1, first_k_dense_replace 3; DeepseekV2Config: first_k_dense_replace
     * 0, and n_shared_experts must be stated (its config classes disagree).
     */
    @Test
    void absentCountsTakeTheDefaultsOfTheConfigsModelType() throws IOException {
        ObjectNode v3 = config(HfConfig.DEEPSEEK_V3);
        v3.put("num_hidden_layers", 5);
        v3.remove("n_shared_experts");
        v3.remove("first_k_dense_replace");
        ModelSpec s = spec(v3);
        RouterSpec noauxTc = new RouterSpec(RouterSpec.Scoring.SIGMOID, true, 2.5, 4, 2, true);
        assertEquals(new MoeSpec(8, 2, 16, 1, noauxTc, 3), s.moe());
        assertEquals(48, s.ffnHidden(), "the 3 dense layers' intermediate_size");
        v3.putNull("n_shared_experts");
        assertEquals(0, spec(v3).moe().sharedExperts(), "None: no shared experts");

        ObjectNode v2 = config(HfConfig.DEEPSEEK_V2);
        v2.remove("n_shared_experts");
        v2.remove("first_k_dense_replace");
        assertEquals(file + ": field n_shared_experts = missing; expected a count, or null for none (model_type"
                + " deepseek_v2 has no agreed default: transformers' DeepseekV2Config says 2, DeepSeek's"
                + " configuration_deepseek.py None)", refusal(v2));
        v2.putNull("n_shared_experts");
        ModelSpec s2 = spec(v2);
        assertEquals(0, s2.moe().sharedExperts());
        assertEquals(0, s2.moe().firstDenseLayers());
        assertEquals(0, s2.ffnHidden(), "no dense layer: intermediate_size sizes none");

        v2.put("num_hidden_layers", 5);
        v2.remove("n_shared_experts");
        v2.put("model_type", "deepseek_v3"); // the config class decides, not the architecture
        assertEquals(new MoeSpec(8, 2, 16, 1, spec(config(HfConfig.DEEPSEEK_V2)).moe().router(), 3),
                spec(v2).moe());
    }

    /**
     * transformers' DeepseekV3Config has no scoring_func or topk_method (its router is always sigmoid, noaux_tc) and
     * defaults n_group 8, topk_group 4: a config it saved is DeepSeek-V3's router. Other model types must state them.
     */
    @Test
    void aV3ConfigSavedByTransformersHasTheRouterOfTransformersV3Code() throws IOException {
        ObjectNode v3 = config(HfConfig.DEEPSEEK_V3);
        v3.put("n_routed_experts", 16);
        v3.remove("scoring_func");
        v3.remove("topk_method");
        v3.remove("n_group");
        v3.remove("topk_group");
        assertEquals(new RouterSpec(RouterSpec.Scoring.SIGMOID, true, 2.5, 8, 4, true), spec(v3).moe().router());
        v3.put("n_group", 4);
        assertEquals(new RouterSpec(RouterSpec.Scoring.SIGMOID, true, 2.5, 4, 4, true), spec(v3).moe().router(),
                "stated counts win");
        v3.put("model_type", "kimi_k2");
        assertEquals(file + ": field scoring_func = missing; expected sigmoid", refusal(v3));
        v3.put("scoring_func", "sigmoid");
        assertEquals(file + ": field topk_method = missing; expected noaux_tc", refusal(v3));
    }

    /**
     * DeepSeek's V3 code raises on any router but sigmoid scores chosen as noaux_tc, and transformers' V3 router has
     * no switch; DeepSeek's V2 code raises on any scoring but softmax and chooses greedily only. A config naming
     * another combination is refused by field: no reference computes it.
     */
    @Test
    void aRouterNoReferenceComputesIsRefusedByField() throws IOException {
        ObjectNode v3 = config(HfConfig.DEEPSEEK_V3);
        v3.put("scoring_func", "softmax");
        assertEquals(file + ": field scoring_func = \"softmax\"; expected sigmoid (DeepseekV3ForCausalLM's reference"
                + " code computes no other)", refusal(v3));
        v3.put("scoring_func", "sigmoid");
        v3.put("topk_method", "group_limited_greedy");
        assertEquals(file + ": field topk_method = \"group_limited_greedy\"; expected noaux_tc"
                + " (DeepseekV3ForCausalLM's reference code computes no other)", refusal(v3));

        ObjectNode v2 = config(HfConfig.DEEPSEEK_V2);
        v2.put("scoring_func", "sigmoid");
        assertEquals(file + ": field scoring_func = \"sigmoid\"; expected softmax (DeepseekV2ForCausalLM's reference"
                + " code computes no other)", refusal(v2));
        v2.put("scoring_func", "softmax");
        v2.put("topk_method", "noaux_tc");
        assertEquals(file + ": field topk_method = \"noaux_tc\"; expected greedy or group_limited_greedy"
                + " (DeepseekV2ForCausalLM's reference code computes no other)", refusal(v2));
        v2.put("topk_method", "greedy");
        assertEquals(RouterSpec.Scoring.SOFTMAX, spec(v2).moe().router().scoring());
    }

    /** Only transformers' DeepseekV3Config has rope_interleave; V2's code (DeepSeek's, transformers') interleaves. */
    @Test
    void aV2ConfigThatTurnsRopeInterleavingOffIsRefused() throws IOException {
        ObjectNode v2 = config(HfConfig.DEEPSEEK_V2);
        v2.put("rope_interleave", true);
        spec(v2);
        v2.put("rope_interleave", false);
        assertTrue(assertThrows(CheckpointException.class, () -> new HfConfig(file, v2)).getMessage()
                .startsWith(file + ": field rope_interleave = false; expected true or absent"));
        ObjectNode v3 = config(HfConfig.DEEPSEEK_V3);
        v3.put("rope_interleave", false);
        assertTrue(!new HfConfig(file, v3).ropeInterleaved(), "V3's config class has the switch");
    }

    /** DeepSeek's and transformers' config classes default q_lora_rank to 1536; a config must say it (null: none). */
    @Test
    void aMissingQueryRankIsRefusedByField() throws IOException {
        ObjectNode v2 = config(HfConfig.DEEPSEEK_V2);
        v2.remove("q_lora_rank");
        assertTrue(refusal(v2).startsWith(file + ": field q_lora_rank = missing; expected a rank, or null for a"
                + " direct q_proj"), refusal(v2));
        v2.putNull("q_lora_rank");
        assertEquals(0, spec(v2).mla().qLoraRank());
    }

    @Test
    void aModelTypeWithoutKnownDefaultsMustStateTheCounts() throws IOException {
        ObjectNode v3 = config(HfConfig.DEEPSEEK_V3);
        v3.put("model_type", "kimi_k2");
        assertEquals(2, spec(v3).moe().sharedExperts(), "stated counts need no default");
        v3.remove("first_k_dense_replace");
        assertEquals(file + ": field first_k_dense_replace = missing; expected zero or a positive whole number"
                + " (model_type \"kimi_k2\" is neither deepseek_v2 nor deepseek_v3, so no default is known)",
                refusal(v3));
        v3.remove("model_type");
        assertEquals(file + ": field first_k_dense_replace = missing; expected zero or a positive whole number"
                + " (model_type is missing, so no default is known)", refusal(v3));
    }

    /** The brief's transformers 5 example, and the tiny checkpoint's YaRN moved into rope_parameters. */
    @Test
    void yarnInRopeParametersIsTheYarnOfRopeScaling() throws IOException {
        ObjectNode v3 = config(HfConfig.DEEPSEEK_V3);
        ModelSpec before = spec(v3);
        assertEquals(new YarnScaling(4, 32, 32, 1, 1, 1), before.ropeScaling());
        ObjectNode yarn = v3.with("rope_scaling").deepCopy();
        ObjectNode p = TinyConfigs.ropeParameters(v3, "yarn");
        yarn.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("type")) {
                p.set(f.getKey(), f.getValue());
            }
        });
        assertEquals(before, spec(v3));

        v3.set(RopeConfig.PARAMETERS, new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"rope_type\":"
                + " \"yarn\", \"rope_theta\": 10000.0, \"factor\": 40, \"original_max_position_embeddings\": 4096,"
                + " \"beta_fast\": 32, \"beta_slow\": 1, \"mscale\": 1.0, \"mscale_all_dim\": 1.0}"));
        assertEquals(new YarnScaling(40, 4096, 32, 1, 1, 1), spec(v3).ropeScaling());
        assertEquals(10_000, spec(v3).ropeTheta());

        v3.set(RopeConfig.PARAMETERS, new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"rope_type\": \"default\", \"rope_theta\": 1000000.0}"));
        assertNull(spec(v3).ropeScaling());
        assertEquals(1e6, spec(v3).ropeTheta());
    }

    @Test
    void yarnFieldsOfRopeParametersAreRefusedByName() throws IOException {
        ObjectNode v2 = config(HfConfig.DEEPSEEK_V2);
        ObjectNode p = TinyConfigs.ropeParameters(v2, "linear");
        p.put("factor", 2.0);
        assertEquals(file + ": field rope_parameters.rope_type = \"linear\"; expected \"default\" or \"yarn\" (the"
                + " RoPE scaling DeepSeek's code implements)", refusal(v2));
        p.put("rope_type", "yarn");
        assertEquals(file + ": field rope_parameters.original_max_position_embeddings = missing; expected a whole"
                + " number, the trained context", refusal(v2));
        p.put("original_max_position_embeddings", 32);
        p.put("mscale", -0.5);
        assertEquals(file + ": field rope_parameters.mscale = -0.5; expected zero or a positive finite number",
                refusal(v2));
        p.putNull("mscale");
        assertEquals(file + ": field rope_parameters.mscale = null; expected a number, or no mscale for its default"
                + " 1.0", refusal(v2));
        p.remove("mscale");
        p.put("factor", "2");
        assertEquals(file + ": field rope_parameters.factor = \"2\"; expected a number, how many times the trained"
                + " context YaRN serves", refusal(v2));
        p.put("factor", 2.0);
        assertEquals(new YarnScaling(2, 32, 32, 1, 1, 0), spec(v2).ropeScaling(), "DeepSeek's defaults");
    }

    /**
     * DeepSeek-V2's MoEGate renormalises only where norm_topk_prob and top_k &gt; 1, and multiplies by
     * routed_scaling_factor otherwise: a single expert's weight is its score times the factor (16 · softmax), not 1.
     */
    @Test
    void aV2RouterWithOneExpertScalesItsScoreInsteadOfRenormalisingIt() throws IOException {
        ObjectNode v2 = config(HfConfig.DEEPSEEK_V2);
        v2.put("topk_method", "greedy");
        v2.put("scoring_func", "softmax");
        v2.put("norm_topk_prob", true);
        v2.put("routed_scaling_factor", 16.0);
        assertEquals(new RouterSpec(RouterSpec.Scoring.SOFTMAX, true, 1.0, 1, 1, false), spec(v2).moe().router(),
                "two experts: renormalised, so the factor is 1");
        v2.put("num_experts_per_tok", 1);
        assertEquals(new RouterSpec(RouterSpec.Scoring.SOFTMAX, false, 16.0, 1, 1, false), spec(v2).moe().router(),
                "one expert: not renormalised, scaled by 16");
        v2.put("norm_topk_prob", false);
        v2.put("num_experts_per_tok", 2);
        assertEquals(new RouterSpec(RouterSpec.Scoring.SOFTMAX, false, 16.0, 1, 1, false), spec(v2).moe().router());
    }

    /** attention_factor and truncate false change transformers' YaRN; DeepSeek's code reads neither. */
    @Test
    void yarnFieldsDeepSeeksCodeDoesNotReadAreRefusedByName() throws IOException {
        ObjectNode v3 = config(HfConfig.DEEPSEEK_V3);
        ObjectNode scaling = v3.with("rope_scaling");
        scaling.put("truncate", true);
        scaling.putNull("attention_factor");
        assertEquals(new YarnScaling(4, 32, 32, 1, 1, 1), spec(v3).ropeScaling(), "truncate true: DeepSeek's ramp;"
                + " a null attention_factor is not set");
        scaling.put("attention_factor", 1.0);
        String whole = refusal(v3);
        assertTrue(whole.startsWith(file + ": field rope_scaling = {"), whole);
        assertTrue(whole.endsWith(", without attention_factor (DeepSeek's YaRN, which portbench computes, reads only"
                + " type, rope_type, rope_theta, factor, original_max_position_embeddings, beta_fast, beta_slow,"
                + " mscale, mscale_all_dim)"), whole);

        ObjectNode p = TinyConfigs.ropeParameters(v3, "yarn");
        p.put("factor", 4);
        p.put("original_max_position_embeddings", 32);
        p.put("truncate", false);
        assertEquals(file + ": field rope_parameters.truncate = false; expected no truncate (DeepSeek's YaRN, which"
                + " portbench computes, reads only type, rope_type, rope_theta, factor,"
                + " original_max_position_embeddings, beta_fast, beta_slow, mscale, mscale_all_dim)", refusal(v3));
    }
}
