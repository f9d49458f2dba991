package dev.portbench.backend.onnxruntime;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendException;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.GraphSession;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.OutputTensor;
import dev.portbench.backend.Session;
import dev.portbench.results.Npy;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.Phase;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.TokenInputs;
import dev.portbench.scenarios.byo.ByoCheck;
import dev.portbench.scenarios.byo.ByoModel;
import dev.portbench.scenarios.byo.InputTensor;
import dev.portbench.scenarios.byo.OnnxSignature;
import dev.portbench.scenarios.onnx.OnnxExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bring-your-own models end to end: portbench's own exported graph, described by a BYO file as a user would, must give
 * exactly the logits that the scenario session gives for the same ids.
 */
class OrtGraphSessionTest {
    private static final Scenario DENSE = ScenarioCatalog.builtIn().find("dense-tiny").orElseThrow();

    @TempDir
    Path dir;

    private static Backend backend() {
        return new OrtCpuProvider().create(new BackendOptions("onnxruntime-cpu", Map.of("intra_op_threads", "1")));
    }

    /** The scenario session's logits for its first workload's seeded prompt. */
    private static float[] scenarioLogits(Backend b, Scenario scenario, Path onnx) {
        try (Session s = b.open(ModelArtifact.fp32(scenario, onnx))) {
            return s.run(scenario.inputs(scenario.workloads().get(0))).logits().floats();
        }
    }

    private static ByoModel load(Path yaml) {
        ScenarioCatalog c = ScenarioCatalog.withFiles(List.of(yaml));
        return c.byoModels().get(0);
    }

    private static Map<String, OutputTensor> runByo(Backend b, ByoModel model) throws IOException {
        ByoCheck.against(model, OnnxSignature.read(model.onnx()));
        try (GraphSession g = b.openGraph(model.onnx())) {
            return g.run(model.materialiseInputs());
        }
    }

    @ParameterizedTest(name = "external data: {0}")
    @ValueSource(booleans = {false, true})
    void npyInputsReproduceTheScenarioSessionBitForBit(boolean externalData) throws IOException {
        Path models = Files.createDirectories(dir.resolve("models"));
        Path onnx = models.resolve("dense.onnx");
        OnnxExporter.export(DENSE.weights(), Dtype.FP32, Phase.PREFILL, onnx, externalData);
        assertEquals(externalData, Files.exists(OnnxExporter.externalDataFile(onnx)));
        TokenInputs ids = DENSE.inputs(DENSE.workloads().get(0));
        Npy.write(dir.resolve("ids.npy"), ids.shape(), ids.ids());
        Path yaml = Files.writeString(dir.resolve("byo.yaml"), """
                name: dense-as-byo
                onnx: models/dense.onnx
                inputs:
                  - name: input_ids
                    dtype: int64
                    shape: [2, 16]
                    npy: ids.npy
                """);
        ByoModel model = load(yaml);
        assertArrayEquals(ids.ids(), model.materialiseInputs().get(0).longs());

        try (Backend b = backend()) {
            Map<String, OutputTensor> out = runByo(b, model);
            assertEquals(List.of("logits"), List.copyOf(out.keySet()));
            OutputTensor logits = out.get("logits");
            assertFalse(logits.isDouble());
            assertArrayEquals(new long[] {2, 16, 256}, logits.shape());
            assertArrayEquals(scenarioLogits(b, DENSE, onnx), logits.floats()); // exact: compares float bits
        }
    }

    @Test
    void rangeInputsOnTheScenarioSeedAreThePromptAndOtherSeedsAreNot() throws IOException {
        Path onnx = dir.resolve("dense.onnx");
        OnnxExporter.export(DENSE.weights(), onnx);
        String yaml = """
                name: ranged
                onnx: dense.onnx
                seed: %d
                inputs:
                  - {name: input_ids, dtype: int64, shape: [2, 16], range: [0, 255]}
                """;
        ByoModel same = load(Files.writeString(dir.resolve("same.yaml"), yaml.formatted(DENSE.seed())));
        ByoModel other = load(Files.writeString(dir.resolve("other.yaml"), yaml.formatted(DENSE.seed() + 1)));
        try (Backend b = backend()) {
            float[] expected = scenarioLogits(b, DENSE, onnx);
            assertArrayEquals(expected, runByo(b, same).get("logits").floats());
            float[] otherLogits = runByo(b, other).get("logits").floats();
            assertEquals(expected.length, otherLogits.length);
            assertFalse(java.util.Arrays.equals(expected, otherLogits), "another seed, other ids, other logits");
        }
    }

    @Test
    void integerOutputsAreLeftOut() throws IOException {
        Scenario moe = ScenarioCatalog.builtIn().find("moe-tiny").orElseThrow();
        Path onnx = dir.resolve("moe.onnx");
        OnnxExporter.export(moe.weights(), onnx);
        OnnxSignature sig = OnnxSignature.read(onnx);
        assertTrue(sig.outputs().size() > 1, "the MoE graph also returns its routing: " + sig.outputs());
        TokenInputs ids = moe.inputs(moe.workloads().get(0));
        InputTensor in = InputTensor.ofLongs("input_ids", ids.shape(), ids.ids());
        try (Backend b = backend(); GraphSession g = b.openGraph(onnx)) {
            Map<String, OutputTensor> out = g.run(List.of(in));
            assertEquals(List.of("logits"), List.copyOf(out.keySet()));
            assertArrayEquals(scenarioLogits(b, moe, onnx), out.get("logits").floats());
        }
    }

    @Test
    void runtimeErrorsNameTheModelFile() throws IOException {
        Path onnx = dir.resolve("dense.onnx");
        OnnxExporter.export(DENSE.weights(), onnx);
        InputTensor wrong = InputTensor.ofLongs("tokens", new long[] {1, 2}, new long[] {1, 2});
        try (Backend b = backend(); GraphSession g = b.openGraph(onnx)) {
            BackendException e = assertThrows(BackendException.class, () -> g.run(List.of(wrong)));
            assertTrue(e.getMessage().startsWith("ONNX Runtime failed to run " + onnx + ": "), e.getMessage());
            InputTensor ids = InputTensor.ofLongs("input_ids", new long[] {1, 2}, new long[] {1, 2});
            e = assertThrows(BackendException.class, () -> g.run(List.of(ids, ids)));
            assertTrue(e.getMessage().contains("input 'input_ids' was given twice"), e.getMessage());
        }
        Path missing = dir.resolve("missing.onnx");
        try (Backend b = backend()) {
            BackendException e = assertThrows(BackendException.class, () -> b.openGraph(missing));
            assertTrue(e.getMessage().startsWith("ONNX Runtime could not load " + missing), e.getMessage());
        }
    }
}
