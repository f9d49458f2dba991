package dev.portbench.backend.onnxruntime;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.Backends;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.Session;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.MoeSpec;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.TokenInputs;
import dev.portbench.scenarios.Workload;
import dev.portbench.scenarios.onnx.OnnxExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model whose widths all differ (hidden 40, heads·head_dim 48, kv_heads·head_dim 16) and a sequence shorter than
 * max_seq_len, so a transposed weight or a wrongly sliced RoPE table or mask would show.
 */
class OrtCpuSessionTest {
    private static final ModelSpec SPEC = new ModelSpec("odd-moe", 50, 40, 2, 6, 2, 8, 0,
            new MoeSpec(5, 2, 24, 1), 1e4, 1e-5, 32);

    @TempDir
    Path dir;

    private static ForwardOutputs run(String id, ModelArtifact model, TokenInputs in, long[] weightBytes) {
        try (Backend b = Backends.find(id).orElseThrow().create(BackendOptions.none(id));
             Session s = b.open(model)) {
            weightBytes[0] = s.weightBytes();
            return s.run(in);
        }
    }

    @Test
    void runMatchesTheFp64ReferenceOnOddWidthsAndShortSequences() throws Exception {
        Scenario scenario = new Scenario("odd-moe", "", SPEC, Workload.prefill(3, 7), 5);
        Path onnx = dir.resolve("odd.onnx");
        OnnxExporter.export(scenario.weights(), onnx);
        ModelArtifact model = ModelArtifact.fp32(scenario, onnx);
        TokenInputs in = scenario.inputs(scenario.workloads().get(0));
        long[] ortBytes = new long[1];
        ForwardOutputs ort = run("onnxruntime-cpu", model, in, ortBytes);
        ForwardOutputs ref = run("reference-fp64", model, in, new long[1]);

        assertEquals(4 * SPEC.totalParameters(), ortBytes[0]);
        assertArrayEquals(new long[] {3, 7, 50}, ort.logits().shape());
        assertFalse(ort.logits().isDouble());
        double[] y = ort.logits().toDoubleArray();
        double[] r = ref.logits().toDoubleArray();
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < r.length; i++) {
            diff += (y[i] - r[i]) * (y[i] - r[i]);
            norm += r[i] * r[i];
        }
        double relL2 = Math.sqrt(diff / norm);
        assertTrue(relL2 < 1e-5, "rel_l2 " + relL2);

        assertEquals(2, ort.routerTopK().size());
        for (int l = 0; l < 2; l++) {
            assertEquals(3 * 7 * 2, ort.routerTopK().get(l).length);
            assertArrayEquals(ref.routerTopK().get(l), ort.routerTopK().get(l), "layer " + l);
        }
    }

    @Test
    void denseModelReturnsNoRouting() throws Exception {
        ModelSpec dense = new ModelSpec("odd-dense", 50, 40, 1, 6, 2, 8, 24, null, 1e4, 1e-5, 32);
        Scenario scenario = new Scenario("odd-dense", "", dense, Workload.prefill(1, 4), 5);
        Path onnx = dir.resolve("dense.onnx");
        OnnxExporter.export(scenario.weights(), onnx);
        ForwardOutputs out = run("onnxruntime-cpu", ModelArtifact.fp32(scenario, onnx),
                scenario.inputs(scenario.workloads().get(0)), new long[1]);
        assertEquals(0, out.routerTopK().size());
        assertArrayEquals(new long[] {1, 4, 50}, out.logits().shape());
    }
}
