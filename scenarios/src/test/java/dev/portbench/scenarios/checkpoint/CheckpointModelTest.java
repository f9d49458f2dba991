package dev.portbench.scenarios.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portbench.scenarios.MlaSpec;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.MoeSpec;
import dev.portbench.scenarios.RouterSpec;
import dev.portbench.scenarios.TensorSpec;
import dev.portbench.scenarios.WeightLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** config.json to portbench's spec, tensor names and layouts, and every way a checkpoint can be wrong. */
class CheckpointModelTest {
    @TempDir
    Path dir;

    private Path tiny(String architecture) throws IOException {
        return new TinyCheckpoint(architecture, "BF16", 3).write(dir.resolve(architecture));
    }

    private static void editConfig(Path ckpt, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode c = (ObjectNode) json.readTree(ckpt.resolve("config.json").toFile());
        edit.accept(c);
        json.writeValue(ckpt.resolve("config.json").toFile(), c);
    }

    @Test
    void theSpecComesFromTheConfigAndLayersCanBeCut() throws IOException {
        Path llama = tiny(HfConfig.LLAMA);
        ModelSpec s = CheckpointModel.open(llama, "llama-tiny", null).spec();
        assertEquals(new ModelSpec("llama-tiny", 96, 32, 2, 4, 2, 8, 48, null, 500000.0, 1e-5, 128), s);
        CheckpointModel one = CheckpointModel.open(llama, "llama-1", 1);
        assertEquals(1, one.spec().layers());
        assertEquals(2, one.checkpointLayers());
        ModelSpec mixtral = CheckpointModel.open(tiny(HfConfig.MIXTRAL), "mixtral-tiny", null).spec();
        assertEquals(new dev.portbench.scenarios.MoeSpec(4, 2, 48, 0), mixtral.moe());
        assertEquals(0, mixtral.ffnHidden());
    }

