package dev.portbench.backend.onnxruntime;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.Backends;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.GreedyDecoding;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.Session;
import dev.portbench.backend.UnsupportedPrecisionException;
import dev.portbench.results.DriftMetrics;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.MoeOp;
import dev.portbench.scenarios.Phase;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.TokenInputs;
import dev.portbench.scenarios.Workload;
import dev.portbench.scenarios.onnx.OnnxExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Precisions and the KV-cache decode graph on ONNX Runtime's CPU provider, against the fp64 oracle. */
class OrtPrecisionAndDecodeTest {

    @TempDir
    Path dir;

    private static Scenario scenario(String name) {
        return ScenarioCatalog.builtIn().find(name).orElseThrow();
    }

    /** A built-in scenario written as YAML, one line of it replaced, read back under another name. */
    private static Scenario edited(String base, String name, String line, String replacement) {
        String yaml = dev.portbench.scenarios.catalog.ScenarioYaml.write(scenario(base)).replace(line, replacement)
                .replace("name: " + base, "name: " + name);
        return dev.portbench.scenarios.catalog.ScenarioYaml.parse(name + ".yaml", new java.io.StringReader(yaml));
    }

    /** mla-tiny with its attention exported in the absorbed form. */
    static Scenario absorbed() {
        Scenario s = edited("mla-tiny", "mla-absorbed", "    form: naive\n", "    form: absorbed\n");
        assertTrue(s.model().mla().absorbed());
        return s;
    }

    /**
     * The absorbed form computes the naive form's function in another order: in fp32 both match the oracle to
     * rounding, prefill and every decode step from the latent cache, and they are not the same graph's numbers; in
     * fp16 each drifts by fp16's amount, which a run reports per form.
     */
    @Test
    void absorbedMlaMatchesTheOracleAsTheNaiveFormDoes() throws Exception {
        Scenario naive = scenario("mla-tiny");
        Scenario absorbed = absorbed();
        Workload p = naive.workload("prefill").orElseThrow();
        ForwardOutputs oracle = prefill("reference-fp64", export(naive, p, Dtype.FP32));
        double[] n = prefill("onnxruntime-cpu", export(naive, p, Dtype.FP32)).logits().toDoubleArray();
        double[] a = prefill("onnxruntime-cpu", export(absorbed, p, Dtype.FP32)).logits().toDoubleArray();
        double naiveL2 = DriftMetrics.relL2(n, oracle.logits().toDoubleArray());
        double absorbedL2 = DriftMetrics.relL2(a, oracle.logits().toDoubleArray());
        assertTrue(absorbedL2 < 1e-5 && naiveL2 < 1e-5, "rel_l2 naive " + naiveL2 + ", absorbed " + absorbedL2);
        assertTrue(DriftMetrics.relL2(a, n) > 0, "the absorbed graph sums in another order");

        Workload d = absorbed.workload("decode").orElseThrow();
        GreedyDecoding.Trace o = decode("reference-fp64", export(naive, d, Dtype.FP32), null);
        GreedyDecoding.Trace ort = decode("onnxruntime-cpu", export(absorbed, d, Dtype.FP32), o.chosen());
        double stepL2 = DriftMetrics.relL2(ort.stepLogits().toDoubleArray(), o.stepLogits().toDoubleArray());
        assertTrue(stepL2 < 1e-5 && stepL2 > 0, "absorbed decode steps rel_l2 = " + stepL2);
        assertArrayEquals(o.chosen(), ort.chosen());

        double naive16 = prefillRelL2(naive, Dtype.FP16);
        double absorbed16 = prefillRelL2(absorbed, Dtype.FP16);
        assertTrue(naive16 > 1e-5 && naive16 < 1e-2 && absorbed16 > 1e-5 && absorbed16 < 1e-2,
                "fp16 rel_l2 naive " + naive16 + ", absorbed " + absorbed16);
    }

