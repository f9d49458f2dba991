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
 * of 48, top-2); rope_theta 500000, rms_norm_eps 1e-5.
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

    private final String architecture;
    private final String dtype;
    private final long seed;
    private final SafetensorsWriter tensors = new SafetensorsWriter();

    /** @param dtype how the tensors are stored: F32, F16 or BF16 */
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
        for (int l = 0; l < LAYERS; l++) {
            String p = "model.layers." + l + ".";
            norm(p + "input_layernorm.weight");
            norm(p + "post_attention_layernorm.weight");
            matrix(p + "self_attn.q_proj.weight", HEADS * HEAD_DIM, HIDDEN, 1.0 / Math.sqrt(HIDDEN));
            matrix(p + "self_attn.k_proj.weight", KV_HEADS * HEAD_DIM, HIDDEN, 1.0 / Math.sqrt(HIDDEN));
            matrix(p + "self_attn.v_proj.weight", KV_HEADS * HEAD_DIM, HIDDEN, 1.0 / Math.sqrt(HIDDEN));
            matrix(p + "self_attn.o_proj.weight", HIDDEN, HEADS * HEAD_DIM, 0.5 / Math.sqrt(HIDDEN));
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
            case "BF16" -> "bfloat16";
            default -> "float32";
        });
        if (architecture.equals(HfConfig.QWEN3_MOE)) {
            c.put("num_experts", EXPERTS);
            c.put("num_experts_per_tok", TOP_K);
            c.put("moe_intermediate_size", FFN);
            c.put("norm_topk_prob", true);
            c.put("decoder_sparse_step", 1);
            c.putArray("mlp_only_layers");
        }
        if (qwen3() || architecture.equals(HfConfig.QWEN2)) {
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
        matrix(gate, FFN, HIDDEN, 1.0 / Math.sqrt(HIDDEN));
        matrix(up, FFN, HIDDEN, 1.0 / Math.sqrt(HIDDEN));
        matrix(down, HIDDEN, FFN, 0.5 / Math.sqrt(FFN));
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
        tensors.add(name, dtype, new long[] {width}, v);
    }

    private void norm(String name, int width) {
        CounterRng rng = new CounterRng(seed, name);
        float[] v = new float[width];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1f + 0.1f * rng.uniformSymmetric(i);
        }
        tensors.add(name, dtype, new long[] {width}, v);
    }

    private void matrix(String name, int rows, int cols, double scale) {
        CounterRng rng = new CounterRng(seed, name);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.uniformSymmetric(i) * Math.sqrt(3.0) * scale);
        }
        tensors.add(name, dtype, new long[] {rows, cols}, v);
    }
}
