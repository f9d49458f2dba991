package dev.portbench.scenarios.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.MoeSpec;
import dev.portbench.scenarios.SpecException;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A checkpoint's {@code config.json} as portbench's model: the families whose math is portbench's decoder
 * (docs/model.md) exactly, and every field that would change that math checked, so nothing is guessed: Llama (dense,
 * SwiGLU), Mixtral (softmax router, top-k renormalised, no shared experts), Qwen2 (Llama with q/k/v projection
 * biases; also DeepSeek-R1's Qwen distills), Qwen3 (Llama with per-head q/k RMSNorm)
 * and Qwen3-MoE (Qwen3's attention, Mixtral's routing with {@code norm_topk_prob}), DeepSeek-V2 and V3 (multi-head
 * latent attention, their routers, shared experts and first dense layers). What the model does not have (Llama's
 * o_proj bias, RoPE scaling outside DeepSeek) is refused by name. RoPE is read from transformers 5's rope_parameters
 * or the earlier top-level fields ({@link RopeConfig}).
 */
public final class HfConfig {
    public static final String LLAMA = "LlamaForCausalLM";
    public static final String MIXTRAL = "MixtralForCausalLM";
    public static final String QWEN2 = "Qwen2ForCausalLM";
    public static final String QWEN3 = "Qwen3ForCausalLM";
    public static final String QWEN3_MOE = "Qwen3MoeForCausalLM";
    public static final String DEEPSEEK_V2 = "DeepseekV2ForCausalLM";
    public static final String DEEPSEEK_V3 = "DeepseekV3ForCausalLM";
    static final List<String> SUPPORTED = List.of(LLAMA, MIXTRAL, QWEN2, QWEN3, QWEN3_MOE, DEEPSEEK_V2, DEEPSEEK_V3);

    private final Path file;
    private final JsonNode c;
    private final String architecture;
    private final RopeConfig.Scaling ropeScaling;

    HfConfig(Path file, JsonNode config) {
        this.file = file;
        this.c = config;
        JsonNode archs = config.path("architectures");
        if (!archs.isArray() || archs.size() != 1) {
            throw error("architectures", archs.toString(), "a list of one architecture, one of " + SUPPORTED);
        }
        this.architecture = archs.get(0).asText();
        if (!SUPPORTED.contains(architecture)) {
            throw error("architectures", "[\"" + architecture + "\"]", "one of " + SUPPORTED);
        }
        require("hidden_act", "silu", "silu (portbench's FFN is SwiGLU)");
        this.ropeScaling = RopeConfig.scaling(this);
        if (!deepSeek() && ropeScaling != null) { // DeepSeek's YaRN is read by DeepSeekConfig
            String plain = "portbench applies plain RoPE to this family; YaRN, linear or llama3 scaling would change"
                    + " every position's angle";
            throw ropeScaling.error(this, "rope_type", "no rope_scaling (" + plain + ")", "\"default\" (" + plain
                    + ")");
        }
        fp8BlockSize(); // a quantization_config portbench cannot read is refused before any tensor
        absentOrFalse("attention_bias", "false (portbench's projections have no bias)");
        absentOrFalse("mlp_bias", "false (portbench's FFN has no bias)");
        if (architecture.equals(DEEPSEEK_V2)) {
            absentOrTrue("rope_interleave", "true or absent (DeepSeek-V2's code, DeepSeek's and transformers', always"
                    + " pairs the rotary channels interleaved; only DeepseekV3Config has the switch)");
        }
        if (architecture.equals(QWEN3_MOE)) {
            JsonNode norm = c.path("norm_topk_prob");
            if (!norm.isBoolean() || !norm.asBoolean()) {
                throw error("norm_topk_prob", norm.isMissingNode() ? "missing" : norm.toString(), "true (portbench"
                        + " renormalises the top-k routing weights to sum to 1)");
            }
            JsonNode step = c.path("decoder_sparse_step");
            if (!step.isMissingNode() && step.asInt() != 1) {
                throw error("decoder_sparse_step", step.toString(), "1 (every layer an MoE layer)");
            }
            JsonNode dense = c.path("mlp_only_layers");
            if (!dense.isMissingNode() && !(dense.isArray() && dense.isEmpty())) {
                throw error("mlp_only_layers", dense.toString(), "[] (every layer an MoE layer)");
            }
        }
    }

    /**
     * The block [rows, columns] of an FP8 checkpoint's weight scales ({@code quantization_config} with quant_method
     * fp8, fmt e4m3 and weight_block_size, as DeepSeek-V3's published weights have it); null without one.
     */
    public int[] fp8BlockSize() {
        JsonNode q = c.path("quantization_config");
        if (q.isMissingNode() || q.isNull()) {
            return null;
        }
        String expected = "{\"quant_method\": \"fp8\", \"fmt\": \"e4m3\", \"weight_block_size\": [rows, columns]}"
                + " (FP8 E4M3 weights with per-block scales, dequantised to fp32 when read)";
        JsonNode block = q.path("weight_block_size");
        if (!q.path("quant_method").asText().equals("fp8") || !q.path("fmt").asText("e4m3").equals("e4m3")
                || !block.isArray() || block.size() != 2 || !block.get(0).isIntegralNumber()
                || !block.get(1).isIntegralNumber() || block.get(0).asInt() < 1 || block.get(1).asInt() < 1) {
            throw error("quantization_config", q.toString(), expected);
        }
        return new int[] {block.get(0).asInt(), block.get(1).asInt()};
    }

    /** Whether the family's q/k/v projections have biases (Qwen2 always has them; it has no attention_bias field). */
    public boolean qkvBias() {
        return architecture.equals(QWEN2);
    }

    /** Whether the family has Qwen3's per-head q/k RMSNorm. */
    public boolean qkNorm() {
        return architecture.equals(QWEN3) || architecture.equals(QWEN3_MOE);
    }

    public boolean isMoe() {
        return architecture.equals(MIXTRAL) || architecture.equals(QWEN3_MOE) || deepSeek() && hasRoutedExperts();
    }

    /** DeepSeek-V2 or V3: multi-head latent attention and DeepSeek's MoE. */
    public boolean deepSeek() {
        return architecture.equals(DEEPSEEK_V2) || architecture.equals(DEEPSEEK_V3);
    }

    /**
     * Whether the checkpoint's rotary channels pair up interleaved, (2i, 2i + 1), as DeepSeek's code has them (its
     * apply_rotary_pos_emb permutes them into halves first; transformers' rope_interleave, true unless set false).
     */
    public boolean ropeInterleaved() {
        JsonNode v = c.path("rope_interleave");
        return deepSeek() && (v.isMissingNode() || v.isNull() || v.asBoolean());
    }

    /** The RoPE scaling that rope_scaling or rope_parameters states; null for plain RoPE. */
    RopeConfig.Scaling ropeScaling() {
        return ropeScaling;
    }

    private boolean hasRoutedExperts() {
        return c.has("n_routed_experts") && !c.get("n_routed_experts").isNull();
    }

    public String architecture() {
        return architecture;
    }

    public int layers() {
        return positive("num_hidden_layers");
    }

    public boolean tiedEmbeddings() {
        return c.path("tie_word_embeddings").asBoolean(false);
    }

    /**
     * The model with its first {@code keptLayers} layers (all when null).
     *
     * @throws CheckpointException naming config.json, also where the fields make a model that cannot exist
     */
    public ModelSpec spec(String name, Integer keptLayers) {
        try {
            return specOf(name, keptLayers);
        } catch (SpecException e) { // e.g. heads not a multiple of kv_heads: the file is what the user must fix
            throw new CheckpointException(file + ": " + e.getMessage(), e);
        }
    }

    private ModelSpec specOf(String name, Integer keptLayers) {
        int all = layers();
        int layers = keptLayers == null ? all : keptLayers;
        if (layers < 1 || layers > all) {
            throw new CheckpointException(String.format(Locale.ROOT, "layers = %d for a checkpoint of %d layers (%s);"
                    + " expected 1 to %d", layers, all, file, all));
        }
        int hidden = positive("hidden_size");
        int heads = positive("num_attention_heads");
        int kvHeads = c.has("num_key_value_heads") && !c.get("num_key_value_heads").isNull()
                ? positive("num_key_value_heads") : heads;
        int headDim = c.has("head_dim") && !c.get("head_dim").isNull() ? positive("head_dim") : hidden / heads;
        int maxSeq = positive("max_position_embeddings");
        JsonNode window = c.path("sliding_window");
        boolean windowed = !c.has("use_sliding_window") || c.path("use_sliding_window").asBoolean(false);
        if (window.isNumber() && windowed) { // contexts up to the window see every position: full attention's math
            maxSeq = Math.min(maxSeq, window.asInt());
        }
        // absent fields take the defaults of the family's configuration class in transformers
        boolean mixtral = architecture.equals(MIXTRAL);
        double theta = RopeConfig.theta(this, mixtral ? 1e6 : 10_000.0);
        double eps = c.path("rms_norm_eps").asDouble(mixtral ? 1e-5 : 1e-6);
        if (deepSeek()) {
            return DeepSeekConfig.spec(this, name, layers, hidden, maxSeq, theta, eps);
        }
        MoeSpec moe = null;
        int ffn = 0;
        if (architecture.equals(MIXTRAL)) {
            moe = new MoeSpec(positive("num_local_experts"), positive("num_experts_per_tok"),
                    positive("intermediate_size"), 0);
        } else if (architecture.equals(QWEN3_MOE)) {
            moe = new MoeSpec(positive("num_experts"), positive("num_experts_per_tok"),
                    positive("moe_intermediate_size"), 0);
        } else {
            ffn = positive("intermediate_size");
        }
        return new ModelSpec(name, positive("vocab_size"), hidden, layers, heads, kvHeads, headDim, ffn, moe, theta,
                eps, maxSeq, qkNorm(), qkvBias());
    }

    int positive(String field) {
        JsonNode v = c.path(field);
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
            throw error(field, v.isMissingNode() ? "missing" : v.toString(), "a positive whole number");
        }
        return v.asInt();
    }

    private void require(String field, String value, String expected) {
        JsonNode v = c.path(field);
        if (!v.isMissingNode() && !v.asText().equals(value)) {
            throw error(field, v.toString(), expected);
        }
    }

    private void absentOrFalse(String field, String expected) {
        JsonNode v = c.path(field);
        if (!v.isMissingNode() && !v.isNull() && v.asBoolean(true)) {
            throw error(field, v.toString(), expected);
        }
    }

    private void absentOrTrue(String field, String expected) {
        JsonNode v = c.path(field);
        if (!v.isMissingNode() && !v.isNull() && !(v.isBoolean() && v.asBoolean())) {
            throw error(field, v.toString(), expected);
        }
    }

    Path file() {
        return file;
    }

    JsonNode field(String name) {
        return c.path(name);
    }

    CheckpointException error(String field, String got, String expected) {
        return new CheckpointException(file + ": field " + field + " = " + got + "; expected " + expected);
    }
}
