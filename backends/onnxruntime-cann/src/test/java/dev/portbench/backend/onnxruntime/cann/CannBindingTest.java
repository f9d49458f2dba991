package dev.portbench.backend.onnxruntime.cann;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.DecodeStep;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.Session;
import dev.portbench.results.DriftMetrics;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.TokenInputs;
import dev.portbench.scenarios.Workload;
import dev.portbench.scenarios.onnx.OnnxExporter;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.onnxruntime.OrtSessionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The binding alone: the session code of onnxruntime-cann (C API session, inputs, outputs, KV cache) with no execution
 * provider appended, i.e. on ORT's default CPU provider, against the onnxruntime-cpu backend on the same exported
 * graph. Nothing here runs CANN or stands for it: these sessions never become rows.
 */
class CannBindingTest {

    @TempDir
    Path dir;

    private static Scenario scenario(String name) {
        return ScenarioCatalog.builtIn().find(name).orElseThrow();
    }

    private ModelArtifact export(Scenario s, Workload w) throws Exception {
        Path onnx = dir.resolve(s.name() + "-" + w.name() + ".onnx");
        OnnxExporter.export(s.weights(), Dtype.FP32, w.phase(), onnx);
        return new ModelArtifact(s, w, Dtype.FP32, s.weights(), onnx);
    }

    /** The backend's own session code with ExecutionProviderStep.NONE in place of the CANN step. */
    private static Backend withoutExecutionProvider() {
        return new CannBackend(CannSettings.from(BackendOptions.none("onnxruntime-cann")), null,
                ExecutionProviderStep.NONE);
    }

