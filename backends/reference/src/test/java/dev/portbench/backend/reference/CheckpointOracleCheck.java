package dev.portbench.backend.reference;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.Session;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.TokenInputs;
import dev.portbench.scenarios.Workload;
import dev.portbench.scenarios.catalog.ScenarioYaml;
import dev.portbench.scenarios.checkpoint.TinyCheckpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fp64 oracle on a tiny checkpoint, read through a scenario file as a user's would be, against a forward pass a
 * test writes from the family's own conventions, sequence by sequence: they agree to 1e-9 of the logits' size.
 */
final class CheckpointOracleCheck {
    private CheckpointOracleCheck() {
    }

    /**
     * @param ckptDir  the checkpoint, written beside {@code dir}/tiny.yaml as folder {@code ckpt}
     * @param seqLen   positions per sequence (2 sequences)
     * @param forward  the test's forward pass: one sequence's ids to its logits [position][vocab]
     * @return the scenario the oracle ran
     */
    static Scenario assertOracleMatches(Path dir, int seqLen, Function<long[], double[][]> forward, String what)
            throws Exception {
        Path yaml = Files.writeString(dir.resolve("tiny.yaml"), "name: tiny-ckpt\nseed: 5\ncheckpoint: ckpt\n"
                + "workloads:\n  - {name: prefill, phase: prefill, batch: 2, seq_len: " + seqLen + "}\n");
        Scenario s = ScenarioYaml.load(yaml);
        Workload w = s.workload("prefill").orElseThrow();
        TokenInputs in = s.inputs(w);
        double[] oracle;
        try (Backend b = new ReferenceFp64Provider().create(new BackendOptions("reference-fp64", Map.of()));
             Session session = b.open(new ModelArtifact(s, w, Dtype.FP32, s.weights(), null))) {
            oracle = session.run(in).logits().toDoubleArray();
        }
        int vocab = TinyCheckpoint.VOCAB;
        double[] expected = new double[oracle.length];
        for (int b = 0; b < in.batch(); b++) {
            long[] ids = Arrays.copyOfRange(in.ids(), b * in.seqLen(), (b + 1) * in.seqLen());
            double[][] logits = forward.apply(ids);
            for (int t = 0; t < ids.length; t++) {
                System.arraycopy(logits[t], 0, expected, (b * in.seqLen() + t) * vocab, vocab);
            }
        }
        double maxDiff = 0;
        double maxAbs = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(oracle[i] - expected[i]));
            maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
        }
        assertTrue(maxAbs > 0.1, "logits of some size: " + maxAbs);
        assertTrue(maxDiff <= 1e-9 * maxAbs, what + ": max |oracle − HF| = " + maxDiff + " of " + maxAbs);
        assertEquals(TinyCheckpoint.LAYERS, s.model().layers());
        return s;
    }
}
