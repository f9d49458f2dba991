package dev.portbench.scenarios.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portbench.scenarios.CounterRng;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a tiny Hugging Face checkpoint of a family portbench reads, with the family's real tensor names, shapes
 * ([out, in]) and config fields, and seeded values: what the tests load, and a template of what a lab's folder holds.
 * Sizes: vocabulary 96, width 32, 4 heads of 8 with 2 key/value heads, FFN 48, 2 layers (the MoE families: 4 experts
 * of 48, top-2); rope_theta 500000, rms_norm_eps 1e-5. DeepSeek: multi-head latent attention of 4 heads (V3 with a
 * query latent of 16, V2 without), KV latent 12, 8 + 4 rotary query/key channels, values of 6; layer 0 dense (FFN
 * 48), layer 1 MoE with 8 experts of 16 in 4 groups, top-2 from the best 2 groups, and a shared MLP of 2 · 16; V3 with
 * the sigmoid router and its correction bias, V2 with the softmax one, weights not renormalised and scaled by 16;
 * both with YaRN RoPE scaling (V3: factor 4, mscale = mscale_all_dim = 1; V2: factor 2, mscale 0.9 and 0.7).
 */
public final class TinyCheckpoint {
    public static final int VOCAB = 96;
    public static final int HIDDEN = 32;
    public static final int HEADS = 4;
    public static final int KV_HEADS = 2;
    public static final int HEAD_DIM = 8;
    public static final int FFN = 48;
    public static final int LAYERS = 2;
    public static final int EXPERTS = 4;
    public static final int TOP_K = 2;
    public static final int DS_Q_LORA = 16;
    public static final int DS_KV_LORA = 12;
    public static final int DS_NOPE = 8;
    public static final int DS_ROPE = 4;
    public static final int DS_V = 6;
    public static final int DS_EXPERTS = 8;
    public static final int DS_MOE_FFN = 16;
    public static final int DS_SHARED = 2;
    public static final int DS_GROUPS = 4;
    public static final int DS_TOPK_GROUPS = 2;

    /** safetensors' name of FP8 E4M3, and the square block one weight scale covers in an FP8 checkpoint. */
    public static final String FP8 = "F8_E4M3";
    public static final int FP8_BLOCK = 8;

    private final String architecture;
    private final String dtype;
    private final long seed;
    private final SafetensorsWriter tensors = new SafetensorsWriter();

    /**
     * @param dtype how the tensors are stored: F32, F16, BF16, or F8_E4M3 (projections in FP8 with block scales and a
     *              quantization_config, everything else in BF16, as DeepSeek-V3's published checkpoint)
     */
    public TinyCheckpoint(String architecture, String dtype, long seed) {
        this.architecture = architecture;
        this.dtype = dtype;
        this.seed = seed;
    }

