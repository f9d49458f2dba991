package dev.portbench.backend.reference;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.Backends;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.Session;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.TokenInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference backends as the harness reaches them: through ServiceLoader, on the built-in tiny scenarios. */
class ReferenceBackendTest {

    private static Scenario scenario(String name) {
        return ScenarioCatalog.builtIn().find(name).orElseThrow();
    }

    private static Backend backend(String id) {
        return Backends.find(id).orElseThrow().create(BackendOptions.none(id));
    }

    private static ForwardOutputs run(String backendId, Scenario scenario, TokenInputs inputs) {
        try (Backend backend = backend(backendId);
             Session session = backend.open(ModelArtifact.fp32(scenario, null))) {
            return session.run(inputs);
        }
    }

    /** The same inputs with the token at (b, s) of every sequence b replaced by another id. */
    private static TokenInputs withTokenChanged(TokenInputs in, int s, int vocab) {
        long[] ids = in.ids();
        for (int b = 0; b < in.batch(); b++) {
            int i = b * in.seqLen() + s;
            ids[i] = (ids[i] + 1) % vocab;
        }
        return new TokenInputs(in.batch(), in.seqLen(), ids);
    }

    private static boolean positionEqual(double[] a, double[] b, int token, int vocab) {
        for (int v = 0; v < vocab; v++) {
            if (Double.doubleToRawLongBits(a[token * vocab + v]) != Double.doubleToRawLongBits(b[token * vocab + v])) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense-tiny", "moe-tiny"})
    void fp32DriftFromFp64IsFloatRoundingSized(String name) {
        Scenario s = scenario(name);
        ForwardOutputs r = run("reference-fp64", s, s.inputs(s.workloads().get(0)));
        ForwardOutputs y = run("reference-fp32", s, s.inputs(s.workloads().get(0)));
        assertTrue(r.logits().isDouble());
        assertFalse(y.logits().isDouble());
        double[] rd = r.logits().doubles();
        float[] yf = y.logits().floats();
        assertEquals(rd.length, yf.length);
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < rd.length; i++) {
            diff += (yf[i] - rd[i]) * (yf[i] - rd[i]);
            norm += rd[i] * rd[i];
        }
        double relL2 = Math.sqrt(diff) / Math.sqrt(norm);
        assertTrue(relL2 > 1e-9 && relL2 < 1e-5, "rel_l2 = " + relL2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference-fp64", "reference-fp32"})
    void changingTheLastTokenLeavesEveryEarlierPositionBitIdentical(String backendId) {
        for (String name : new String[] {"dense-tiny", "moe-tiny"}) {
            Scenario s = scenario(name);
            int vocab = s.model().vocabSize();
            TokenInputs in = s.inputs(s.workloads().get(0));
            int seq = in.seqLen();
            double[] a = run(backendId, s, in).logits().toDoubleArray();
            ForwardOutputs changed = run(backendId, s, withTokenChanged(in, seq - 1, vocab));
            double[] b = changed.logits().toDoubleArray();
            for (int batch = 0; batch < in.batch(); batch++) {
                for (int p = 0; p < seq - 1; p++) {
                    assertTrue(positionEqual(a, b, batch * seq + p, vocab), name + " b=" + batch + " p=" + p);
                }
                assertFalse(positionEqual(a, b, batch * seq + seq - 1, vocab), name + " last position unchanged");
            }
        }
    }

    @Test
    void changingTheFirstTokenChangesEveryLaterPosition() {
        for (String name : new String[] {"dense-tiny", "moe-tiny"}) {
            Scenario s = scenario(name);
            int vocab = s.model().vocabSize();
            TokenInputs in = s.inputs(s.workloads().get(0));
            double[] a = run("reference-fp64", s, in).logits().toDoubleArray();
            double[] b = run("reference-fp64", s, withTokenChanged(in, 0, vocab)).logits().toDoubleArray();
            for (int t = 0; t < in.batch() * in.seqLen(); t++) {
                assertFalse(positionEqual(a, b, t, vocab), name + " token " + t + " did not see the first token");
            }
        }
    }

    @Test
    void moeRoutingHoldsTopKDistinctValidExpertsPerTokenPerLayer() {
        Scenario s = scenario("moe-tiny");
        ModelSpec m = s.model();
        int k = m.moe().topK();
        int experts = m.moe().experts();
        int tokens = (int) s.workloads().get(0).tokensPerForward();
        ForwardOutputs out = run("reference-fp64", s, s.inputs(s.workloads().get(0)));
        assertEquals(m.layers(), out.routerTopK().size());
        for (long[] layer : out.routerTopK()) {
            assertEquals(tokens * k, layer.length);
            Set<Long> used = new HashSet<>();
            for (int t = 0; t < tokens; t++) {
                Set<Long> chosen = new HashSet<>();
                for (int j = 0; j < k; j++) {
                    long e = layer[t * k + j];
                    assertTrue(e >= 0 && e < experts, "expert " + e);
                    chosen.add(e);
                }
                assertEquals(k, chosen.size(), "token " + t + " picked an expert twice");
                used.addAll(chosen);
            }
            assertTrue(used.size() >= 3, "router is degenerate: experts used " + used);
        }
    }

    @Test
    void denseRunHasLogitsShapeAndNoRouting() {
        Scenario s = scenario("dense-tiny");
        ForwardOutputs out = run("reference-fp32", s, s.inputs(s.workloads().get(0)));
        assertArrayEquals(new long[] {2, 16, 256}, out.logits().shape());
        assertEquals(0, out.routerTopK().size());
    }

    @Test
    void backendReportsPrecisionThreadsAndJavaVersion() {
        try (Backend fp32 = backend("reference-fp32"); Backend fp64 = backend("reference-fp64")) {
            String cores = Integer.toString(Runtime.getRuntime().availableProcessors());
            assertEquals(Map.of("precision", "fp32", "threads", cores, "matmul", "scalar"), fp32.appliedOptions());
            assertEquals(Map.of("precision", "fp64", "threads", cores, "matmul", new VectorProduct().name()),
                    fp64.appliedOptions());
            assertEquals(Runtime.getRuntime().availableProcessors(), fp64.threads());
            assertEquals("java " + System.getProperty("java.runtime.version"), fp64.runtimeVersion());
            assertFalse(fp64.device().isBlank());
        }
    }

    @Test
    void sessionHoldsEightBytesPerParameter() {
        Scenario s = scenario("moe-tiny");
        try (Backend b = backend("reference-fp32");
             Session session = b.open(ModelArtifact.fp32(s, null))) {
            assertEquals(8 * s.model().totalParameters(), session.weightBytes());
        }
    }

    /**
     * Threads split the large products by output columns and never the sums, so the outputs are bit for bit the same
     * for any thread count, in both precisions, for prefill and for a cache step.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"reference-fp64,dense-small", "reference-fp64,moe-small",
            "reference-fp32,dense-small"})
    void outputsAreBitIdenticalForAnyThreadCount(String id, String scenario) {
        Scenario s = scenario(scenario);
        TokenInputs inputs = s.inputs(s.workload("prefill").orElseThrow());
        double[] one = null;
        for (int threads : new int[] {1, 2, 3}) {
            try (Backend b = Backends.find(id).orElseThrow().create(new BackendOptions(id,
                    Map.of("threads", Integer.toString(threads))));
                 Session session = b.open(ModelArtifact.fp32(s, null))) {
                double[] logits = session.run(inputs).logits().toDoubleArray();
                if (one == null) {
                    one = logits;
                } else {
                    assertArrayEquals(one, logits, id + " " + scenario + " with " + threads + " threads");
                }
            }
        }
    }
}
