package dev.portbench.harness.run;

import dev.portbench.results.Npy;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.ScenarioCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decode drift on synthetic step logits, 2 sequences × 3 steps: each (sequence, step) peaks at one token, the same in
 * the cell and the oracle, and both chose those tokens.
 */
class DriftEvaluatorTest {
    private static final ModelSpec DENSE = ScenarioCatalog.builtIn().find("dense-tiny").orElseThrow().model();
    private static final int BATCH = 2;
    private static final int STEPS = 3;

    @TempDir
    Path dir;

    private float[] peaked(int vocab) {
        float[] logits = new float[BATCH * STEPS * vocab];
        for (int row = 0; row < BATCH * STEPS; row++) {
            logits[row * vocab + peak(row, vocab)] = 5f;
        }
        return logits;
    }

    private static int peak(int row, int vocab) {
        return (7 * row + 3) % vocab;
    }

    private Path outputs(String name, float[] stepLogits, int vocab) throws IOException {
        Path out = Files.createDirectories(dir.resolve(name));
        Npy.write(RunLayout.stepLogits(out), new long[] {BATCH, STEPS, vocab}, stepLogits);
        long[] tokens = new long[BATCH * STEPS];
        for (int row = 0; row < tokens.length; row++) {
            tokens[row] = peak(row, vocab);
        }
        Npy.write(RunLayout.tokens(out), new long[] {BATCH, STEPS}, tokens);
        return out;
    }

    @Test
    void agreeingOutputsNeverDiverge() throws IOException {
        int vocab = DENSE.vocabSize();
        Path oracle = outputs("oracle", peaked(vocab), vocab);
        Path cell = outputs("cell", peaked(vocab), vocab);
        DriftEvaluator.DecodeDrift d = DriftEvaluator.evaluateDecode(oracle, cell, DENSE, STEPS);
        assertEquals(STEPS, d.tokensToDivergence());
        assertEquals(List.of("step,top1_agreement,rel_l2", "0,1.00000000,0.00000000", "1,1.00000000,0.00000000",
                "2,1.00000000,0.00000000"), Files.readAllLines(RunLayout.decodeSteps(cell)));
    }

    /**
     * A NaN away from the peak leaves the cell's argmax on the oracle's token, yet the step holds a non-finite logit:
     * it does not agree, so greedy decoding diverged at step 1 (sequence 0), and its rel_l2 is NaN, as is an
     * infinity's at step 2 (not "Infinity").
     */
    @Test
    void aStepWhoseLogitsAreNotFiniteIsNoAgreementAndItsDriftIsNaN() throws IOException {
        int vocab = DENSE.vocabSize();
        float[] cellLogits = peaked(vocab);
        int row = STEPS + 1; // sequence 1, step 1
        cellLogits[row * vocab + (peak(row, vocab) + 1) % vocab] = Float.NaN;
        int later = 2; // sequence 0, step 2
        cellLogits[later * vocab + (peak(later, vocab) + 1) % vocab] = Float.POSITIVE_INFINITY;
        Path oracle = outputs("oracle", peaked(vocab), vocab);
        Path cell = outputs("cell", cellLogits, vocab);
        DriftEvaluator.DecodeDrift d = DriftEvaluator.evaluateDecode(oracle, cell, DENSE, STEPS);
        assertEquals(1, d.tokensToDivergence(), "the NaN step of sequence 1");
        assertTrue(Double.isNaN(d.drift().relL2()));
        assertEquals(List.of("step,top1_agreement,rel_l2", "0,1.00000000,0.00000000", "1,0.500000000,NaN",
                "2,0.500000000,NaN"), Files.readAllLines(RunLayout.decodeSteps(cell)));
    }
}