    /** Writes config.json and model.safetensors into {@code dir}; returns {@code dir}. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(HfCheckpoint.CONFIG), new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(config()));
        matrix("model.embed_tokens.weight", VOCAB, HIDDEN, 1.0);
        norm("model.norm.weight");
        matrix("lm_head.weight", VOCAB, HIDDEN, 1.0 / Math.sqrt(HIDDEN));
        if (deepSeek()) {
            deepSeekLayers();
            tensors.write(dir.resolve(HfCheckpoint.SINGLE));
            return dir;
        }
        for (int l = 0; l < LAYERS; l++) {
            String p = "model.layers." + l + ".";
            norm(p + "input_layernorm.weight");
            norm(p + "post_attention_layernorm.weight");
            linear(p + "self_attn.q_proj.weight", HEADS * HEAD_DIM, HIDDEN, 1.0 / Math.sqrt(HIDDEN));
            linear(p + "self_attn.k_proj.weight", KV_HEADS * HEAD_DIM, HIDDEN, 1.0 / Math.sqrt(HIDDEN));
            linear(p + "self_attn.v_proj.weight", KV_HEADS * HEAD_DIM, HIDDEN, 1.0 / Math.sqrt(HIDDEN));
            linear(p + "self_attn.o_proj.weight", HIDDEN, HEADS * HEAD_DIM, 0.5 / Math.sqrt(HIDDEN));
            if (architecture.equals(HfConfig.QWEN2)) {
                bias(p + "self_attn.q_proj.bias", HEADS * HEAD_DIM);
                bias(p + "self_attn.k_proj.bias", KV_HEADS * HEAD_DIM);
                bias(p + "self_attn.v_proj.bias", KV_HEADS * HEAD_DIM);
            }
            if (qwen3()) {
                norm(p + "self_attn.q_norm.weight", HEAD_DIM);
                norm(p + "self_attn.k_norm.weight", HEAD_DIM);
            }
            if (architecture.equals(HfConfig.QWEN3_MOE)) {
                matrix(p + "mlp.gate.weight", EXPERTS, HIDDEN, 1.0 / Math.sqrt(HIDDEN));
                for (int e = 0; e < EXPERTS; e++) {
                    String ex = p + "mlp.experts." + e + ".";
                    ffn(ex + "gate_proj.weight", ex + "up_proj.weight", ex + "down_proj.weight");
                }
            } else if (architecture.equals(HfConfig.MIXTRAL)) {
                matrix(p + "block_sparse_moe.gate.weight", EXPERTS, HIDDEN, 1.0 / Math.sqrt(HIDDEN));
                for (int e = 0; e < EXPERTS; e++) {
                    ffn(p + "block_sparse_moe.experts." + e + ".w1.weight", p + "block_sparse_moe.experts." + e
                            + ".w3.weight", p + "block_sparse_moe.experts." + e + ".w2.weight");
                }
            } else {
                ffn(p + "mlp.gate_proj.weight", p + "mlp.up_proj.weight", p + "mlp.down_proj.weight");
            }
        }
        tensors.write(dir.resolve(HfCheckpoint.SINGLE));
        return dir;
    }

    private boolean deepSeek() {
        return architecture.equals(HfConfig.DEEPSEEK_V2) || architecture.equals(HfConfig.DEEPSEEK_V3);
    }

    /** DeepSeek's layers: MLA, then a dense MLP (layer 0) or the MoE with its gate, experts and shared MLP. */
    private void deepSeekLayers() {
        boolean v3 = architecture.equals(HfConfig.DEEPSEEK_V3);
        int qk = DS_NOPE + DS_ROPE;
        double in = 1.0 / Math.sqrt(HIDDEN);
        for (int l = 0; l < LAYERS; l++) {
            String p = "model.layers." + l + ".";
            norm(p + "input_layernorm.weight");
            norm(p + "post_attention_layernorm.weight");
            if (v3) {
                linear(p + "self_attn.q_a_proj.weight", DS_Q_LORA, HIDDEN, in);
                norm(p + "self_attn.q_a_layernorm.weight", DS_Q_LORA);
                linear(p + "self_attn.q_b_proj.weight", HEADS * qk, DS_Q_LORA, 1.0 / Math.sqrt(DS_Q_LORA));
            } else {
                linear(p + "self_attn.q_proj.weight", HEADS * qk, HIDDEN, in);
            }
            linear(p + "self_attn.kv_a_proj_with_mqa.weight", DS_KV_LORA + DS_ROPE, HIDDEN, in);
            norm(p + "self_attn.kv_a_layernorm.weight", DS_KV_LORA);
            linear(p + "self_attn.kv_b_proj.weight", HEADS * (DS_NOPE + DS_V), DS_KV_LORA, 1.0 / Math.sqrt(DS_KV_LORA));
            linear(p + "self_attn.o_proj.weight", HIDDEN, HEADS * DS_V, 0.5 / Math.sqrt(HEADS * DS_V));
            if (l == 0) {
                ffn(p + "mlp.gate_proj.weight", p + "mlp.up_proj.weight", p + "mlp.down_proj.weight");
                continue;
            }
            matrix(p + "mlp.gate.weight", DS_EXPERTS, HIDDEN, in);
            if (v3) {
                bias(p + "mlp.gate.e_score_correction_bias", DS_EXPERTS);
            }
            for (int e = 0; e < DS_EXPERTS; e++) {
                String ex = p + "mlp.experts." + e + ".";
                ffn(ex + "gate_proj.weight", ex + "up_proj.weight", ex + "down_proj.weight", DS_MOE_FFN);
            }
            String sh = p + "mlp.shared_experts.";
            ffn(sh + "gate_proj.weight", sh + "up_proj.weight", sh + "down_proj.weight", DS_SHARED * DS_MOE_FFN);
        }
    }