    /** moe-tiny exported with ONNX Runtime's fused MoE op, with the router options {@code extraMoeKeys} adds. */
    static Scenario fused(String name, String extraMoeKeys) {
        Scenario s = edited("moe-tiny", name, "    shared_experts: 1\n",
                "    shared_experts: 1\n    moe_op: fused\n" + extraMoeKeys);
        assertEquals(MoeOp.FUSED, s.model().moe().op());
        return s;
    }

    /**
     * The fused com.microsoft.MoE node computes the loop's function: in fp32 it matches the oracle to rounding, picks
     * the oracle's experts, and follows it through every decode step; in fp16 (where the kernel routes on fp16 logits)
     * and int8-wo it drifts within those precisions' bounds. Renormalisation off and a routed scaling factor are
     * checked too, so each attribute the export sets is seen to act.
     */
    @Test
    void fusedMoeMatchesTheOracleAsTheLoopDoes() throws Exception {
        Scenario loop = scenario("moe-tiny");
        Scenario fused = fused("moe-fused", "");
        Workload p = loop.workload("prefill").orElseThrow();
        ForwardOutputs oracle = prefill("reference-fp64", export(loop, p, Dtype.FP32));
        ForwardOutputs f = prefill("onnxruntime-cpu", export(fused, p, Dtype.FP32));
        double[] l = prefill("onnxruntime-cpu", export(loop, p, Dtype.FP32)).logits().toDoubleArray();
        double fusedL2 = DriftMetrics.relL2(f.logits().toDoubleArray(), oracle.logits().toDoubleArray());
        double loopL2 = DriftMetrics.relL2(l, oracle.logits().toDoubleArray());
        assertTrue(fusedL2 < 1e-5 && loopL2 < 1e-5, "rel_l2 loop " + loopL2 + ", fused " + fusedL2);
        boolean[] agreed = routedAlike(fused, f, oracle);
        for (int t = 0; t < agreed.length; t++) {
            assertTrue(agreed[t], "token " + t + " routed to other experts than the oracle's");
        }

        Workload d = fused.workload("decode").orElseThrow();
        GreedyDecoding.Trace o = decode("reference-fp64", export(loop, d, Dtype.FP32), null);
        GreedyDecoding.Trace ort = decode("onnxruntime-cpu", export(fused, d, Dtype.FP32), o.chosen());
        double stepL2 = DriftMetrics.relL2(ort.stepLogits().toDoubleArray(), o.stepLogits().toDoubleArray());
        assertTrue(stepL2 < 1e-5, "fused decode steps rel_l2 = " + stepL2);
        assertArrayEquals(o.chosen(), ort.chosen());

        double fp16 = prefillRelL2(fused, Dtype.FP16);
        assertTrue(fp16 > 1e-5 && fp16 < 1e-2, "fused fp16 rel_l2 " + fp16);
        double int8 = prefillRelL2(fused, Dtype.INT8_WO);
        assertTrue(int8 > 1e-5 && int8 < 5e-2, "fused int8-wo rel_l2 " + int8);

        Scenario scaled = fused("moe-fused-scaled", "    norm_topk_prob: false\n    routed_scaling_factor: 2.5\n");
        double scaledL2 = prefillRelL2(scaled, Dtype.FP32);
        assertTrue(scaledL2 < 1e-5, "unnormalised, scaled fused rel_l2 " + scaledL2);
        double againstDefault = DriftMetrics.relL2(prefill("onnxruntime-cpu", export(scaled, p, Dtype.FP32)).logits()
                .toDoubleArray(), f.logits().toDoubleArray());
        assertTrue(againstDefault > 1e-3, "the router options changed nothing: rel_l2 " + againstDefault);
    }

    private ModelArtifact export(Scenario s, Workload w, Dtype dtype) throws Exception {
        Path onnx = dir.resolve(s.name() + "-" + w.name() + "-" + dtype.id() + ".onnx");
        OnnxExporter.export(s.weights(), dtype, w.phase(), onnx);
        return new ModelArtifact(s, w, dtype, s.weights(), onnx);
    }

