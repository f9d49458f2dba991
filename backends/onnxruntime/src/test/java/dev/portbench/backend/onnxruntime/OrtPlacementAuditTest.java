package dev.portbench.backend.onnxruntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.Backends;
import dev.portbench.backend.PlacedNode;
import dev.portbench.backend.Placement;
import dev.portbench.backend.Session;
import dev.portbench.scenarios.Dtype;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The placement audit on real profiles written by onnxruntime-cpu, checked against the trace file itself; in fp16 it
 * shows the casts ORT inserts around nodes that have no fp16 kernel on the CPU.
 */
class OrtPlacementAuditTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Placement audit(String scenario, String workload, Dtype dtype) throws Exception {
        ModelArtifact model = ExportedModels.export(dir, scenario, workload, dtype);
        Scenario s = model.scenario();
        Workload w = model.workload();
        Backend b = Backends.find("onnxruntime-cpu").orElseThrow().create(new BackendOptions("onnxruntime-cpu",
                Map.of()));
        try (Session session = b.openAudited(model, dir.resolve("audit"))) {
            if (w.phase() == dev.portbench.scenarios.Phase.PREFILL) {
                session.run(s.inputs(w));
                session.run(s.inputs(w));
            } else {
                dev.portbench.backend.GreedyDecoding.run(session, s.inputs(w), w.newTokens(), null);
            }
            Placement p = session.placement().orElseThrow();
            assertEquals(p, session.placement().orElseThrow(), "a second call returns the same audit");
            return p;
        }
    }

    @ParameterizedTest
    @CsvSource({"dense-tiny,prefill,fp32", "dense-tiny,prefill,fp16", "moe-tiny,decode,fp32", "moe-tiny,decode,fp16"})
    void everyKernelEventOfTheTraceIsInTheAuditOnTheCpu(String scenario, String workload, String dtype)
            throws Exception {
        Placement p = audit(scenario, workload, Dtype.fromId(dtype));
        JsonNode trace = JSON.readTree(Path.of(p.profile()).toFile());
        long events = 0;
        long micros = 0;
        Map<String, String> opByNode = new HashMap<>();
        for (JsonNode e : trace) {
            String name = e.path("name").asText();
            if (e.path("cat").asText().equals("Node") && name.endsWith("_kernel_time")) {
                events++;
                micros += e.path("dur").asLong();
                opByNode.put(name.replace("_kernel_time", ""), e.path("args").path("op_name").asText());
            }
        }
        assertTrue(events > 0, "ORT wrote kernel events");
        assertEquals(events, p.nodes().stream().mapToLong(PlacedNode::calls).sum());
        assertEquals(micros, p.nodes().stream().mapToLong(PlacedNode::kernelMicros).sum());
        assertEquals(opByNode.size(), p.nodes().size(), "one entry per node");
        for (PlacedNode n : p.nodes()) {
            assertEquals(opByNode.get(n.node()), n.opType(), n.node());
            assertEquals(Placement.CPU_PROVIDER, n.provider(), n.node());
        }
        assertEquals(Optional.empty(), p.acceleratorNodeShare(), "a CPU backend has nothing to accelerate");
        assertEquals(Optional.empty(), p.acceleratorTimeShare());
        assertTrue(p.fallbackOps().isEmpty());
    }

    @Test
    void inFp16OrtInsertsCastsAroundNodesWithoutAnFp16CpuKernelAndInFp32None() throws Exception {
        Placement fp32 = audit("dense-tiny", "prefill", Dtype.FP32);
        Placement fp16 = audit("dense-tiny", "prefill", Dtype.FP16);
        assertTrue(fp32.insertedNodes().isEmpty(), fp32.insertedNodes().toString());
        assertFalse(fp16.insertedNodes().isEmpty(), "the fp16 graph runs with inserted casts on the CPU");
        Set<String> ops = new HashSet<>();
        fp16.insertedNodes().forEach(n -> ops.add(n.opType()));
        assertEquals(Set.of("Cast"), ops);
        assertTrue(fp16.nodes().size() > fp32.nodes().size(), fp16.nodes().size() + " vs " + fp32.nodes().size());
    }

    @Test
    void aSessionThatWasNotAuditedHasNoPlacement() throws Exception {
        ModelArtifact model = ExportedModels.export(dir, "dense-tiny", "prefill", Dtype.FP32);
        Backend b = Backends.find("onnxruntime-cpu").orElseThrow().create(new BackendOptions("onnxruntime-cpu",
                Map.of()));
        try (Session session = b.open(model)) {
            session.run(model.scenario().inputs(model.workload()));
            assertEquals(Optional.empty(), session.placement());
        }
        assertFalse(Files.exists(dir.resolve("audit")));
    }
}
