package dev.portbench.backend.djl;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.Backends;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.GreedyDecoding;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.UnsupportedPrecisionException;
import dev.portbench.backend.PreparedDecode;
import dev.portbench.backend.PreparedForward;
import dev.portbench.backend.Session;
import dev.portbench.backend.UnsupportedModelException;
import dev.portbench.results.DriftMetrics;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.TokenInputs;
import dev.portbench.scenarios.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * djl-pytorch's decoder, built from the model spec in NDArray operations, against the fp64 oracle on the tiny pair:
 * fp32 matches it to rounding (prefill and KV-cache decode, every greedy token and every routing decision), fp16 and
 * int8-wo drift by their precisions' amounts. The artifacts carry no ONNX file: the backend never reads one.
 */
class DjlSessionTest {

    private static Scenario scenario(String name) {
        return ScenarioCatalog.builtIn().find(name).orElseThrow();
    }

    private static Backend backend(String id) {
        BackendProvider p = Backends.find(id).orElseThrow();
        assertTrue(p.probe().available(), p.probe().reason());
        return p.create(new BackendOptions(id, Map.of("intra_op_threads", "2")));
    }

    private static ModelArtifact model(Scenario s, Workload w, Dtype dtype) {
        return new ModelArtifact(s, w, dtype, s.weights(), null);
    }

    private static ForwardOutputs prefill(String id, Scenario s, Dtype dtype) {
        Workload w = s.workload("prefill").orElseThrow();
        try (Backend b = backend(id); Session session = b.open(model(s, w, dtype))) {
            return session.run(s.inputs(w));
        }
    }

    private static GreedyDecoding.Trace decode(String id, Scenario s, Dtype dtype, long[] forced) {
        Workload w = s.workload("decode").orElseThrow();
        try (Backend b = backend(id); Session session = b.open(model(s, w, dtype))) {
            return GreedyDecoding.run(session, s.inputs(w), w.newTokens(), forced);
        }
    }

