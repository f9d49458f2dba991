package dev.portbench.backend.reference;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.Backends;
import dev.portbench.backend.DecodeStep;
import dev.portbench.backend.GreedyDecoding;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.Session;
import dev.portbench.backend.UnsupportedPrecisionException;
import dev.portbench.results.DriftMetrics;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.TokenInputs;
import dev.portbench.scenarios.Workload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference decoder's KV-cache steps against its own full-sequence forward pass. */
class ReferenceDecodeTest {

    private static Session open(String id, Scenario s, Workload w) {
        Backend b = Backends.find(id).orElseThrow().create(new BackendOptions(id, Map.of()));
        return b.open(new ModelArtifact(s, w, Dtype.FP32, s.weights(), null));
    }

    @ParameterizedTest
    @CsvSource({"reference-fp64,moe-tiny", "reference-fp32,moe-tiny", "reference-fp64,mla-tiny",
            "reference-fp32,mla-tiny"})
    void stepLogitsEqualTheFullForwardPassAtTheSamePositions(String backend, String scenario) {
        Scenario s = ScenarioCatalog.builtIn().find(scenario).orElseThrow();
        Workload w = s.workload("decode").orElseThrow();
        try (Session session = open(backend, s, w)) {
            GreedyDecoding.Trace trace = GreedyDecoding.run(session, s.inputs(w), w.newTokens(), null);
            int n = w.newTokens();
            int p = w.seqLen();
            int total = p + n - 1;
            TokenInputs prompt = s.inputs(w);
            long[] ids = new long[w.batch() * total];
            for (int b = 0; b < w.batch(); b++) {
                for (int i = 0; i < total; i++) {
                    ids[b * total + i] = i < p ? prompt.id(b, i) : trace.fed()[b * n + i - p];
                }
            }
            double[] full = session.run(new TokenInputs(w.batch(), total, ids)).logits().toDoubleArray();
            int v = s.model().vocabSize();
            double[] expected = new double[w.batch() * n * v];
            for (int b = 0; b < w.batch(); b++) {
                for (int t = 0; t < n; t++) {
                    System.arraycopy(full, (b * total + p - 1 + t) * v, expected, (b * n + t) * v, v);
                }
            }
            double relL2 = DriftMetrics.relL2(trace.stepLogits().toDoubleArray(), expected);
            if (backend.endsWith("fp64")) { // each product sums in k order whatever the rows: the same numbers
                assertArrayEquals(expected, trace.stepLogits().toDoubleArray(), backend + " rel_l2 = " + relL2);
            } else { // fp32: rounding of a different summation order
                assertTrue(relL2 < 1e-5, backend + " rel_l2 = " + relL2);
            }
            assertArrayEquals(trace.chosen(), trace.fed());
        }
    }

    @Test
    void aCacheIsNotChangedByStepsTakenFromIt() {
        Scenario s = ScenarioCatalog.builtIn().find("dense-tiny").orElseThrow();
        Workload w = s.workload("decode").orElseThrow();
        try (Session session = open("reference-fp64", s, w)) {
            DecodeStep prompt = session.step(s.inputs(w), null);
            TokenInputs next = new TokenInputs(w.batch(), 1, new long[] {3, 4});
            double[] first = session.step(next, prompt.cache()).outputs().logits().toDoubleArray();
            double[] again = session.step(next, prompt.cache()).outputs().logits().toDoubleArray();
            assertArrayEquals(first, again);
            assertEquals(w.seqLen(), prompt.cache().length());
        }
    }

    @Test
    void lowerPrecisionsAreRefusedNamingTheDtype() {
        Scenario s = ScenarioCatalog.builtIn().find("dense-tiny").orElseThrow();
        Backend b = Backends.find("reference-fp32").orElseThrow().create(BackendOptions.none("reference-fp32"));
        UnsupportedPrecisionException e = assertThrows(UnsupportedPrecisionException.class, () -> b.open(
                new ModelArtifact(s, s.workloads().get(0), Dtype.FP16, s.weights(), null)));
        assertTrue(e.getMessage().contains("dtype fp16"), e.getMessage());
    }

    /** The timed prefill's artifact asks for the last position's logits: exactly the full pass's last rows. */
    @ParameterizedTest
    @ValueSource(strings = {"reference-fp64", "reference-fp32"})
    void lastPositionLogitsAreTheFullPassesLastRows(String backend) {
        Scenario s = ScenarioCatalog.builtIn().find("mla-tiny").orElseThrow();
        Workload w = s.workload("prefill").orElseThrow();
        Backend b = Backends.find(backend).orElseThrow().create(new BackendOptions(backend, Map.of()));
        double[] all;
        double[] last;
        try (Session full = b.open(new ModelArtifact(s, w, Dtype.FP32, s.weights(), null));
             Session lastOnly = b.open(new ModelArtifact(s, w, Dtype.FP32, s.weights(), null,
                     dev.portbench.scenarios.LogitPositions.LAST))) {
            all = full.run(s.inputs(w)).logits().toDoubleArray();
            dev.portbench.backend.ForwardOutputs out = lastOnly.run(s.inputs(w));
            assertArrayEquals(new long[] {w.batch(), 1, s.model().vocabSize()}, out.logits().shape());
            last = out.logits().toDoubleArray();
        }
        int v = s.model().vocabSize();
        for (int seq = 0; seq < w.batch(); seq++) {
            assertArrayEquals(java.util.Arrays.copyOfRange(all, ((seq + 1) * w.seqLen() - 1) * v, (seq + 1) * w.seqLen() * v),
                    java.util.Arrays.copyOfRange(last, seq * v, (seq + 1) * v), "sequence " + seq);
        }
    }
}
