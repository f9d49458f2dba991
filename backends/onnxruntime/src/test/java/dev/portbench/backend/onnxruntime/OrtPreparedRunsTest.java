package dev.portbench.backend.onnxruntime;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.Backends;
import dev.portbench.backend.DecodeStep;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.PreparedDecode;
import dev.portbench.backend.PreparedForward;
import dev.portbench.backend.Session;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.TokenInputs;
import dev.portbench.scenarios.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The timed paths (inputs made once, outputs pinned, caches in pre-allocated buffers) compute exactly what the
 * accuracy paths ({@code run}, {@code step}) compute, call after call, wrap-around included.
 */
class OrtPreparedRunsTest {

    @TempDir
    Path dir;

    private Session open(String scenario, String workload, Dtype dtype) throws Exception {
        return open(scenario, workload, dtype, false);
    }

    /** @param lastLogits the graph the forks time, which returns the last position's logits only */
    private Session open(String scenario, String workload, Dtype dtype, boolean lastLogits) throws Exception {
        Backend b = Backends.find("onnxruntime-cpu").orElseThrow().create(new BackendOptions("onnxruntime-cpu",
                Map.of()));
        return b.open(lastLogits ? ExportedModels.exportLastLogits(dir, scenario, workload, dtype)
                : ExportedModels.export(dir, scenario, workload, dtype));
    }

    private static void assertSame(ForwardOutputs expected, ForwardOutputs actual) {
        assertArrayEquals(expected.logits().shape(), actual.logits().shape());
        assertArrayEquals(expected.logits().floats(), actual.logits().floats());
        assertEquals(expected.routerTopK().size(), actual.routerTopK().size());
        for (int l = 0; l < expected.routerTopK().size(); l++) {
            assertArrayEquals(expected.routerTopK().get(l), actual.routerTopK().get(l), "layer " + l + " routing");
        }
    }

    @ParameterizedTest
    @CsvSource({"dense-tiny,fp32", "moe-tiny,fp32", "moe-tiny,fp16", "mla-tiny,fp32", "mla-tiny,int8-wo"})
    void preparedPrefillWritesTheLogitsAndRoutingOfRun(String scenario, String dtype) throws Exception {
        Scenario s = ScenarioCatalog.builtIn().find(scenario).orElseThrow();
        TokenInputs inputs = s.inputs(s.workload("prefill").orElseThrow());
        try (Session session = open(scenario, "prefill", Dtype.fromId(dtype));
             PreparedForward prepared = session.prepare(inputs)) {
            ForwardOutputs expected = session.run(inputs);
            for (int i = 0; i < 3; i++) {
                prepared.invoke();
                assertSame(expected, prepared.outputs());
                prepared.release();
            }
        }
    }

    /**
     * The graph a prefill workload's forks time returns each sequence's last-position logits [batch, 1, vocab]: those
     * of the accuracy graph to rounding (other kernel shapes), the same routing, and its prepared form pins them.
     */
    @ParameterizedTest
    @CsvSource({"dense-tiny,fp32", "moe-tiny,fp16", "mla-tiny,fp32"})
    void theTimedPrefillGraphGivesTheLastPositionsLogits(String scenario, String dtype) throws Exception {
        Scenario s = ScenarioCatalog.builtIn().find(scenario).orElseThrow();
        TokenInputs inputs = s.inputs(s.workload("prefill").orElseThrow());
        Dtype d = Dtype.fromId(dtype);
        ForwardOutputs all;
        try (Session session = open(scenario, "prefill", d)) {
            all = session.run(inputs);
        }
        Backend b = Backends.find("onnxruntime-cpu").orElseThrow().create(new BackendOptions("onnxruntime-cpu",
                Map.of()));
        try (Session last = b.open(ExportedModels.exportLastLogits(dir, scenario, "prefill", d));
             PreparedForward prepared = last.prepare(inputs)) {
            ForwardOutputs timed = last.run(inputs);
            int vocab = s.model().vocabSize();
            assertArrayEquals(new long[] {inputs.batch(), 1, vocab}, timed.logits().shape());
            double[] full = all.logits().toDoubleArray();
            double[] expected = new double[inputs.batch() * vocab];
            for (int row = 0; row < inputs.batch(); row++) {
                System.arraycopy(full, ((row + 1) * inputs.seqLen() - 1) * vocab, expected, row * vocab, vocab);
            }
            double relL2 = dev.portbench.results.DriftMetrics.relL2(timed.logits().toDoubleArray(), expected);
            assertTrue(relL2 < (d.isHalf() ? 1e-3 : 1e-6), scenario + " " + dtype + " rel_l2 " + relL2);
            for (int l = 0; l < all.routerTopK().size(); l++) {
                assertArrayEquals(all.routerTopK().get(l), timed.routerTopK().get(l), "layer " + l);
            }
            prepared.invoke();
            assertSame(timed, prepared.outputs());
        }
        assertThrows(dev.portbench.backend.BackendException.class, () -> b.open(new dev.portbench.backend.ModelArtifact(
                s, s.workload("prefill").orElseThrow(), d, s.weights(), ExportedModels.export(dir, scenario, "prefill",
                d).onnxFile(), dev.portbench.scenarios.LogitPositions.LAST)), "a full graph is not the last-logits one");
    }

