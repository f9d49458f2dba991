package dev.portbench.harness.worker;

import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.OutputTensor;
import dev.portbench.scenarios.Dtype;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timed graph's last-position logits against the accuracy pass's, on numbers whose answer is known. */
class LastLogitsCheckTest {
    /** 2 sequences of 3 positions, vocabulary 2: value = 10·sequence + position + 0.1·token. */
    private static ForwardOutputs accuracy() {
        float[] v = new float[2 * 3 * 2];
        for (int b = 0; b < 2; b++) {
            for (int p = 0; p < 3; p++) {
                for (int t = 0; t < 2; t++) {
                    v[(b * 3 + p) * 2 + t] = 10 * b + p + 0.1f * t;
                }
            }
        }
        return new ForwardOutputs(OutputTensor.ofFloats(new long[] {2, 3, 2}, v), List.of());
    }

    private static ForwardOutputs timed(float... values) {
        return new ForwardOutputs(OutputTensor.ofFloats(new long[] {2, 1, 2}, values), List.of());
    }

    @Test
    void theLastPositionsPass() {
        assertEquals(Optional.empty(), LastLogitsCheck.compare(accuracy(), timed(2f, 2.1f, 12f, 12.1f), Dtype.FP32));
    }

    @Test
    void anotherPositionIsNamedWithItsDistance() {
        Optional<String> m = LastLogitsCheck.compare(accuracy(), timed(0f, 0.1f, 10f, 10.1f), Dtype.FP32);
        assertTrue(m.isPresent() && m.get().startsWith("the timed graph's last-position logits differ from"
                + " the accuracy pass's by rel_l2 0.231; expected at most 1e-04"), m.toString());
    }

    @Test
    void halfPrecisionsGetTheirRoundingAndAWrongShapeIsNamed() {
        // 1e-3 relative off: within fp16's 1e-2, not fp32's 1e-4
        ForwardOutputs near = timed(2.002f, 2.1021f, 12.012f, 12.1121f);
        assertEquals(Optional.empty(), LastLogitsCheck.compare(accuracy(), near, Dtype.FP16));
        assertTrue(LastLogitsCheck.compare(accuracy(), near, Dtype.FP32).isPresent());
        ForwardOutputs all = accuracy();
        assertEquals(Optional.of("the timed graph's prompt pass returned logits of shape [2, 3, 2]; expected [2, 1, 2],"
                + " each sequence's last position"), LastLogitsCheck.compare(accuracy(), all, Dtype.FP32));
    }

    @Test
    void theAccuracyPassesNonFiniteOutputsAreLeftToTheDriftColumns() {
        ForwardOutputs nan = accuracy();
        nan.logits().floats()[(3 - 1) * 2] = Float.NaN; // sequence 0's last position, token 0: its drift says NaN
        assertEquals(Optional.empty(), LastLogitsCheck.compare(nan, timed(Float.NaN, 2.1f, 12f, 12.1f), Dtype.FP32));
        assertEquals(Optional.empty(), LastLogitsCheck.compare(nan, timed(5f, 2.1f, 12f, 12.1f), Dtype.FP32));
        assertTrue(LastLogitsCheck.compare(nan, timed(Float.NaN, 0.1f, 10f, 10.1f), Dtype.FP32).isPresent(),
                "the finite rest still has to agree");
    }

    /** No drift column sees the timed graph: its NaN where the accuracy pass has numbers is a disagreement. */
    @Test
    void theTimedGraphsNonFiniteOutputsWhereTheAccuracyPassIsFiniteAreNamed() {
        Optional<String> m = LastLogitsCheck.compare(accuracy(), timed(Float.NaN, Float.POSITIVE_INFINITY, 12f, 12.1f),
                Dtype.FP32);
        assertEquals(Optional.of("the timed graph's last-position logits are NaN or infinite at 2 of 4 values where"
                + " the accuracy pass's are finite; expected the same numbers (no drift column sees the timed graph's"
                + " outputs)"), m);
    }

    /** A decode trace: 2 sequences × 3 new tokens, vocabulary 2; step t of sequence b holds 100·b + 10·t + v. */
    private static dev.portbench.backend.GreedyDecoding.Trace trace() {
        float[] steps = new float[2 * 3 * 2];
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                for (int v = 0; v < 2; v++) {
                    steps[(b * 3 + t) * 2 + v] = 100 * b + 10 * t + v;
                }
            }
        }
        long[] fed = {7, 8, 9, 17, 18, 19}; // [batch, newTokens] row-major
        return new dev.portbench.backend.GreedyDecoding.Trace(accuracy(), OutputTensor.ofFloats(new long[] {2, 3, 2},
                steps), fed, fed, List.of());
    }

    /** The first cache step is the one fed each sequence's first token; its logits are step 1's. */
    @Test
    void theAccuracyPassesFirstCacheStepIsTheOneFedTheFirstTokens() {
        LastLogitsCheck.Accuracy a = LastLogitsCheck.Accuracy.of(trace());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {7, 17}, a.firstFed());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {2, 1, 2}, a.firstStep().shape());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {10, 11, 110, 111}, a.firstStep().doubles());
        assertEquals(Optional.empty(), LastLogitsCheck.compareStep(a.firstStep(), timed(10f, 11f, 110f, 111f),
                Dtype.FP32));
        assertEquals(Optional.of("the timed graph's first cache step's logits differ from the accuracy pass's by"
                + " rel_l2 0.127; expected at most 1e-04"), LastLogitsCheck.compareStep(a.firstStep(),
                timed(20f, 21f, 120f, 121f), Dtype.FP32));
        assertEquals(null, LastLogitsCheck.Accuracy.of(accuracy()).firstFed(), "a prefill has no step");
    }
}
