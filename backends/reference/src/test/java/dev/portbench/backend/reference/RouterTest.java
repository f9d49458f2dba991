package dev.portbench.backend.reference;

import dev.portbench.scenarios.MoeSpec;
import dev.portbench.scenarios.RouterSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The router's rules on one token whose answer is worked out by hand: 8 experts in groups {0,1} {2,3} {4,5} {6,7},
 * logits where the best single expert (0) sits in a group whose second expert is poor, and a correction bias that
 * lifts the last group.
 */
class RouterTest {
    private static final double[] LOGITS = {3.0, -3.0, 1.0, 0.9, 0.8, 0.7, -1.0, -2.0};
    private static final double[] BIAS = {0, 0, 0, 0, 0, 0, 2.0, 2.0};

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double[] route(RouterSpec router, double[] bias, long[] topK) {
        return route(Precision.FP64, router, bias, topK);
    }

    private static double[] route(Precision precision, RouterSpec router, double[] bias, long[] topK) {
        Router r = new Router(new MoeSpec(8, 2, 16, 0, router, 0), bias);
        double[] weight = new double[2];
        r.route(new Kernels(precision), LOGITS.clone(), 0, topK, weight, 0);
        return weight;
    }

    /** In fp32 every operation is single precision, the scaling too: 2.827 is not a float, so it is rounded first. */
    @Test
    void theFp32PathScalesByTheFactorRoundedToSinglePrecision() {
        long[] topK = new long[2];
        double[] unscaled = route(Precision.FP32, new RouterSpec(RouterSpec.Scoring.SIGMOID, false, 1.0, 1, 1, false),
                null, topK);
        double[] scaled = route(Precision.FP32, new RouterSpec(RouterSpec.Scoring.SIGMOID, false, 2.827, 1, 1, false),
                null, topK);
        for (int j = 0; j < 2; j++) {
            assertEquals((double) ((float) unscaled[j] * 2.827f), scaled[j], 0.0, "expert " + topK[j]);
        }
    }

    @Test
    void deepSeekV3PicksGroupsByTheirTwoBestBiasedScoresAndWeighsByTheUnbiasedOnes() {
        // biased sigmoid scores summed over each group's best two: {1.0, 1.442, 1.358, 4.388}; the best two groups
        // are {6,7} and {2,3}, whose best biased experts are 6 (2.269) and 7 (2.119); expert 0 (0.953) is left out
        long[] topK = new long[2];
        double[] w = route(new RouterSpec(RouterSpec.Scoring.SIGMOID, true, 2.5, 4, 2, true), BIAS, topK);
        assertArrayEquals(new long[] {6, 7}, topK);
        double s6 = sigmoid(-1.0);
        double s7 = sigmoid(-2.0);
        assertEquals(2.5 * s6 / (s6 + s7), w[0], 1e-15);
        assertEquals(2.5 * s7 / (s6 + s7), w[1], 1e-15);
    }

    @Test
    void deepSeekV2GroupsScoreTheirBestExpertAndKeepRawScoresWithoutRenormalising() {
        // group maxima {0.953, 0.731, 0.690, 0.269}: groups {0,1} and {2,3}, then experts 0 and 2
        long[] topK = new long[2];
        double[] w = route(new RouterSpec(RouterSpec.Scoring.SIGMOID, false, 1.0, 4, 2, false), null, topK);
        assertArrayEquals(new long[] {0, 2}, topK);
        assertEquals(sigmoid(3.0), w[0], 1e-15);
        assertEquals(sigmoid(1.0), w[1], 1e-15);
    }

    @Test
    void theDefaultIsSoftmaxTopKRenormalised() {
        long[] topK = new long[2];
        double[] w = route(RouterSpec.SOFTMAX_TOP_K, null, topK);
        assertArrayEquals(new long[] {0, 2}, topK);
        assertEquals(Math.exp(3.0) / (Math.exp(3.0) + Math.exp(1.0)), w[0], 1e-15);
        assertEquals(Math.exp(1.0) / (Math.exp(3.0) + Math.exp(1.0)), w[1], 1e-15);
    }

    @Test
    void theBiasChoosesButNeverWeighs() {
        // one group, bias lifting 6 and 7 over everything: they are chosen, weighted by their own small scores
        long[] topK = new long[2];
        double[] w = route(new RouterSpec(RouterSpec.Scoring.SIGMOID, false, 1.0, 1, 1, true), BIAS, topK);
        assertArrayEquals(new long[] {6, 7}, topK);
        assertEquals(sigmoid(-1.0), w[0], 1e-15);
        assertEquals(sigmoid(-2.0), w[1], 1e-15);
    }
}
