package dev.portbench.scenarios.catalog;

import dev.portbench.scenarios.MoeOp;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.TensorSpec;
import dev.portbench.scenarios.WeightLayout;
import dev.portbench.scenarios.checkpoint.HfConfig;
import dev.portbench.scenarios.checkpoint.SafetensorsFile;
import dev.portbench.scenarios.checkpoint.TinyCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenario files that name a checkpoint: the model comes from it, errors point at the line, and it writes back. */
class ScenarioYamlCheckpointTest {
    private static final String WORKLOADS = "workloads:\n  - {name: prefill, phase: prefill, batch: 1, seq_len: 8}\n";

    @TempDir
    Path dir;

    @Test
    void aCheckpointScenarioReadsItsModelAndWeightsFromTheFolder() throws IOException {
        Path ckpt = new TinyCheckpoint(HfConfig.MIXTRAL, "F16", 2).write(dir.resolve("models").resolve("mix"));
        Path yaml = Files.writeString(dir.resolve("mix.yaml"), "name: mix\ncheckpoint: models/mix\nlayers: 1\n"
                + WORKLOADS);
        Scenario s = ScenarioYaml.load(yaml);
        assertEquals(1, s.model().layers());
        assertEquals(ckpt.toAbsolutePath().normalize(), s.checkpoint().dir());
        assertEquals("MixtralForCausalLM checkpoint mix: 1 of 2 layers", s.description());
        SafetensorsFile st = SafetensorsFile.open(ckpt.resolve("model.safetensors"));
        TensorSpec embed = WeightLayout.of(s.model()).tensor(WeightLayout.embed());
        assertArrayEquals(st.floats("model.embed_tokens.weight"), s.weights().get(embed.name()));

        Scenario again = ScenarioYaml.parse("written", new StringReader(ScenarioYaml.write(s)));
        assertEquals(s, again, "the run directory's copy names the same folder and layers");
    }

    /** A seeded model may have Qwen3's per-head q/k norms too: two [head_dim] gains per layer, written back. */
    @Test
    void aSeededModelWithQkNormHasItsGainsAndWritesThemBack() {
        Scenario s = ScenarioYaml.parse("q.yaml", new StringReader("name: q\nmodel: {vocab_size: 64, hidden: 16,"
                + " layers: 2, heads: 2, kv_heads: 1, head_dim: 8, ffn_hidden: 32, max_seq_len: 32, qk_norm: true}\n"
                + WORKLOADS));
        assertTrue(s.model().qkNorm());
        WeightLayout layout = WeightLayout.of(s.model());
        assertArrayEquals(new int[] {8}, layout.tensor(WeightLayout.qNorm(1)).shape());
        assertEquals(layout.parameterCount(), s.model().totalParameters(), "the gains are counted");
        assertEquals(s, ScenarioYaml.parse("again", new StringReader(ScenarioYaml.write(s))));
    }

