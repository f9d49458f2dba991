package dev.portbench.scenarios.checkpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portbench.scenarios.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** config.json's RoPE in both of transformers' forms, and spec errors that name the file. */
class HfConfigTest {
    @TempDir
    Path dir;

    /** Qwen3 as transformers 5 saves it (Qwen/Qwen3-0.6B's rope_theta is 1000000): the model of the earlier form. */
    @Test
    void aTransformers5ConfigIsTheModelOfItsEarlierForm() throws IOException {
        Path qwen = dir.resolve("qwen3");
        ObjectNode config = TinyConfigs.write(qwen, HfConfig.QWEN3);
        config.put("rope_theta", 1_000_000.0);
        TinyConfigs.save(qwen, config);
        ModelSpec before = CheckpointModel.open(qwen, "q", null).spec();
        assertEquals(1e6, before.ropeTheta());
        TinyConfigs.ropeParameters(config, "default");
        assertEquals(false, config.has("rope_theta") || config.has("rope_scaling"));
        TinyConfigs.save(qwen, config);
        assertEquals(before, CheckpointModel.open(qwen, "q", null).spec());
    }

    /** Llama-3.2's llama3 scaling, as transformers 5 writes it, is refused as the top-level rope_scaling is. */
    @Test
    void scalingInRopeParametersIsRefusedOutsideDeepSeek() throws IOException {
        Path llama = dir.resolve("llama");
        ObjectNode config = TinyConfigs.write(llama, HfConfig.LLAMA);
        ObjectNode p = TinyConfigs.ropeParameters(config, "llama3");
        p.put("factor", 32.0).put("low_freq_factor", 1.0).put("high_freq_factor", 4.0)
                .put("original_max_position_embeddings", 8192);
        Path file = llama.resolve("config.json");
        String plain = "portbench applies plain RoPE to this family; YaRN, linear or llama3 scaling would change every"
                + " position's angle)";
        assertEquals(file + ": field rope_parameters.rope_type = \"llama3\"; expected \"default\" (" + plain,
                assertThrows(CheckpointException.class, () -> new HfConfig(file, config)).getMessage());
        config.remove(RopeConfig.PARAMETERS);
        config.putObject("rope_scaling").put("rope_type", "llama3").put("factor", 32.0);
        assertEquals(file + ": field rope_scaling = {\"rope_type\":\"llama3\",\"factor\":32.0}; expected no"
                + " rope_scaling (" + plain, assertThrows(CheckpointException.class, () -> new HfConfig(file, config))
                .getMessage());
    }

    /** run --checkpoint DIR reports what CheckpointScenario throws: it must name config.json, not only the folder. */
    @Test
    void fieldsThatMakeNoModelAreRefusedNamingConfigJson() throws IOException {
        Path llama = dir.resolve("llama");
        ObjectNode config = TinyConfigs.write(llama, HfConfig.LLAMA);
        config.put("num_key_value_heads", 3);
        TinyConfigs.save(llama, config);
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointScenario.of(llama, null));
        assertEquals(llama.resolve("config.json") + ": heads = 4 is not divisible by kv_heads = 3; grouped-query"
                + " attention needs heads to be a multiple of kv_heads", e.getMessage());
    }
}
