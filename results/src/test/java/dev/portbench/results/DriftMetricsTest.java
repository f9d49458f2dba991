package dev.portbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DriftMetricsTest {

    private static final double[] Y = {1, 2, 3};
    private static final double[] R = {1, 2, 4};

    @Test
    void maxAbsErrIsTheLargestElementwiseDifference() {
        assertEquals(1.0, DriftMetrics.maxAbsErr(Y, R), 0);
        assertEquals(2.5, DriftMetrics.maxAbsErr(new double[] {-1, 0.5, 7}, new double[] {1.5, 0, 7}), 0);
    }

    @Test
    void relL2DividesTheErrorNormByTheOracleNorm() {
        // ||y - r|| = 1, ||r|| = sqrt(1 + 4 + 16)
        assertEquals(1 / Math.sqrt(21), DriftMetrics.relL2(Y, R), 1e-15);
    }

    @Test
    void relL2OfAZeroOracleIsZeroOnlyWhenTheCandidateIsZeroToo() {
        assertEquals(0.0, DriftMetrics.relL2(new double[] {0, 0}, new double[] {0, 0}), 0);
        assertTrue(Double.isNaN(DriftMetrics.relL2(new double[] {0, 1e-9}, new double[] {0, 0})));
    }

    @Test
    void cosineIsTheNormalisedDotProduct() {
        // <y, r> = 1 + 4 + 12 = 17, ||y||^2 = 14, ||r||^2 = 21
        assertEquals(17 / Math.sqrt(14 * 21), DriftMetrics.cosine(Y, R), 1e-15);
        assertEquals(-1.0, DriftMetrics.cosine(new double[] {1, 2}, new double[] {-2, -4}), 1e-15);
        assertEquals(0.0, DriftMetrics.cosine(new double[] {1, 0}, new double[] {0, 3}), 0);
    }

    @Test
    void cosineOfParallelVectorsNeverExceedsOne() {
        double[] v = {0.1, 0.7, 1e-3, 12.25, -3.3};
        double[] scaled = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            scaled[i] = v[i] * 3.7;
        }
        double cosine = DriftMetrics.cosine(scaled, v);
        assertTrue(cosine <= 1.0, () -> "cosine " + cosine);
        assertEquals(1.0, cosine, 1e-15);
    }

    @Test
    void nanInTheCandidatePropagates() {
        double[] y = {1, Double.NaN, 3};
        assertTrue(Double.isNaN(DriftMetrics.maxAbsErr(y, R)));
        assertTrue(Double.isNaN(DriftMetrics.relL2(y, R)));
        assertTrue(Double.isNaN(DriftMetrics.cosine(y, R)));
        assertTrue(Double.isNaN(DriftMetrics.klMean(y, R, 3)));
    }

    @Test
    void klOnTwoPositionsMatchesTheDefinitionWrittenOut() {
        double[] r = {1, 2, 3, /* row 2 */ 0, 0, 0};
        double[] y = {1, 2, 2.5, /* row 2 */ 1, 0, -1};

        // Row 1: p = softmax(1, 2, 3), q = softmax(1, 2, 2.5), written out term by term.
        double zp1 = Math.exp(1) + Math.exp(2) + Math.exp(3);
        double zq1 = Math.exp(1) + Math.exp(2) + Math.exp(2.5);
        double kl1 = Math.exp(1) / zp1 * Math.log((Math.exp(1) / zp1) / (Math.exp(1) / zq1))
                + Math.exp(2) / zp1 * Math.log((Math.exp(2) / zp1) / (Math.exp(2) / zq1))
                + Math.exp(3) / zp1 * Math.log((Math.exp(3) / zp1) / (Math.exp(2.5) / zq1));
        // Row 2: p uniform, q = softmax(1, 0, -1).
        double zq2 = Math.exp(1) + Math.exp(0) + Math.exp(-1);
        double kl2 = (1.0 / 3) * Math.log((1.0 / 3) / (Math.exp(1) / zq2))
                + (1.0 / 3) * Math.log((1.0 / 3) / (Math.exp(0) / zq2))
                + (1.0 / 3) * Math.log((1.0 / 3) / (Math.exp(-1) / zq2));

        double kl = DriftMetrics.klMean(y, r, 3);
        assertEquals((kl1 + kl2) / 2, kl, 1e-15);
        // The same value from mpmath at 30 digits: 0.169069397278014762708392930101
        assertEquals(0.16906939727801476, kl, 1e-15);
    }

    @Test
    void klIsZeroForIdenticalRows() {
        double[] logits = {0.3, -1.2, 4.0, 2.2, 2.2, 2.2};
        assertEquals(0.0, DriftMetrics.klMean(logits.clone(), logits, 3), 0);
    }

    @Test
    void klIgnoresAConstantAddedToARow() {
        double[] r = {1, 2, 3, 0, 0, 0};
        double[] y = {1, 2, 2.5, 1, 0, -1};
        double[] yShifted = {1 + 40, 2 + 40, 2.5 + 40, 1 - 7.5, 0 - 7.5, -1 - 7.5};
        double[] rShifted = {1 - 3, 2 - 3, 3 - 3, 0 + 100, 0 + 100, 0 + 100};
        double kl = DriftMetrics.klMean(y, r, 3);
        assertEquals(kl, DriftMetrics.klMean(yShifted, r, 3), 1e-14);
        assertEquals(kl, DriftMetrics.klMean(y, rShifted, 3), 1e-14);
        assertEquals(0.0, DriftMetrics.klMean(yShifted, y, 3), 1e-15);
    }

    @Test
    void klStaysFiniteForLogitsThatWouldOverflowExp() {
        // exp(1000) overflows a double; a stable log-softmax sees the same rows as (0, 1, 2) vs (0, 1, 2.5).
        double kl = DriftMetrics.klMean(new double[] {1000, 1001, 1002.5}, new double[] {1000, 1001, 1002}, 3);
        assertEquals(0.026141457475342429, kl, 1e-13); // mpmath, 30 digits: 0.0261414574753424291163462687277
    }

    @Test
    void top1CountsPositionsWhoseArgmaxAgrees() {
        double[] r = {0, 5, 1, /**/ 9, 2, 3, /**/ 0, 0, 7};
        double[] y = {0, 4, 1, /**/ 1, 2, 3, /**/ 0, 0, 6}; // row 2 now picks index 2 instead of 0
        assertEquals(2.0 / 3, DriftMetrics.top1Agreement(y, r, 3), 0);
        assertEquals(1.0, DriftMetrics.top1Agreement(r, r, 3), 0);
    }

    @Test
    void top1TieGoesToTheFirstIndex() {
        double[] tie = {5, 5, 1};
        assertEquals(1.0, DriftMetrics.top1Agreement(tie, new double[] {5, 4, 1}, 3), 0);
        assertEquals(0.0, DriftMetrics.top1Agreement(tie, new double[] {4, 5, 1}, 3), 0);
    }

    @Test
    void routingComparesSetsNotOrder() {
        long[] r = {1, 3, /**/ 0, 2, /**/ 4, 5, /**/ 7, 6};
        long[] y = {3, 1, /**/ 0, 2, /**/ 4, 6, /**/ 6, 7};
        assertEquals(3.0 / 4, DriftMetrics.routingAgreement(y, r, 2), 0);
        assertEquals(0.0, DriftMetrics.routingAgreement(new long[] {0, 1}, new long[] {2, 3}, 2), 0);
    }

    @Test
    void driftComputesEveryColumnAndLeavesRoutingNaNForDenseModels() {
        double[] r = {0, 5, 1, 9, 2, 3};
        double[] y = {0, 4, 1, 1, 2, 3};
        DriftMetrics.Drift dense = DriftMetrics.Drift.compute(y, r, 3, null, null, 2);
        assertEquals(8.0, dense.maxAbsErr(), 0);
        assertEquals(Math.sqrt(65) / Math.sqrt(120), dense.relL2(), 1e-15); // diff (0,1,0,8,0,0); |r|^2 = 120
        assertEquals(DriftMetrics.klMean(y, r, 3), dense.kl(), 0);
        assertEquals(0.5, dense.top1Agreement(), 0);
        assertTrue(Double.isNaN(dense.routingAgreement()));

        DriftMetrics.Drift moe = DriftMetrics.Drift.compute(y, r, 3, new long[] {1, 2, 3, 0}, new long[] {2, 1, 3, 1}, 2);
        assertEquals(0.5, moe.routingAgreement(), 0);
    }

    @Test
    void mismatchedShapesAreRejectedWithBothLengths() {
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
                () -> DriftMetrics.maxAbsErr(new double[3], new double[4]));
        assertTrue(lengths.getMessage().contains("3") && lengths.getMessage().contains("4"), lengths.getMessage());

        IllegalArgumentException vocab = assertThrows(IllegalArgumentException.class,
                () -> DriftMetrics.klMean(new double[7], new double[7], 3));
        assertTrue(vocab.getMessage().contains("7") && vocab.getMessage().contains("vocab = 3"), vocab.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DriftMetrics.top1Agreement(new double[6], new double[6], 0));
        assertThrows(IllegalArgumentException.class,
                () -> DriftMetrics.routingAgreement(new long[3], new long[3], 2));
        assertThrows(IllegalArgumentException.class,
                () -> DriftMetrics.Drift.compute(Y, R, 3, new long[2], null, 2));
        assertThrows(IllegalArgumentException.class, () -> DriftMetrics.cosine(new double[0], new double[0]));
    }

    @Test
    void tokensToDivergenceIsTheFirstStepAnySequenceDiffersAt() {
        long[] oracle = {5, 6, 7, 8, /* second sequence */ 1, 2, 3, 4};
        assertEquals(4, DriftMetrics.tokensToDivergence(oracle.clone(), oracle, 4));
        long[] late = oracle.clone();
        late[3] = 9; // sequence 0, step 3
        assertEquals(3, DriftMetrics.tokensToDivergence(late, oracle, 4));
        long[] early = late.clone();
        early[5] = 0; // sequence 1, step 1
        assertEquals(1, DriftMetrics.tokensToDivergence(early, oracle, 4));
        long[] first = oracle.clone();
        first[0] = 0;
        assertEquals(0, DriftMetrics.tokensToDivergence(first, oracle, 4));
        assertThrows(IllegalArgumentException.class, () -> DriftMetrics.tokensToDivergence(new long[3], new long[3], 2));
    }

    /** Three tokens, k = 2, two layers: token 1 flips in layer 0 (a set change), token 2 only reorders in layer 1. */
    @Test
    void tokensRoutedAlikeInEveryLayerAndTheirRows() {
        java.util.List<long[]> y = java.util.List.of(new long[] {0, 1, 2, 3, 1, 3}, new long[] {2, 0, 1, 3, 3, 0});
        java.util.List<long[]> r = java.util.List.of(new long[] {1, 0, 2, 1, 1, 3}, new long[] {2, 0, 1, 3, 0, 3});
        org.junit.jupiter.api.Assertions.assertArrayEquals(new boolean[] {true, false, true},
                DriftMetrics.routedAlikePerToken(y, r, 2, 3));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new boolean[] {true, true},
                DriftMetrics.routedAlikePerToken(java.util.List.of(), java.util.List.of(), 1, 2), "dense: no routing");
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 2, 5, 6},
                DriftMetrics.keepRows(new double[] {1, 2, 3, 4, 5, 6}, new boolean[] {true, false, true}, 2));
        assertThrows(IllegalArgumentException.class,
                () -> DriftMetrics.routedAlikePerToken(y, java.util.List.of(r.get(0)), 2, 3));
    }
}