    /** moe_op fused names an ONNX Runtime node djl-pytorch does not have: refused (SKIPPED), not timed as the loop. */
    @Test
    void theFusedMoeExportChoiceIsRefusedNamingIt() {
        Scenario fused = scenario("moe-small-fused");
        Workload w = fused.workload("prefill").orElseThrow();
        try (Backend b = backend(DjlPyTorchProvider.ID)) {
            UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                    () -> b.open(model(fused, w, Dtype.FP32)));
            assertTrue(e.getMessage().contains("moe_op fused") && e.getMessage().contains("expected moe_op loop"),
                    e.getMessage());
            assertFalse(b.runsOnnxExport());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense-tiny", "moe-tiny", "mla-tiny"})
    void fp32PrefillMatchesTheOracleToRounding(String name) {
        Scenario s = scenario(name);
        ForwardOutputs oracle = prefill("reference-fp64", s, Dtype.FP32);
        ForwardOutputs djl = prefill(DjlPyTorchProvider.ID, s, Dtype.FP32);
        assertArrayEquals(oracle.logits().shape(), djl.logits().shape());
        double[] y = djl.logits().toDoubleArray();
        double[] r = oracle.logits().toDoubleArray();
        double relL2 = DriftMetrics.relL2(y, r);
        assertTrue(relL2 < 1e-5 && relL2 > 0, "fp32 prefill rel_l2 = " + relL2);
        assertEquals(1.0, DriftMetrics.top1Agreement(y, r, s.model().vocabSize()));
        assertEquals(oracle.routerTopK().size(), djl.routerTopK().size());
        for (int l = 0; l < djl.routerTopK().size(); l++) {
            assertEquals(1.0, DriftMetrics.routingAgreement(djl.routerTopK().get(l), oracle.routerTopK().get(l),
                    s.model().moe().topK()), "layer " + l);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense-tiny", "moe-tiny", "mla-tiny"})
    void fp32DecodeFollowsTheOracleToTheLastToken(String name) {
        Scenario s = scenario(name);
        Workload w = s.workload("decode").orElseThrow();
        GreedyDecoding.Trace oracle = decode("reference-fp64", s, Dtype.FP32, null);
        GreedyDecoding.Trace djl = decode(DjlPyTorchProvider.ID, s, Dtype.FP32, null); // its own choices
        assertArrayEquals(oracle.chosen(), djl.chosen(), "tokens_to_divergence = new_tokens");
        assertEquals(w.batch() * w.newTokens(), djl.chosen().length);
        double relL2 = DriftMetrics.relL2(djl.stepLogits().toDoubleArray(), oracle.stepLogits().toDoubleArray());
        assertTrue(relL2 < 1e-5 && relL2 > 0, "decode step logits rel_l2 = " + relL2);
        for (int l = 0; l < djl.stepRouting().size(); l++) {
            assertEquals(1.0, DriftMetrics.routingAgreement(djl.stepRouting().get(l), oracle.stepRouting().get(l),
                    s.model().moe().topK()), "layer " + l);
        }
    }

    /**
     * fp16 and int8-wo drift more than fp32 and within the bounds the ONNX path's tests use (1e-2, 5e-2), measured as
     * there on the tokens every layer routed to the oracle's experts: a router near-tie that flips sends a token to
     * other experts and moves its logits by far more than rounding, which routing_agreement reports per token.
     */
    @ParameterizedTest
    @ValueSource(strings = {"fp16", "int8-wo"})
    void lowPrecisionDriftsByItsPrecisionsAmount(String dtype) {
        for (String name : new String[] {"dense-tiny", "moe-tiny", "mla-tiny"}) {
            Scenario s = scenario(name);
            ForwardOutputs oracle = prefill("reference-fp64", s, Dtype.FP32);
            ForwardOutputs fp32 = prefill(DjlPyTorchProvider.ID, s, Dtype.FP32);
            ForwardOutputs low = prefill(DjlPyTorchProvider.ID, s, Dtype.fromId(dtype));
            boolean[] agreed = routedAlike(s, low, oracle);
            int flipped = 0;
            for (boolean a : agreed) {
                flipped += a ? 0 : 1;
            }
            assertTrue(flipped < agreed.length / 4, name + " " + dtype + ": " + flipped + " of " + agreed.length
                    + " tokens routed elsewhere");
            int vocab = s.model().vocabSize();
            double[] r = DriftMetrics.keepRows(oracle.logits().toDoubleArray(), agreed, vocab);
            double lowL2 = DriftMetrics.relL2(DriftMetrics.keepRows(low.logits().toDoubleArray(), agreed, vocab), r);
            double fp32L2 = DriftMetrics.relL2(DriftMetrics.keepRows(fp32.logits().toDoubleArray(), agreed, vocab), r);
            double bound = dtype.equals("fp16") ? 1e-2 : 5e-2;
            assertTrue(lowL2 > 10 * fp32L2 && lowL2 < bound, name + " " + dtype + " rel_l2 = " + lowL2 + " (fp32 "
                    + fp32L2 + ") over " + (agreed.length - flipped) + " tokens whose routing agrees");
        }
    }



    /**
     * Qwen checkpoints (Qwen3-MoE: per-head q/k norms and routed experts; Qwen2: q/k/v biases) and DeepSeek-V3's (MLA,
     * the sigmoid router with groups and bias, shared experts, a dense first layer) in fp32 match the oracle, prefill
     * and decode; in fp16 (biases added in fp16) they drift by fp16's amount.
     */
    @ParameterizedTest
    @ValueSource(strings = {dev.portbench.scenarios.checkpoint.HfConfig.QWEN3_MOE,
            dev.portbench.scenarios.checkpoint.HfConfig.QWEN2, dev.portbench.scenarios.checkpoint.HfConfig.DEEPSEEK_V3})
    void checkpointsMatchTheOracle(String architecture, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        new dev.portbench.scenarios.checkpoint.TinyCheckpoint(architecture, "BF16", 6).write(dir.resolve("qwen"));
        Scenario s = dev.portbench.scenarios.catalog.ScenarioYaml.load(java.nio.file.Files.writeString(
                dir.resolve("q.yaml"), "name: qwen\ncheckpoint: qwen\nworkloads:\n"
                        + "  - {name: prefill, phase: prefill, batch: 2, seq_len: 10}\n"
                        + "  - {name: decode, phase: decode, batch: 2, seq_len: 5, new_tokens: 4}\n"));
        assertTrue(s.model().qkNorm() || s.model().qkvBias() || s.model().isMla());
        ForwardOutputs oracle = prefill("reference-fp64", s, Dtype.FP32);
        double fp16 = DriftMetrics.relL2(prefill(DjlPyTorchProvider.ID, s, Dtype.FP16).logits().toDoubleArray(),
                oracle.logits().toDoubleArray());
        assertTrue(fp16 > 1e-5 && fp16 < 1e-2, "fp16 prefill rel_l2 = " + fp16);
        ForwardOutputs djl = prefill(DjlPyTorchProvider.ID, s, Dtype.FP32);
        double relL2 = DriftMetrics.relL2(djl.logits().toDoubleArray(), oracle.logits().toDoubleArray());
        assertTrue(relL2 < 1e-5 && relL2 > 0, "prefill rel_l2 = " + relL2);
        GreedyDecoding.Trace o = decode("reference-fp64", s, Dtype.FP32, null);
        GreedyDecoding.Trace d = decode(DjlPyTorchProvider.ID, s, Dtype.FP32, null);
        assertArrayEquals(o.chosen(), d.chosen());
        double stepL2 = DriftMetrics.relL2(d.stepLogits().toDoubleArray(), o.stepLogits().toDoubleArray());
        assertTrue(stepL2 < 1e-5, "decode rel_l2 = " + stepL2);
    }

    /**
     * mla-tiny in the absorbed form (kv_b regrouped per head, attention over the latents) matches the oracle's naive
     * form to fp32 rounding, prefill and decode, and in int8-wo (kv_b dequantised once for the regrouping) drifts by
     * int8's amount.
     */
    @Test
    void absorbedMlaMatchesTheOracle() {
        String yaml = dev.portbench.scenarios.catalog.ScenarioYaml.write(scenario("mla-tiny"))
                .replace("    form: naive\n", "    form: absorbed\n").replace("name: mla-tiny", "name: mla-absorbed");
        Scenario s = dev.portbench.scenarios.catalog.ScenarioYaml.parse("absorbed.yaml", new java.io.StringReader(yaml));
        assertTrue(s.model().mla().absorbed());
        ForwardOutputs oracle = prefill("reference-fp64", s, Dtype.FP32);
        double relL2 = DriftMetrics.relL2(prefill(DjlPyTorchProvider.ID, s, Dtype.FP32).logits().toDoubleArray(),
                oracle.logits().toDoubleArray());
        assertTrue(relL2 < 1e-5 && relL2 > 0, "absorbed prefill rel_l2 = " + relL2);
        GreedyDecoding.Trace o = decode("reference-fp64", s, Dtype.FP32, null);
        GreedyDecoding.Trace d = decode(DjlPyTorchProvider.ID, s, Dtype.FP32, null);
        assertArrayEquals(o.chosen(), d.chosen());
        double stepL2 = DriftMetrics.relL2(d.stepLogits().toDoubleArray(), o.stepLogits().toDoubleArray());
        assertTrue(stepL2 < 1e-5, "absorbed decode rel_l2 = " + stepL2);
        double int8 = DriftMetrics.relL2(prefill(DjlPyTorchProvider.ID, s, Dtype.INT8_WO).logits().toDoubleArray(),
                oracle.logits().toDoubleArray());
        assertTrue(int8 > 1e-5 && int8 < 5e-2, "absorbed int8-wo rel_l2 = " + int8);
    }

    /** A last-position artifact (the timed prefill's) returns the full pass's last rows, through run and prepare. */
    @Test
    void lastPositionLogitsAreTheFullPassesLastRows() {
        Scenario s = scenario("moe-tiny");
        Workload w = s.workload("prefill").orElseThrow();
        double[] all = prefill(DjlPyTorchProvider.ID, s, Dtype.FP32).logits().toDoubleArray();
        try (Backend b = backend(DjlPyTorchProvider.ID); Session session = b.open(new dev.portbench.backend.ModelArtifact(
                s, w, Dtype.FP32, s.weights(), null, dev.portbench.scenarios.LogitPositions.LAST));
             PreparedForward f = session.prepare(s.inputs(w))) {
            ForwardOutputs last = session.run(s.inputs(w));
            int v = s.model().vocabSize();
            assertArrayEquals(new long[] {w.batch(), 1, v}, last.logits().shape());
            double[] expected = new double[w.batch() * v];
            for (int seq = 0; seq < w.batch(); seq++) {
                System.arraycopy(all, ((seq + 1) * w.seqLen() - 1) * v, expected, seq * v, v);
            }
            double relL2 = DriftMetrics.relL2(last.logits().toDoubleArray(), expected);
            assertTrue(relL2 < 1e-6, "rel_l2 " + relL2);
            f.invoke();
            assertArrayEquals(last.logits().floats(), f.outputs().logits().floats());
        }
    }

    /** The prepared calls compute what run and step compute; their outputs are copied only when asked. */
    @Test
    void preparedForwardAndDecodeGiveTheSessionsOutputs() {
        Scenario s = scenario("moe-tiny");
        Workload w = s.workload("decode").orElseThrow();
        TokenInputs prompt = s.inputs(w);
        try (Backend b = backend(DjlPyTorchProvider.ID); Session session = b.open(model(s, w, Dtype.FP32))) {
            ForwardOutputs direct = session.run(prompt);
            try (PreparedForward f = session.prepare(prompt)) {
                for (int i = 0; i < 2; i++) {
                    f.invoke();
                    assertArrayEquals(direct.logits().floats(), f.outputs().logits().floats());
                    f.release();
                }
            }
            long[][] steps = {{3, 5}, {7, 11}};
            float[] stepped = session.step(new TokenInputs(2, 1, steps[0]), session.step(prompt, null).cache())
                    .outputs().logits().floats();
            try (PreparedDecode d = session.prepareDecode(prompt, steps)) {
                d.prompt();
                assertArrayEquals(direct.logits().floats(), d.outputs().logits().floats());
                d.release();
                d.step();
                assertArrayEquals(stepped, d.outputs().logits().floats());
                d.release();
                d.step();
                d.release();
                d.step(); // wrapped around to the prompt's cache: the first step again
                assertArrayEquals(stepped, d.outputs().logits().floats());
                d.release();
            }
        }
    }

    /** The pinned DJL's JNI aborts the JVM on a bfloat16 tensor: bf16 is refused before any tensor is made. */
    @Test
    void bf16IsRefusedBeforeAnyTensorIsMade() {
        Scenario s = scenario("dense-tiny");
        try (Backend b = backend(DjlPyTorchProvider.ID)) {
            UnsupportedPrecisionException e = assertThrows(UnsupportedPrecisionException.class,
                    () -> b.open(model(s, s.workload("prefill").orElseThrow(), Dtype.BF16)));
            assertTrue(e.getMessage().startsWith("djl-pytorch cannot run bf16: DJL ")
                    && e.getMessage().endsWith("; expected fp32, fp16 or int8-wo for djl-pytorch"), e.getMessage());
        }
    }

    /** Per token: routed to the oracle's experts in every layer (all true for a dense model). */
    private static boolean[] routedAlike(Scenario s, ForwardOutputs y, ForwardOutputs oracle) {
        int tokens = (int) (y.logits().shape()[0] * y.logits().shape()[1]);
        int k = s.model().isMoe() ? s.model().moe().topK() : 1; // a dense model has no layers of routing
        return DriftMetrics.routedAlikePerToken(y.routerTopK(), oracle.routerTopK(), k, tokens);
    }
}