    private void deepSeekConfig(ObjectNode c) {
        boolean v3 = architecture.equals(HfConfig.DEEPSEEK_V3);
        c.put("num_key_value_heads", HEADS);
        c.remove("head_dim");
        if (v3) {
            c.put("q_lora_rank", DS_Q_LORA);
        } else {
            c.putNull("q_lora_rank");
        }
        c.put("kv_lora_rank", DS_KV_LORA);
        c.put("qk_nope_head_dim", DS_NOPE);
        c.put("qk_rope_head_dim", DS_ROPE);
        c.put("v_head_dim", DS_V);
        c.put("n_routed_experts", DS_EXPERTS);
        c.put("num_experts_per_tok", TOP_K);
        c.put("moe_intermediate_size", DS_MOE_FFN);
        c.put("n_shared_experts", DS_SHARED);
        c.put("first_k_dense_replace", 1);
        c.put("moe_layer_freq", 1);
        c.put("n_group", DS_GROUPS);
        c.put("topk_group", DS_TOPK_GROUPS);
        c.put("topk_method", v3 ? "noaux_tc" : "group_limited_greedy");
        c.put("scoring_func", v3 ? "sigmoid" : "softmax");
        c.put("norm_topk_prob", v3);
        c.put("routed_scaling_factor", v3 ? 2.5 : 16.0);
        c.put("rope_theta", 10000.0);
        c.put("rms_norm_eps", 1e-6);
        c.put("attention_bias", false);
        c.put("ep_size", 1);
        ObjectNode yarn = c.putObject("rope_scaling"); // both regimes of the ramp over the 2 rotary pairs
        yarn.put("type", "yarn");
        yarn.put("factor", v3 ? 4.0 : 2.0);
        yarn.put("original_max_position_embeddings", 32);
        yarn.put("beta_fast", 32);
        yarn.put("beta_slow", 1);
        yarn.put("mscale", v3 ? 1.0 : 0.9);
        yarn.put("mscale_all_dim", v3 ? 1.0 : 0.7);
    }

    private boolean qwen3() {
        return architecture.equals(HfConfig.QWEN3) || architecture.equals(HfConfig.QWEN3_MOE);
    }

    private ObjectNode config() {
        ObjectNode c = new ObjectMapper().createObjectNode();
        c.putArray("architectures").add(architecture);
        c.put("model_type", switch (architecture) {
            case HfConfig.MIXTRAL -> "mixtral";
            case HfConfig.QWEN2 -> "qwen2";
            case HfConfig.QWEN3 -> "qwen3";
            case HfConfig.QWEN3_MOE -> "qwen3_moe";
            case HfConfig.DEEPSEEK_V2 -> "deepseek_v2";
            case HfConfig.DEEPSEEK_V3 -> "deepseek_v3";
            default -> "llama";
        });
        c.put("vocab_size", VOCAB);
        c.put("hidden_size", HIDDEN);
        c.put("intermediate_size", FFN);
        c.put("num_hidden_layers", LAYERS);
        c.put("num_attention_heads", HEADS);
        c.put("num_key_value_heads", KV_HEADS);
        c.put("head_dim", HEAD_DIM);
        c.put("hidden_act", "silu");
        c.put("max_position_embeddings", 128);
        c.put("rms_norm_eps", 1e-5);
        c.put("rope_theta", 500000.0);
        c.putNull("rope_scaling");
        c.put("tie_word_embeddings", false);
        c.put("torch_dtype", switch (dtype) {
            case "F16" -> "float16";
            case "BF16", FP8 -> "bfloat16";
            default -> "float32";
        });
        if (dtype.equals(FP8)) {
            ObjectNode q = c.putObject("quantization_config");
            q.put("quant_method", "fp8");
            q.put("fmt", "e4m3");
            q.put("activation_scheme", "dynamic");
            q.putArray("weight_block_size").add(FP8_BLOCK).add(FP8_BLOCK);
        }
        if (architecture.equals(HfConfig.QWEN3_MOE)) {
            c.put("num_experts", EXPERTS);
            c.put("num_experts_per_tok", TOP_K);
            c.put("moe_intermediate_size", FFN);
            c.put("norm_topk_prob", true);
            c.put("decoder_sparse_step", 1);
            c.putArray("mlp_only_layers");
        }
        if (deepSeek()) {
            deepSeekConfig(c);
        } else if (qwen3() || architecture.equals(HfConfig.QWEN2)) {
            c.put("use_sliding_window", false);
            c.put("sliding_window", 64);
            if (qwen3()) {
                c.put("attention_bias", false);
            }
        } else if (architecture.equals(HfConfig.MIXTRAL)) {
            c.put("num_local_experts", EXPERTS);
            c.put("num_experts_per_tok", TOP_K);
            c.putNull("sliding_window");
            c.put("router_jitter_noise", 0.0);
        } else {
            c.put("attention_bias", false);
            c.put("mlp_bias", false);
        }
        return c;
    }

