package dev.portbench.backend.onnxruntime;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.Backends;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.Session;
import dev.portbench.results.DriftMetrics;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.Workload;
import dev.portbench.scenarios.catalog.ScenarioYaml;
import dev.portbench.scenarios.checkpoint.HfConfig;
import dev.portbench.scenarios.checkpoint.TinyCheckpoint;
import dev.portbench.scenarios.onnx.OnnxExporter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A family's tiny checkpoint (bf16 on disk, as labs ship them), exported and run in fp32 on ORT, against the oracle. */
class OrtCheckpointTest {
    @TempDir
    Path dir;

    private static ForwardOutputs run(String backend, Scenario s, Workload w, Path onnx) {
        try (Backend b = Backends.find(backend).orElseThrow().create(new BackendOptions(backend, Map.of()));
             Session session = b.open(new ModelArtifact(s, w, Dtype.FP32, s.weights(), onnx))) {
            return session.run(s.inputs(w));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {HfConfig.LLAMA, HfConfig.MIXTRAL, HfConfig.QWEN2, HfConfig.QWEN3, HfConfig.QWEN3_MOE,
            HfConfig.DEEPSEEK_V2, HfConfig.DEEPSEEK_V3})
    void fp32OnTheCheckpointsWeightsMatchesTheOracle(String architecture) throws Exception {
        Scenario s = checkpointScenario(architecture, "");
        Workload w = s.workload("prefill").orElseThrow();
        assertMatchesTheOracle(architecture, s, w, export(s, w));
    }

    /** The family's tiny checkpoint, bf16 on disk, as a scenario file with {@code extraKeys}. */
    private Scenario checkpointScenario(String architecture, String extraKeys) throws Exception {
        new TinyCheckpoint(architecture, "BF16", 4).write(dir.resolve("ckpt"));
        return ScenarioYaml.load(Files.writeString(dir.resolve("s.yaml"), "name: ckpt\ncheckpoint: ckpt\n" + extraKeys
                + "workloads:\n  - {name: prefill, phase: prefill, batch: 2, seq_len: 12}\n"));
    }

    private Path export(Scenario s, Workload w) throws Exception {
        Path onnx = dir.resolve("ckpt.onnx");
        OnnxExporter.export(s.weights(), Dtype.FP32, w.phase(), onnx);
        return onnx;
    }

    /** fp32 ORT on the exported graph against the oracle: rel_l2 below 1e-5 and every token on the oracle's experts. */
    private static void assertMatchesTheOracle(String what, Scenario s, Workload w, Path onnx) {
        ForwardOutputs oracle = run("reference-fp64", s, w, null);
        ForwardOutputs ort = run("onnxruntime-cpu", s, w, onnx);
        double relL2 = DriftMetrics.relL2(ort.logits().toDoubleArray(), oracle.logits().toDoubleArray());
        assertTrue(relL2 < 1e-5 && relL2 > 0, what + " rel_l2 = " + relL2);
        for (int l = 0; l < ort.routerTopK().size(); l++) {
            assertEquals(1.0, DriftMetrics.routingAgreement(ort.routerTopK().get(l), oracle.routerTopK().get(l),
                    TinyCheckpoint.TOP_K), what + " layer " + l);
        }
    }

    /** The softmax-routed MoE families with their experts as ONNX Runtime's fused MoE node: still the oracle's. */
    @ParameterizedTest
    @ValueSource(strings = {HfConfig.MIXTRAL, HfConfig.QWEN3_MOE})
    void theFusedMoeExportOfACheckpointMatchesTheOracle(String architecture) throws Exception {
        Scenario s = checkpointScenario(architecture, "moe_op: fused\n");
        Workload w = s.workload("prefill").orElseThrow();
        Path onnx = export(s, w);
        assertTrue(ai.onnx.proto.OnnxMl.ModelProto.parseFrom(Files.readAllBytes(onnx)).getGraph().getNodeList()
                .stream().anyMatch(n -> n.getOpType().equals("MoE")), "the graph has the fused node");
        assertMatchesTheOracle(architecture + " fused", s, w, onnx);
    }
}