    @Test
    void problemsPointAtTheLineOfTheKeyToBlame() throws IOException {
        new TinyCheckpoint(HfConfig.LLAMA, "F32", 2).write(dir.resolve("llama"));
        Path tooMany = Files.writeString(dir.resolve("a.yaml"), "name: a\ncheckpoint: llama\nlayers: 5\n" + WORKLOADS);
        String e = assertThrows(CatalogException.class, () -> ScenarioYaml.load(tooMany)).getMessage();
        assertTrue(e.startsWith(tooMany + ":3: layers: layers = 5 for a checkpoint of 2 layers"), e);

        Path missing = Files.writeString(dir.resolve("b.yaml"), "name: b\ncheckpoint: nowhere\n" + WORKLOADS);
        e = assertThrows(CatalogException.class, () -> ScenarioYaml.load(missing)).getMessage();
        assertEquals(missing + ":2: checkpoint: checkpoint " + dir.resolve("nowhere") + " is not a folder; expected a"
                + " Hugging Face checkpoint folder with config.json and model.safetensors (or"
                + " model.safetensors.index.json and its shards)", e);

        Path both = Files.writeString(dir.resolve("c.yaml"), "name: c\ncheckpoint: llama\nmodel: {hidden: 8}\n"
                + WORKLOADS);
        e = assertThrows(CatalogException.class, () -> ScenarioYaml.load(both)).getMessage();
        assertTrue(e.startsWith(both + ":2: checkpoint: has both 'checkpoint' (line 2) and 'model' (line 3)"), e);

        Path layersAlone = Files.writeString(dir.resolve("d.yaml"), "name: d\nlayers: 1\nmodel: {hidden: 8}\n"
                + WORKLOADS);
        e = assertThrows(CatalogException.class, () -> ScenarioYaml.load(layersAlone)).getMessage();
        assertTrue(e.startsWith(layersAlone + ":2: layers: layers keeps the first layers of a checkpoint"), e);

        Path longPrompt = Files.writeString(dir.resolve("e.yaml"), "name: e\ncheckpoint: llama\nworkloads:\n"
                + "  - {name: prefill, phase: prefill, batch: 1, seq_len: 200}\n");
        e = assertThrows(CatalogException.class, () -> ScenarioYaml.load(longPrompt)).getMessage();
        assertTrue(e.startsWith(longPrompt + ":4: workloads[0].seq_len: ") && e.contains("max_seq_len = 128"), e);
    }

    /** A checkpoint's MoE layers may be exported with the fused op too, where its router allows it. */
    @Test
    void aTopLevelMoeOpChoosesTheExportOfAnMoeCheckpoint() throws IOException {
        new TinyCheckpoint(HfConfig.QWEN3_MOE, "F32", 2).write(dir.resolve("qmoe"));
        Path fused = Files.writeString(dir.resolve("f.yaml"), "name: f\ncheckpoint: qmoe\nmoe_op: fused\n" + WORKLOADS);
        Scenario s = ScenarioYaml.load(fused);
        assertEquals(MoeOp.FUSED, s.model().moe().op());
        assertEquals(s.model(), ScenarioYaml.parse("written", new StringReader(ScenarioYaml.write(s))).model(),
                "written back");

        new TinyCheckpoint(HfConfig.DEEPSEEK_V3, "F32", 2).write(dir.resolve("v3"));
        Path sigmoid = Files.writeString(dir.resolve("g.yaml"), "name: g\ncheckpoint: v3\nmoe_op: fused\n" + WORKLOADS);
        String e = assertThrows(CatalogException.class, () -> ScenarioYaml.load(sigmoid)).getMessage();
        assertTrue(e.startsWith(sigmoid + ":3: moe_op: " + dir.resolve("v3").resolve("config.json")
                + ": moe.moe_op = fused, but the router has scoring sigmoid"), e);

        new TinyCheckpoint(HfConfig.LLAMA, "F32", 2).write(dir.resolve("llama"));
        Path dense = Files.writeString(dir.resolve("h.yaml"), "name: h\ncheckpoint: llama\nmoe_op: fused\n" + WORKLOADS);
        e = assertThrows(CatalogException.class, () -> ScenarioYaml.load(dense)).getMessage();
        assertTrue(e.startsWith(dense + ":3: moe_op: ") && e.contains("moe_op = fused, but h is a dense model"), e);

        Path unknown = Files.writeString(dir.resolve("i.yaml"), "name: i\ncheckpoint: qmoe\nmoe_op: grouped\n"
                + WORKLOADS);
        e = assertThrows(CatalogException.class, () -> ScenarioYaml.load(unknown)).getMessage();
        assertTrue(e.startsWith(unknown + ":3: moe_op: moe.moe_op = 'grouped'; expected loop or fused"), e);

        Path seeded = Files.writeString(dir.resolve("j.yaml"), "name: j\nmoe_op: fused\nmodel: {hidden: 8}\n"
                + WORKLOADS);
        e = assertThrows(CatalogException.class, () -> ScenarioYaml.load(seeded)).getMessage();
        assertTrue(e.startsWith(seeded + ":2: moe_op: a top-level moe_op is a checkpoint's"), e);
    }
}
