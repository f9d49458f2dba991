package dev.portbench.harness.measure;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Known answers: change and p-value of each series from an independent least-squares fit with one intercept per fork
 * and a common slope (numpy lstsq, scipy's t distribution), quoted in the comments.
 */
class TrendCheckTest {

    @Test
    void aSteadyClimbIsATrend() {
        // change +15.3% over 8 iterations, p = 7.2e-7
        TrendCheck.Verdict v = TrendCheck.of(new double[][] {{10, 10.2, 10.5, 10.6, 11.0, 11.1, 11.5, 11.6}});
        assertEquals(Optional.of(false), v.steady());
        assertTrue(v.reason().startsWith("not steady: the measured iterations trend by +15.3% over 8 iterations"
                + " (slope p = 7.2e-07;"), v.reason());
    }

    @Test
    void theIssuesForkThreeTimesSlowerAtFirstIsATrend() {
        // issue #9's fork: 17.2, 17.9, 14.6, 5.6, 5.5 ms per forward; change -117%, p = 0.0285
        TrendCheck.Verdict v = TrendCheck.of(new double[][] {{17.2, 17.9, 14.6, 5.6, 5.5}});
        assertEquals(Optional.of(false), v.steady());
        assertTrue(v.reason().contains("trend by -117.4% over 5 iterations (slope p = 0.029"), v.reason());
        // one slow first iteration is no straight line: p = 0.18, so not flagged (the warm-up keeps it out)
        assertEquals(Optional.of(true), TrendCheck.of(new double[][] {{30, 10, 10, 10, 10}}).steady());
    }

    @Test
    void noiseThatLooksLikeADriftButCannotShowOneIsSteady() {
        // measured here on a busy 2-core machine: change -17.6%, but p = 0.26
        assertEquals(Optional.of(true), TrendCheck.of(new double[][] {
                {7.72, 11.85, 10.69, 11.37, 10.13, 10.38, 8.40, 8.52, 8.01, 9.42}}).steady());
    }

    @Test
    void forksThatDifferByAConstantDoNotTrend() {
        // fork means 10 and 20; change -0.1%, p = 0.93
        assertEquals(Optional.of(true), TrendCheck.of(new double[][] {
                {10, 10.3, 9.8, 10.1, 10.2, 9.9}, {20.1, 19.8, 20.2, 19.9, 20.0, 20.1}}).steady());
    }

    @Test
    void aDriftSharedByTwoForksIsATrend() {
        // both fall about 8%: change -7.9%, p = 4.3e-8
        TrendCheck.Verdict v = TrendCheck.of(new double[][] {
                {10.4, 10.3, 10.1, 10.0, 9.8, 9.6}, {10.5, 10.2, 10.2, 9.9, 9.8, 9.7}});
        assertEquals(Optional.of(false), v.steady());
        assertTrue(v.reason().contains("trend by -7.9% over 6 iterations"), v.reason());
    }

    @Test
    void aSignificantButSmallCreepIsNotWorthAWarning() {
        // change +0.5%, p = 9.8e-7
        assertEquals(Optional.of(true), TrendCheck.of(new double[][] {
                {10.00, 10.011, 10.019, 10.031, 10.04, 10.05}}).steady());
    }

    @Test
    void tooFewIterationsCannotBeJudged() {
        assertEquals(Optional.empty(), TrendCheck.of(new double[][] {{1, 2, 3}, {3, 2, 1}}).steady());
    }

    @Test
    void aPerfectLineHasPValueZeroAndAFlatOneOne() {
        assertEquals(0.0, TrendCheck.pValue(1.0, 0.0, 10.0, 3));
        assertEquals(1.0, TrendCheck.pValue(0.0, 0.0, 10.0, 3));
        assertEquals(2.5, TrendCheck.median(new double[] {4, 1, 3, 2}), 1e-12);
    }
}