    private static void assertSameOutputs(ForwardOutputs expected, ForwardOutputs actual, String what) {
        assertArrayEquals(expected.logits().shape(), actual.logits().shape(), what);
        double relL2 = DriftMetrics.relL2(actual.logits().toDoubleArray(), expected.logits().toDoubleArray());
        assertTrue(relL2 < 1e-6, what + ": rel_l2 against onnxruntime-cpu = " + relL2);
        assertEquals(expected.routerTopK().size(), actual.routerTopK().size(), what);
        for (int l = 0; l < expected.routerTopK().size(); l++) {
            assertArrayEquals(expected.routerTopK().get(l), actual.routerTopK().get(l), what + " routing, layer " + l);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense-tiny", "moe-tiny"})
    void prefillLogitsEqualOnnxruntimeCpusWithinFp32(String name) throws Exception {
        Scenario s = scenario(name);
        Workload w = s.workload("prefill").orElseThrow();
        ModelArtifact model = export(s, w);
        ForwardOutputs expected = OrtCpuInChildJvm.run(name, "prefill", model.onnxFile(), dir).get(0);
        try (Backend b = withoutExecutionProvider(); Session session = b.open(model)) {
            ForwardOutputs actual = session.run(s.inputs(w));
            assertSameOutputs(expected, actual, name + " prefill");
            assertEquals(s.model().isMoe() ? s.model().layers() : 0, actual.routerTopK().size());
            assertEquals(4 * s.model().totalParameters(), session.weightBytes());
        }
    }

    /**
     * The audit path of the binding: profiled from its creation, the session's trace says where each node ran. With no
     * CANN provider appended every node is on ORT's CPU provider, so against CANN the accelerator share is 0 and every
     * operator is a fallback, as the trace itself shows.
     */
    @Test
    void anAuditedSessionReadsOrtsTraceOfWhereEachNodeRan() throws Exception {
        Scenario s = scenario("moe-tiny");
        Workload w = s.workload("prefill").orElseThrow();
        ModelArtifact model = export(s, w);
        dev.portbench.backend.Placement p;
        try (Backend b = withoutExecutionProvider(); Session session = b.openAudited(model, dir.resolve("audit"))) {
            session.run(s.inputs(w));
            p = session.placement().orElseThrow();
            assertEquals(p, session.placement().orElseThrow(), "ended once, then remembered");
        }
        long kernelEvents = 0;
        java.util.Set<String> ops = new java.util.TreeSet<>();
        for (com.fasterxml.jackson.databind.JsonNode e : new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Path.of(p.profile()).toFile())) {
            if (e.path("name").asText().endsWith("_kernel_time")) {
                kernelEvents++;
                ops.add(e.path("args").path("op_name").asText());
                assertEquals("CPUExecutionProvider", e.path("args").path("provider").asText());
            }
        }
        assertTrue(kernelEvents > 0);
        assertTrue(Path.of(p.profile()).startsWith(dir.resolve("audit")), p.profile());
        assertEquals(kernelEvents, p.nodes().stream().mapToLong(dev.portbench.backend.PlacedNode::calls).sum());
        assertEquals(0.0, p.acceleratorNodeShare().orElseThrow());
        assertEquals(ops, p.fallbackOps());
        try (Backend b = withoutExecutionProvider(); Session session = b.open(model)) {
            assertTrue(session.placement().isEmpty(), "not audited, not profiled");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense-tiny", "moe-tiny"})
    void promptAndOneCacheStepEqualOnnxruntimeCpus(String name) throws Exception {
        Scenario s = scenario(name);
        Workload w = s.workload("decode").orElseThrow();
        ModelArtifact model = export(s, w);
        List<ForwardOutputs> expected = OrtCpuInChildJvm.run(name, "decode", model.onnxFile(), dir);
        TokenInputs prompt = s.inputs(w);
        try (Backend b = withoutExecutionProvider(); Session session = b.open(model)) {
            DecodeStep first = session.step(prompt, null);
            assertEquals(w.seqLen(), first.cache().length());
            assertSameOutputs(expected.get(0), first.outputs(), name + " prompt");
            long[] next = OrtCpuInChildJvm.stepTokens(prompt.batch(), s.model().vocabSize());
            DecodeStep second = session.step(new TokenInputs(prompt.batch(), 1, next), first.cache());
            assertEquals(w.seqLen() + 1, second.cache().length());
            assertSameOutputs(expected.get(1), second.outputs(), name + " step 1");
            // the past is unchanged by a step: stepping from it again gives the same logits
            DecodeStep again = session.step(new TokenInputs(prompt.batch(), 1, next), first.cache());
            assertArrayEquals(second.outputs().logits().floats(), again.outputs().logits().floats());
            again.cache().close();
            second.cache().close();
            first.cache().close();
        }
    }

    @Test
    void theRuntimeIsThePresetsOwnAndTheProbeInThisProcessQuotesIt() {
        CannRuntime rt = CannRuntime.get();
        assertEquals("1.22.0", rt.version);
        assertFalse(rt.library.contains(","), "one libonnxruntime only: " + rt.library);
        assertTrue(rt.library.endsWith("/org/bytedeco/onnxruntime/linux-x86_64/libonnxruntime.so.1")
                || rt.library.endsWith("/org/bytedeco/onnxruntime/linux-arm64/libonnxruntime.so.1"), rt.library);
        CannProbe.Result r = CannProbe.inProcess(CannSettings.from(BackendOptions.none("onnxruntime-cann")));
        assertFalse(r.available());
        assertEquals("ONNX Runtime 1.22.0 (" + rt.library + ") cannot use the CANN execution provider:"
                + " CreateCANNProviderOptions: CANN execution provider is not enabled in this build.", r.reason());
    }

    @Test
    void strictSessionOptionsHoldTheCpuFallbackSwitch() {
        CannRuntime rt = CannRuntime.get();
        CannSettings strict = CannSettings.from(new BackendOptions("onnxruntime-cann", Map.of("strict", "true")));
        OrtSessionOptions options = new CannSessionFactory(rt, strict.sessionConfig(), strict.intraOpThreads(),
                ExecutionProviderStep.NONE).sessionOptions();
        try {
            BytePointer value = new BytePointer(16);
            SizeTPointer size = new SizeTPointer(1).put(16);
            rt.check(rt.api.GetSessionConfigEntry(options, "session.disable_cpu_ep_fallback", value, size),
                    "GetSessionConfigEntry");
            byte[] text = new byte[(int) size.get() - 1]; // the size ORT reports counts the terminating NUL
            value.get(text);
            assertEquals("1", new String(text, java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            rt.api.ReleaseSessionOptions(options);
        }
        CannSettings defaults = CannSettings.from(BackendOptions.none("onnxruntime-cann"));
        OrtSessionOptions plain = new CannSessionFactory(rt, defaults.sessionConfig(), defaults.intraOpThreads(),
                ExecutionProviderStep.NONE).sessionOptions(); // ORT takes the thread count: it answered OK
        try {
            int[] has = new int[1];
            rt.check(rt.api.HasSessionConfigEntry(plain, "session.disable_cpu_ep_fallback", has),
                    "HasSessionConfigEntry");
            assertEquals(0, has[0]);
        } finally {
            rt.api.ReleaseSessionOptions(plain);
        }
    }

    /**
     * JavaCPP's ONNX Runtime (1.22) predates the MoE attributes the fused export sets: it refuses the graph at load,
     * naming the attribute, so a fused cell on onnxruntime-cann is FAILED with ORT's words, never run another way.
     */
    @Test
    void theFusedMoeGraphIsRefusedByThisRuntimeNamingTheAttribute() throws Exception {
        String yaml = dev.portbench.scenarios.catalog.ScenarioYaml.write(scenario("moe-tiny"))
                .replace("    shared_experts: 1\n", "    shared_experts: 1\n    moe_op: fused\n")
                .replace("name: moe-tiny", "name: moe-fused");
        Scenario s = dev.portbench.scenarios.catalog.ScenarioYaml.parse("fused.yaml", new java.io.StringReader(yaml));
        Workload w = s.workload("prefill").orElseThrow();
        ModelArtifact model = export(s, w);
        try (Backend b = withoutExecutionProvider()) {
            dev.portbench.backend.BackendException e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.portbench.backend.BackendException.class, () -> b.open(model).close());
            assertTrue(e.getMessage().contains("Unrecognized attribute: swiglu_fusion for operator MoE"),
                    e.getMessage());
        }
    }
}