    private static Backend backend(String id) {
        BackendProvider p = Backends.find(id).orElseThrow();
        assertTrue(p.probe().available(), p.probe().reason());
        return p.create(new BackendOptions(id, Map.of()));
    }

    private static ForwardOutputs prefill(String id, ModelArtifact model) {
        return prefill(id, model, model.scenario().inputs(model.workload()));
    }

    private static ForwardOutputs prefill(String id, ModelArtifact model, TokenInputs inputs) {
        try (Backend b = backend(id); Session s = b.open(model)) {
            return s.run(inputs);
        }
    }

    private static GreedyDecoding.Trace decode(String id, ModelArtifact model, long[] forced) {
        try (Backend b = backend(id); Session s = b.open(model)) {
            return GreedyDecoding.run(s, model.scenario().inputs(model.workload()), model.workload().newTokens(), forced);
        }
    }

    /** rel_l2 of the prefill logits against the oracle, over the tokens whose experts agree with the oracle's. */
    private double prefillRelL2(Scenario s, Dtype dtype) throws Exception {
        Workload w = s.workload("prefill").orElseThrow();
        ForwardOutputs oracle = prefill("reference-fp64", export(s, w, Dtype.FP32));
        ForwardOutputs y = prefill("onnxruntime-cpu", export(s, w, dtype));
        boolean[] agreed = routedAlike(s, y, oracle);
        int vocab = s.model().vocabSize();
        double[] r = DriftMetrics.keepRows(oracle.logits().toDoubleArray(), agreed, vocab);
        return DriftMetrics.relL2(DriftMetrics.keepRows(y.logits().toDoubleArray(), agreed, vocab), r);
    }



    @ParameterizedTest
    @ValueSource(strings = {"dense-tiny", "moe-tiny", "mla-tiny"})
    void fp32DecodeFollowsTheOracleToTheLastToken(String name) throws Exception {
        Scenario s = scenario(name);
        Workload w = s.workload("decode").orElseThrow();
        ModelArtifact model = export(s, w, Dtype.FP32);
        GreedyDecoding.Trace oracle = decode("reference-fp64", model, null);
        GreedyDecoding.Trace ort = decode("onnxruntime-cpu", model, oracle.chosen());

        double relL2 = DriftMetrics.relL2(ort.stepLogits().toDoubleArray(), oracle.stepLogits().toDoubleArray());
        assertTrue(relL2 < 1e-5 && relL2 > 0, "decode step logits rel_l2 = " + relL2);
        // tokens_to_divergence = N: every greedy choice of ORT equals the oracle's
        assertArrayEquals(oracle.chosen(), ort.chosen());
        assertEquals(w.batch() * w.newTokens(), ort.chosen().length);
        assertEquals(s.model().moeLayers().length, ort.stepRouting().size());
        for (int i = 0; i < ort.stepRouting().size(); i++) {
            assertEquals(1.0, DriftMetrics.routingAgreement(ort.stepRouting().get(i),
                    oracle.stepRouting().get(i), s.model().moe().topK()));
        }
    }