    /** The decode graph the forks time (the prompt's last position only) decodes as the accuracy graph does. */
    @Test
    void theTimedDecodeGraphGreedilyDecodesAsTheAccuracyGraph() throws Exception {
        Scenario s = ScenarioCatalog.builtIn().find("mla-tiny").orElseThrow();
        Workload w = s.workload("decode").orElseThrow();
        dev.portbench.backend.GreedyDecoding.Trace all;
        dev.portbench.backend.GreedyDecoding.Trace last;
        try (Session session = open("mla-tiny", "decode", Dtype.FP32)) {
            all = dev.portbench.backend.GreedyDecoding.run(session, s.inputs(w), w.newTokens(), null);
        }
        try (Session session = open("mla-tiny", "decode", Dtype.FP32, true)) {
            last = dev.portbench.backend.GreedyDecoding.run(session, s.inputs(w), w.newTokens(), null);
        }
        assertArrayEquals(new long[] {w.batch(), 1, s.model().vocabSize()}, last.prompt().logits().shape());
        assertArrayEquals(all.chosen(), last.chosen());
        double relL2 = dev.portbench.results.DriftMetrics.relL2(last.stepLogits().toDoubleArray(),
                all.stepLogits().toDoubleArray());
        assertTrue(relL2 < 1e-6, "step logits rel_l2 " + relL2);
    }

    @ParameterizedTest
    @CsvSource({"dense-tiny,fp32,false", "moe-tiny,fp32,false", "moe-tiny,fp16,false", "mla-tiny,fp32,false",
            "mla-tiny,int8-wo,false", "moe-tiny,fp32,true", "mla-tiny,fp16,true"})
    void preparedDecodeStepsThroughTheSameCachesAsStep(String scenario, String dtype, boolean lastLogits)
            throws Exception {
        Scenario s = ScenarioCatalog.builtIn().find(scenario).orElseThrow();
        Workload w = s.workload("decode").orElseThrow();
        TokenInputs prompt = s.inputs(w);
        int batch = prompt.batch();
        long[][] tokens = new long[3][batch];
        for (int t = 0; t < tokens.length; t++) {
            for (int b = 0; b < batch; b++) {
                tokens[t][b] = 7L * t + 11L * b + 1;
            }
        }
        try (Session session = open(scenario, "decode", Dtype.fromId(dtype), lastLogits);
             PreparedDecode prepared = session.prepareDecode(prompt, tokens)) {
            DecodeStep first = session.step(prompt, null);
            prepared.prompt();
            assertSame(first.outputs(), prepared.outputs());
            prepared.release();

            ForwardOutputs[] expected = new ForwardOutputs[tokens.length];
            DecodeStep previous = first;
            for (int t = 0; t < tokens.length; t++) {
                DecodeStep next = session.step(new TokenInputs(batch, 1, tokens[t]), previous.cache());
                previous.cache().close();
                previous = next;
                expected[t] = next.outputs();
            }
            previous.cache().close();
            for (int round = 0; round < 2; round++) { // the second round starts again from the prompt's cache
                for (int t = 0; t < tokens.length; t++) {
                    prepared.step();
                    assertSame(expected[t], prepared.outputs());
                    prepared.release();
                }
            }
        }
    }
}
