package dev.portbench.scenarios.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.MoeSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A checkpoint's {@code config.json} as portbench's model: the families whose math is portbench's decoder
 * (docs/model.md) exactly, and every field that would change that math checked, so nothing is guessed: Llama (dense,
 * SwiGLU) and Mixtral (softmax router, top-k renormalised, no shared experts). Families that need what the model does
 * not have yet (attention bias, per-head q/k norms, MLA) are refused by name.
 */
public final class HfConfig {
    public static final String LLAMA = "LlamaForCausalLM";
    public static final String MIXTRAL = "MixtralForCausalLM";
    static final List<String> SUPPORTED = List.of(LLAMA, MIXTRAL);

    private final Path file;
    private final JsonNode c;
    private final String architecture;

    HfConfig(Path file, JsonNode config) {
        this.file = file;
        this.c = config;
        JsonNode archs = config.path("architectures");
        if (!archs.isArray() || archs.size() != 1) {
            throw error("architectures", archs.toString(), "a list of one architecture, one of " + SUPPORTED);
        }
        this.architecture = archs.get(0).asText();
        if (!SUPPORTED.contains(architecture)) {
            throw error("architectures", "[\"" + architecture + "\"]", "one of " + SUPPORTED + unsupportedWhy());
        }
        require("hidden_act", "silu", "silu (portbench's FFN is SwiGLU)");
        absentOrNull("rope_scaling", "no rope_scaling (portbench applies plain RoPE; YaRN, linear or llama3"
                + " scaling would change every position's angle)");
        absentOrFalse("attention_bias", "false (portbench's projections have no bias)");
        absentOrFalse("mlp_bias", "false (portbench's FFN has no bias)");
    }

    private String unsupportedWhy() {
        return switch (architecture) {
            case "Qwen2ForCausalLM" -> "; Qwen2 needs attention biases, which portbench's model does not have yet";
            case "Qwen3ForCausalLM", "Qwen3MoeForCausalLM" -> "; Qwen3 needs per-head q/k RMSNorm, which portbench's"
                    + " model does not have yet";
            case "DeepseekV2ForCausalLM", "DeepseekV3ForCausalLM" -> "; DeepSeek needs multi-head latent attention and"
                    + " its sigmoid router, which portbench's model does not have yet";
            default -> "";
        };
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

    /** The model with its first {@code keptLayers} layers (all when null). */
    public ModelSpec spec(String name, Integer keptLayers) {
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
        if (window.isNumber()) { // contexts up to the window see every position: the math is full attention's
            maxSeq = Math.min(maxSeq, window.asInt());
        }
        double theta = c.path("rope_theta").asDouble(10_000.0);
        double eps = c.path("rms_norm_eps").asDouble(1e-6);
        MoeSpec moe = null;
        int ffn = 0;
        if (architecture.equals(MIXTRAL)) {
            moe = new MoeSpec(positive("num_local_experts"), positive("num_experts_per_tok"),
                    positive("intermediate_size"), 0);
        } else {
            ffn = positive("intermediate_size");
        }
        return new ModelSpec(name, positive("vocab_size"), hidden, layers, heads, kvHeads, headDim, ffn, moe, theta,
                eps, maxSeq);
    }

    private int positive(String field) {
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

    private void absentOrNull(String field, String expected) {
        JsonNode v = c.path(field);
        if (!v.isMissingNode() && !v.isNull()) {
            throw error(field, v.toString(), expected);
        }
    }

    private void absentOrFalse(String field, String expected) {
        JsonNode v = c.path(field);
        if (!v.isMissingNode() && !v.isNull() && v.asBoolean(true)) {
            throw error(field, v.toString(), expected);
        }
    }

    private CheckpointException error(String field, String got, String expected) {
        return new CheckpointException(file + ": field " + field + " = " + got + "; expected " + expected);
    }
}