    /** Step t of the decode graph sees exactly what position P − 1 + t of one prefill over the whole text sees. */
    @ParameterizedTest
    @ValueSource(strings = {"dense-tiny", "moe-tiny", "mla-tiny"})
    void decodeStepLogitsEqualPrefillLogitsAtTheSamePosition(String name) throws Exception {
        Scenario s = scenario(name);
        Workload w = s.workload("decode").orElseThrow();
        GreedyDecoding.Trace trace = decode("onnxruntime-cpu", export(s, w, Dtype.FP32), null);

        int batch = w.batch();
        int p = w.seqLen();
        int n = w.newTokens();
        int total = p + n - 1; // the last chosen token is never fed
        TokenInputs prompt = s.inputs(w);
        long[] ids = new long[batch * total];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < p; i++) {
                ids[b * total + i] = prompt.id(b, i);
            }
            for (int t = 0; t < n - 1; t++) {
                ids[b * total + p + t] = trace.fed()[b * n + t];
            }
        }
        Workload whole = new Workload("whole", Phase.PREFILL, batch, total, 0);
        Scenario wholeScenario = new Scenario(s.name(), "", s.model(), whole, s.seed());
        double[] full = prefill("onnxruntime-cpu", export(wholeScenario, whole, Dtype.FP32),
                new TokenInputs(batch, total, ids)).logits().toDoubleArray();

        int vocab = s.model().vocabSize();
        double[] expected = new double[batch * n * vocab];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < n; t++) {
                System.arraycopy(full, (b * total + p - 1 + t) * vocab, expected, (b * n + t) * vocab, vocab);
            }
        }
        double relL2 = DriftMetrics.relL2(trace.stepLogits().toDoubleArray(), expected);
        assertTrue(relL2 < 1e-5, "KV-cache step logits vs prefill logits: rel_l2 = " + relL2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense-tiny", "moe-tiny", "mla-tiny"})
    void fp16DriftIsLargerThanFp32sAndWithinFp16Conventions(String name) throws Exception {
        Scenario s = scenario(name);
        double fp32 = prefillRelL2(s, Dtype.FP32);
        double fp16 = prefillRelL2(s, Dtype.FP16);
        assertTrue(fp16 > 10 * fp32, "fp16 rel_l2 " + fp16 + " vs fp32 " + fp32);
        assertTrue(fp16 < 1e-2, "fp16 rel_l2 = " + fp16);
    }

    /** Per-column int8 keeps each weight within half a step (max|w|/254); the logits drift by a few per mille. */
    @ParameterizedTest
    @ValueSource(strings = {"dense-tiny", "moe-tiny", "mla-tiny"})
    void int8WeightOnlyDriftIsLargerThanFp32sAndWithinItsBound(String name) throws Exception {
        Scenario s = scenario(name);
        double fp32 = prefillRelL2(s, Dtype.FP32);
        double int8 = prefillRelL2(s, Dtype.INT8_WO);
        assertTrue(int8 > 10 * fp32, "int8-wo rel_l2 " + int8 + " vs fp32 " + fp32);
        assertTrue(int8 < 5e-2, "int8-wo rel_l2 = " + int8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fp16", "int8-wo"})
    void lowPrecisionDecodeRunsWithTheCacheInItsOwnPrecision(String dtype) throws Exception {
        Scenario s = scenario("moe-tiny");
        Workload w = s.workload("decode").orElseThrow();
        GreedyDecoding.Trace oracle = decode("reference-fp64", export(s, w, Dtype.FP32), null);
        GreedyDecoding.Trace low = decode("onnxruntime-cpu", export(s, w, Dtype.fromId(dtype)), oracle.chosen());
        double relL2 = DriftMetrics.relL2(low.stepLogits().toDoubleArray(), oracle.stepLogits().toDoubleArray());
        assertTrue(relL2 > 1e-5 && relL2 < 5e-2, dtype + " decode rel_l2 = " + relL2);
    }

    @Test
    void bf16IsRefusedWithOnnxRuntimesOwnMessage() throws Exception {
        Scenario s = scenario("dense-tiny");
        ModelArtifact model = export(s, s.workload("prefill").orElseThrow(), Dtype.BF16);
        try (Backend b = backend("onnxruntime-cpu")) {
            UnsupportedPrecisionException e = assertThrows(UnsupportedPrecisionException.class, () -> b.open(model));
            assertTrue(e.getMessage().startsWith("onnxruntime-cpu cannot run bf16: "), e.getMessage());
            assertTrue(e.getMessage().contains("Could not find an implementation for"), e.getMessage());
        }
    }

    @Test
    void externalDataModelLoadsAndComputesTheSameLogits() throws Exception {
        Scenario s = scenario("moe-tiny");
        Workload w = s.workload("prefill").orElseThrow();
        Path inline = dir.resolve("inline.onnx");
        Path external = dir.resolve("external.onnx");
        OnnxExporter.export(s.weights(), Dtype.FP32, Phase.PREFILL, inline, false);
        OnnxExporter.export(s.weights(), Dtype.FP32, Phase.PREFILL, external, true);
        assertTrue(Files.size(external) < Files.size(inline) / 10, "weights should have left the protobuf");
        assertTrue(Files.size(OnnxExporter.externalDataFile(external)) > s.model().totalParameters() * 4 - 1);
        float[] a = prefill("onnxruntime-cpu", new ModelArtifact(s, w, Dtype.FP32, s.weights(), inline))
                .logits().floats();
        float[] b = prefill("onnxruntime-cpu", new ModelArtifact(s, w, Dtype.FP32, s.weights(), external))
                .logits().floats();
        assertArrayEquals(a, b);
    }

    /**
     * The timed graph of a model with external data refers to the accuracy graph's data file rather than writing its
     * own copy, and computes the accuracy graph's last-position logits from it; a data file of other tensors is
     * refused.
     */
    @Test
    void theLastPositionGraphSharesTheAccuracyGraphsExternalWeights() throws Exception {
        Scenario s = scenario("mla-tiny");
        Workload w = s.workload("decode").orElseThrow();
        Path full = dir.resolve("decode-fp16.onnx");
        Path last = dir.resolve("decode-last-fp16.onnx");
        OnnxExporter.export(s.weights(), Dtype.FP16, Phase.DECODE, full, true);
        OnnxExporter.exportLastLogits(s.weights(), Dtype.FP16, Phase.DECODE, last, full);
        assertTrue(Files.notExists(OnnxExporter.externalDataFile(last)), "no second copy of the weights");
        assertTrue(Files.size(last) < Files.size(OnnxExporter.externalDataFile(full)), "no weights inline either");
        GreedyDecoding.Trace a = decode("onnxruntime-cpu", new ModelArtifact(s, w, Dtype.FP16, s.weights(), full),
                null);
        GreedyDecoding.Trace b = decode("onnxruntime-cpu", new ModelArtifact(s, w, Dtype.FP16, s.weights(), last,
                dev.portbench.scenarios.LogitPositions.LAST), null);
        assertArrayEquals(a.chosen(), b.chosen());
        double relL2 = DriftMetrics.relL2(b.stepLogits().toDoubleArray(), a.stepLogits().toDoubleArray());
        assertTrue(relL2 < 1e-2, "fp16 step logits of the two graphs: rel_l2 " + relL2); // other kernel shapes

        Path other = dir.resolve("prefill-fp32.onnx"); // other tensors: fp32 bytes, twice as many
        OnnxExporter.export(s.weights(), Dtype.FP32, Phase.PREFILL, other, true);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> OnnxExporter.exportLastLogits(s.weights(), Dtype.FP16, Phase.PREFILL,
                        dir.resolve("prefill-last-fp16.onnx"), other));
        assertTrue(e.getMessage().contains("expected the export it shares to have placed the same tensors"),
                e.getMessage());
    }

    /** Per token: routed to the oracle's experts in every layer (all true for a dense model). */
    private static boolean[] routedAlike(Scenario s, ForwardOutputs y, ForwardOutputs oracle) {
        int tokens = (int) (y.logits().shape()[0] * y.logits().shape()[1]);
        int k = s.model().isMoe() ? s.model().moe().topK() : 1; // a dense model has no layers of routing
        return DriftMetrics.routedAlikePerToken(y.routerTopK(), oracle.routerTopK(), k, tokens);
    }
}