    private void ffn(String gate, String up, String down) {
        ffn(gate, up, down, FFN);
    }

    private void ffn(String gate, String up, String down, int width) {
        linear(gate, width, HIDDEN, 1.0 / Math.sqrt(HIDDEN));
        linear(up, width, HIDDEN, 1.0 / Math.sqrt(HIDDEN));
        linear(down, HIDDEN, width, 0.5 / Math.sqrt(width));
    }

    private void norm(String name) {
        norm(name, HIDDEN);
    }

    private void bias(String name, int width) {
        CounterRng rng = new CounterRng(seed, name);
        float[] v = new float[width];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.2f * rng.uniformSymmetric(i);
        }
        tensors.add(name, plainDtype(), new long[] {width}, v);
    }

    private void norm(String name, int width) {
        CounterRng rng = new CounterRng(seed, name);
        float[] v = new float[width];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1f + 0.1f * rng.uniformSymmetric(i);
        }
        tensors.add(name, plainDtype(), new long[] {width}, v);
    }

    /** An embedding, lm_head or router matrix: never FP8 (BF16 in an FP8 checkpoint, as DeepSeek-V3's are). */
    private void matrix(String name, int rows, int cols, double scale) {
        tensors.add(name, plainDtype(), new long[] {rows, cols}, values(name, rows * cols, scale));
    }

    /**
     * A projection: in an FP8 checkpoint, E4M3 values with one F32 scale per FP8_BLOCK × FP8_BLOCK block
     * ({@code NAME_scale_inv}, the block's max |w| / 448, by which the stored values are multiplied back).
     */
    private void linear(String name, int rows, int cols, double scale) {
        float[] v = values(name, rows * cols, scale);
        if (!dtype.equals(FP8)) {
            tensors.add(name, dtype, new long[] {rows, cols}, v);
            return;
        }
        int blockRows = (rows + FP8_BLOCK - 1) / FP8_BLOCK;
        int blockCols = (cols + FP8_BLOCK - 1) / FP8_BLOCK;
        float[] scales = new float[blockRows * blockCols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int b = (r / FP8_BLOCK) * blockCols + c / FP8_BLOCK;
                scales[b] = Math.max(scales[b], Math.abs(v[r * cols + c]) / 448f);
            }
        }
        float[] stored = new float[v.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float blockScale = scales[(r / FP8_BLOCK) * blockCols + c / FP8_BLOCK];
                stored[r * cols + c] = blockScale == 0 ? 0 : v[r * cols + c] / blockScale;
            }
        }
        tensors.add(name, FP8, new long[] {rows, cols}, stored);
        tensors.add(name + "_scale_inv", "F32", new long[] {blockRows, blockCols}, scales);
    }

    private float[] values(String name, int n, double scale) {
        CounterRng rng = new CounterRng(seed, name);
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.uniformSymmetric(i) * Math.sqrt(3.0) * scale);
        }
        return v;
    }

    /** Norms, biases, embeddings and routers: the checkpoint's dtype, BF16 in an FP8 one. */
    private String plainDtype() {
        return dtype.equals(FP8) ? "BF16" : dtype;
    }
}
