package dev.portbench.backend.onnxruntime;

import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.Backends;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.Session;
import dev.portbench.results.DriftMetrics;
import dev.portbench.scenarios.ModelWeights;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.TokenInputs;
import dev.portbench.scenarios.onnx.OnnxExporter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exported ONNX graph, run by ONNX Runtime in fp32, computes the same model as the fp64 oracle. */
class OnnxExportAccuracyTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"dense-tiny", "moe-tiny", "mla-tiny"})
    void exportOnOrtCpuMatchesTheFp64Oracle(String name) throws Exception {
        Scenario scenario = ScenarioCatalog.builtIn().find(name).orElseThrow();
        ModelWeights weights = scenario.weights();
        Path onnx = dir.resolve(name + ".onnx");
        OnnxExporter.export(weights, onnx);
        ModelArtifact model = new ModelArtifact(scenario, scenario.workloads().get(0), dev.portbench.scenarios.Dtype.FP32, weights, onnx);
        TokenInputs inputs = scenario.inputs(scenario.workloads().get(0));

        ForwardOutputs oracle = run("reference-fp64", model, inputs);
        ForwardOutputs ort = run("onnxruntime-cpu", model, inputs);

        assertEquals(Arrays.toString(oracle.logits().shape()), Arrays.toString(ort.logits().shape()));
        double[] r = oracle.logits().toDoubleArray();
        double[] y = ort.logits().toDoubleArray();
        int vocab = scenario.model().vocabSize();
        double relL2 = DriftMetrics.relL2(y, r);
        assertTrue(relL2 < 1e-5, "rel_l2 = " + relL2);
        assertTrue(relL2 > 0, "fp32 cannot match fp64 bit for bit; rel_l2 = 0 means the comparison is broken");
        assertEquals(1.0, DriftMetrics.top1Agreement(y, r, vocab));

        assertEquals(scenario.model().moeLayers().length, ort.routerTopK().size());
        for (int l = 0; l < ort.routerTopK().size(); l++) {
            int k = scenario.model().moe().topK();
            assertEquals(1.0, DriftMetrics.routingAgreement(ort.routerTopK().get(l), oracle.routerTopK().get(l), k));
            assertSeveralExpertsUsed(ort.routerTopK().get(l));
        }
    }

    /** A degenerate router (one expert takes everything) would make routing agreement meaningless. */
    private static void assertSeveralExpertsUsed(long[] topK) {
        Set<Long> used = new HashSet<>();
        for (long e : topK) {
            used.add(e);
        }
        assertTrue(used.size() >= 3, "experts used: " + used);
    }

    private static ForwardOutputs run(String backendId, ModelArtifact model, TokenInputs inputs) {
        BackendProvider provider = Backends.find(backendId).orElseThrow();
        assertTrue(provider.probe().available(), provider.probe().reason());
        try (var backend = provider.create(new BackendOptions(backendId, Map.of()));
             Session session = backend.open(model)) {
            return session.run(inputs);
        }
    }
}