    /** PyTorch stores a Linear's weight [out, in]; portbench's projections are [in, out]: element (i, o) = W[o][i]. */
    @Test
    void projectionsAreTransposedAndNormsAndTheEmbeddingAreNot() throws IOException {
        Path llama = tiny(HfConfig.LLAMA);
        CheckpointModel m = CheckpointModel.open(llama, "t", null);
        SafetensorsFile st = SafetensorsFile.open(llama.resolve("model.safetensors"));
        WeightLayout layout = WeightLayout.of(m.spec());
        TensorSpec wq = layout.tensor(WeightLayout.wq(1));
        float[] ours = m.values(wq);
        float[] theirs = st.floats("model.layers.1.self_attn.q_proj.weight"); // [32 out, 32 in]
        int in = wq.shape()[0];
        int out = wq.shape()[1];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                assertEquals(theirs[o * in + i], ours[i * out + o]);
            }
        }
        TensorSpec head = layout.tensor(WeightLayout.lmHead()); // [hidden 32, vocab 96] from [96, 32]
        assertEquals(st.floats("lm_head.weight")[5 * 32 + 7], m.values(head)[7 * 96 + 5]);
        assertArrayEquals(st.floats("model.embed_tokens.weight"), m.values(layout.tensor(WeightLayout.embed())));
        assertArrayEquals(st.floats("model.norm.weight"), m.values(layout.tensor(WeightLayout.finalNorm())));
        Path mixtral = tiny(HfConfig.MIXTRAL);
        CheckpointModel moe = CheckpointModel.open(mixtral, "m", null);
        SafetensorsFile mst = SafetensorsFile.open(mixtral.resolve("model.safetensors"));
        TensorSpec up = WeightLayout.of(moe.spec()).tensor(WeightLayout.expert(0, 3) + ".w_up");
        assertEquals(mst.floats("model.layers.0.block_sparse_moe.experts.3.w3.weight")[2 * 32 + 9],
                moe.values(up)[9 * 48 + 2], "w_up is Mixtral's w3");
    }

    /** Qwen2: q/k/v biases, [out] each, read untransposed. */
    @Test
    void qwen2BringsItsProjectionBiases() throws IOException {
        Path qwen = tiny(HfConfig.QWEN2);
        CheckpointModel m = CheckpointModel.open(qwen, "q2", null);
        assertTrue(m.spec().qkvBias() && !m.spec().qkNorm());
        SafetensorsFile st = SafetensorsFile.open(qwen.resolve("model.safetensors"));
        TensorSpec bk = WeightLayout.of(m.spec()).tensor(WeightLayout.bk(0));
        assertArrayEquals(new int[] {16}, bk.shape(), "kv_heads × head_dim");
        assertArrayEquals(st.floats("model.layers.0.self_attn.k_proj.bias"), m.values(bk));
        assertEquals(WeightLayout.of(m.spec()).parameterCount(), m.spec().totalParameters(), "biases counted");
    }

    /** Qwen3: per-head q/k norms in the spec and the layout; Qwen3-MoE's routing fields are checked. */
    @Test
    void qwen3BringsItsHeadNormsAndQwen3MoeItsRoutingFields() throws IOException {
        Path qwen = tiny(HfConfig.QWEN3);
        CheckpointModel m = CheckpointModel.open(qwen, "q", null);
        assertTrue(m.spec().qkNorm());
        assertEquals(128, m.spec().maxSeqLen(), "use_sliding_window = false: sliding_window does not cap the context");
        SafetensorsFile st = SafetensorsFile.open(qwen.resolve("model.safetensors"));
        TensorSpec kNorm = WeightLayout.of(m.spec()).tensor(WeightLayout.kNorm(1));
        assertArrayEquals(new int[] {8}, kNorm.shape());
        assertArrayEquals(st.floats("model.layers.1.self_attn.k_norm.weight"), m.values(kNorm));

        Path moe = tiny(HfConfig.QWEN3_MOE);
        CheckpointModel q = CheckpointModel.open(moe, "qm", null);
        assertEquals(new dev.portbench.scenarios.MoeSpec(4, 2, 48, 0), q.spec().moe());
        SafetensorsFile mst = SafetensorsFile.open(moe.resolve("model.safetensors"));
        TensorSpec router = WeightLayout.of(q.spec()).tensor(WeightLayout.router(0)); // [32, 4] from [4, 32]
        assertEquals(mst.floats("model.layers.0.mlp.gate.weight")[3 * 32 + 5], q.values(router)[5 * 4 + 3]);
        editConfig(moe, c -> c.put("norm_topk_prob", false));
        assertEquals(moe.resolve("config.json") + ": field norm_topk_prob = false; expected true (portbench"
                        + " renormalises the top-k routing weights to sum to 1)",
                assertThrows(CheckpointException.class, () -> CheckpointModel.open(moe, "qm", null)).getMessage());
        editConfig(moe, c -> {
            c.put("norm_topk_prob", true);
            c.putArray("mlp_only_layers").add(0);
        });
        assertEquals(moe.resolve("config.json") + ": field mlp_only_layers = [0]; expected [] (every layer an MoE"
                + " layer)", assertThrows(CheckpointException.class, () -> CheckpointModel.open(moe, "qm", null))
                .getMessage());
    }

    @Test
    void tiedEmbeddingsServeAsTheHeadWhenTheConfigSaysSo() throws IOException {
        Path llama = tiny(HfConfig.LLAMA);
        editConfig(llama, c -> c.put("tie_word_embeddings", true));
        CheckpointModel m = CheckpointModel.open(llama, "t", null);
        SafetensorsFile st = SafetensorsFile.open(llama.resolve("model.safetensors"));
        TensorSpec head = WeightLayout.of(m.spec()).tensor(WeightLayout.lmHead());
        assertEquals(st.floats("model.embed_tokens.weight")[5 * 32 + 7], m.values(head)[7 * 96 + 5]);
    }

    @Test
    void unsupportedFamiliesAndMathChangingFieldsAreRefusedByName() throws IOException {
        Path llama = tiny(HfConfig.LLAMA);
        Path config = llama.resolve("config.json");
        editConfig(llama, c -> c.putArray("architectures").add("Gemma2ForCausalLM"));
        assertEquals(config + ": field architectures = [\"Gemma2ForCausalLM\"]; expected one of [LlamaForCausalLM,"
                        + " MixtralForCausalLM, Qwen2ForCausalLM, Qwen3ForCausalLM, Qwen3MoeForCausalLM,"
                        + " DeepseekV2ForCausalLM, DeepseekV3ForCausalLM]",
                assertThrows(CheckpointException.class, () -> CheckpointModel.open(llama, "t", null)).getMessage());
        editConfig(llama, c -> {
            c.putArray("architectures").add(HfConfig.LLAMA);
            c.putObject("rope_scaling").put("rope_type", "llama3");
        });
        String e = assertThrows(CheckpointException.class, () -> CheckpointModel.open(llama, "t", null)).getMessage();
        assertTrue(e.startsWith(config + ": field rope_scaling = {\"rope_type\":\"llama3\"}; expected no rope_scaling"),
                e);
        editConfig(llama, c -> {
            c.putNull("rope_scaling");
            c.put("hidden_act", "gelu");
        });
        assertEquals(config + ": field hidden_act = \"gelu\"; expected silu (portbench's FFN is SwiGLU)",
                assertThrows(CheckpointException.class, () -> CheckpointModel.open(llama, "t", null)).getMessage());
        editConfig(llama, c -> {
            c.put("hidden_act", "silu");
            c.put("attention_bias", true);
        });
        assertTrue(assertThrows(CheckpointException.class, () -> CheckpointModel.open(llama, "t", null)).getMessage()
                .contains("field attention_bias = true; expected false"));
        editConfig(llama, c -> {
            c.put("attention_bias", false);
            c.remove("hidden_size");
        });
        assertEquals(config + ": field hidden_size = missing; expected a positive whole number",
                assertThrows(CheckpointException.class, () -> CheckpointModel.open(llama, "t", null)).getMessage());
    }

    @Test
    void missingFilesWrongShapesAndLayerCountsAreNamed() throws IOException {
        Path llama = tiny(HfConfig.LLAMA);
        assertEquals("layers = 3 for a checkpoint of 2 layers (" + llama.resolve("config.json") + "); expected 1 to 2",
                assertThrows(CheckpointException.class, () -> CheckpointModel.open(llama, "t", 3)).getMessage());
        editConfig(llama, c -> c.put("intermediate_size", 64));
        assertEquals(llama.resolve("model.safetensors") + ": tensor model.layers.0.mlp.gate_proj.weight has shape"
                        + " [48, 32]; expected [64, 32] from " + llama.resolve("config.json"),
                assertThrows(CheckpointException.class, () -> CheckpointModel.open(llama, "t", null)).getMessage());
        Files.delete(llama.resolve("config.json"));
        assertEquals("missing " + llama.resolve("config.json") + "; expected it in a Hugging Face checkpoint folder",
                assertThrows(CheckpointException.class, () -> CheckpointModel.open(llama, "t", null)).getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("config.json"), "{}");
        assertTrue(assertThrows(CheckpointException.class, () -> CheckpointModel.open(empty, "t", null)).getMessage()
                .startsWith("checkpoint " + empty + " has neither model.safetensors nor model.safetensors.index.json"));
    }

    /** Shards through model.safetensors.index.json, as large checkpoints come; a missing shard is named. */
    @Test
    void shardsAreFoundThroughTheIndexAndAMissingOneIsNamed() throws IOException {
        Path single = tiny(HfConfig.LLAMA);
        Path sharded = Files.createDirectories(dir.resolve("sharded"));
        Files.copy(single.resolve("config.json"), sharded.resolve("config.json"));
        SafetensorsFile all = SafetensorsFile.open(single.resolve("model.safetensors"));
        SafetensorsWriter a = new SafetensorsWriter();
        SafetensorsWriter b = new SafetensorsWriter();
        ObjectNode index = new ObjectMapper().createObjectNode();
        ObjectNode map = index.putObject("weight_map");
        for (var e : all.entries().entrySet()) {
            boolean first = e.getKey().contains("layers.0") || e.getKey().contains("embed");
            (first ? a : b).add(e.getKey(), "F32", e.getValue().shape(), all.floats(e.getKey()));
            map.put(e.getKey(), first ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
        }
        a.write(sharded.resolve("model-00001-of-00002.safetensors"));
        b.write(sharded.resolve("model-00002-of-00002.safetensors"));
        new ObjectMapper().writeValue(sharded.resolve("model.safetensors.index.json").toFile(), index);
        CheckpointModel one = CheckpointModel.open(single, "t", null);
        CheckpointModel two = CheckpointModel.open(sharded, "t", null);
        for (TensorSpec t : WeightLayout.of(one.spec()).tensors()) {
            assertArrayEquals(one.values(t), two.values(t), t.name());
        }
        Files.delete(sharded.resolve("model-00002-of-00002.safetensors"));
        assertEquals(sharded.resolve("model.safetensors.index.json") + " names shard model-00002-of-00002.safetensors,"
                        + " which is missing: expected " + sharded.resolve("model-00002-of-00002.safetensors"),
                assertThrows(CheckpointException.class, () -> CheckpointModel.open(sharded, "t", null)).getMessage());
    }

    @Test
    void deepSeekConfigsBecomeMlaWithTheirRouter() throws IOException {
        ModelSpec v3 = CheckpointModel.open(tiny(HfConfig.DEEPSEEK_V3), "v3", null).spec();
        assertEquals(new MlaSpec(16, 12, 8, 4, 6), v3.mla());
        assertEquals(new MoeSpec(8, 2, 16, 2, new RouterSpec(RouterSpec.Scoring.SIGMOID, true, 2.5, 4, 2, true), 1),
                v3.moe());
        assertEquals(48, v3.ffnHidden());
        ModelSpec v2 = CheckpointModel.open(tiny(HfConfig.DEEPSEEK_V2), "v2", null).spec();
        assertEquals(0, v2.mla().qLoraRank());
        // V2's code scales only weights it does not renormalise: 16 here, as norm_topk_prob is false
        assertEquals(new RouterSpec(RouterSpec.Scoring.SOFTMAX, false, 16.0, 4, 2, false), v2.moe().router());
    }

    @Test
    void deepSeekFieldsThatChangeTheMathAreRefusedByName() throws IOException {
        Path ds = tiny(HfConfig.DEEPSEEK_V3);
        Path config = ds.resolve("config.json");
        editConfig(ds, c -> c.put("topk_method", "aux_free"));
        assertEquals(config + ": field topk_method = \"aux_free\"; expected noaux_tc (DeepseekV3ForCausalLM's"
                + " reference code computes no other)",
                assertThrows(CheckpointException.class, () -> CheckpointModel.open(ds, "t", null)).getMessage());
        editConfig(ds, c -> {
            c.put("topk_method", "noaux_tc");
            c.put("moe_layer_freq", 2);
        });
        assertTrue(assertThrows(CheckpointException.class, () -> CheckpointModel.open(ds, "t", null)).getMessage()
                .startsWith(config + ": field moe_layer_freq = 2; expected 1"));
        editConfig(ds, c -> {
            c.put("moe_layer_freq", 1);
            c.put("num_key_value_heads", 2);
        });
        assertTrue(assertThrows(CheckpointException.class, () -> CheckpointModel.open(ds, "t", null)).getMessage()
                .startsWith(config + ": field num_key_value_heads = 2; expected 4, num_attention_heads"));
        editConfig(ds, c -> {
            c.put("num_key_value_heads", 4);
            c.put("n_shared_experts", 3); // the file's shared MLP is 2 · 16 wide
        });
        String e = assertThrows(CheckpointException.class, () -> CheckpointModel.open(ds, "t", null)).getMessage();
        assertTrue(e.contains("tensor model.layers.1.mlp.shared_experts.gate_proj.weight has shape [32, 32];"
                + " expected [48, 32]"), e);
    }

    @Test
    void fp8WeightsNeedTheirBlockScalesAndTheQuantizationConfig() throws IOException {
        Path ds = dir.resolve("fp8");
        new TinyCheckpoint(HfConfig.DEEPSEEK_V3, TinyCheckpoint.FP8, 3).write(ds);
        Path config = ds.resolve("config.json");
        CheckpointModel m = CheckpointModel.open(ds, "fp8", null);
        // a dequantised weight is the E4M3 value times its block's scale
        SafetensorsFile st = SafetensorsFile.open(ds.resolve("model.safetensors"));
        String name = "model.layers.0.self_attn.kv_b_proj.weight"; // [4 · 14, 12]: blocks of 8 × 8, 2 per row
        float expected = st.floats(name)[13 * 12 + 9] * st.floats(name + "_scale_inv")[1 * 2 + 1];
        TensorSpec kvB = WeightLayout.of(m.spec()).tensor(WeightLayout.wkvB(0)); // [12, 56], transposed
        assertEquals(expected, m.values(kvB)[9 * 56 + 13]);

        editConfig(ds, c -> c.remove("quantization_config"));
        String e = assertThrows(CheckpointException.class, () -> CheckpointModel.open(ds, "t", null)).getMessage();
        assertTrue(e.contains("tensor model.layers.0.self_attn.q_a_proj.weight is F8_E4M3 [16, 32]; expected a 2-D"
                + " weight and a quantization_config with weight_block_size"), e);
        editConfig(ds, c -> c.putObject("quantization_config").put("quant_method", "awq"));
        e = assertThrows(CheckpointException.class, () -> CheckpointModel.open(ds, "t", null)).getMessage();
        assertTrue(e.startsWith(config + ": field quantization_config = {\"quant_method\":\"awq\"}; expected"
                + " {\"quant_method\": \"fp8\""), e);
    }
}
