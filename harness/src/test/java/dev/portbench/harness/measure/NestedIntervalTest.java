package dev.portbench.harness.measure;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Known answers worked by hand; Student t quantiles from tables (0.9995, i.e. a two-sided 99.9% interval). */
class NestedIntervalTest {
    private static final double T_1 = 636.6192487687897;
    private static final double T_4 = 8.610301581379522;
    private static final double T_7 = 5.407882520861828;

    @Test
    void oneForkUsesItsIterationsSpread() {
        // mean 3, sample variance 2.5, variance of the mean 0.5, 4 degrees of freedom
        IntervalEstimate e = NestedInterval.of(new double[][] {{1, 2, 3, 4, 5}}, 0.999);
        assertEquals(3.0, e.mean(), 1e-12);
        assertEquals(T_4 * Math.sqrt(0.5), e.halfWidth(), 1e-9);
        assertEquals(4, e.degreesOfFreedom());
        assertEquals("one-fork", e.basis());
    }

    @Test
    void forksThatAgreeArePooledIntoOneSample() {
        // fork means 11 and 11: no variance between forks (F = 0, p = 1); all 8 values: SS 4, variance 4/7
        IntervalEstimate e = NestedInterval.of(new double[][] {{10, 12, 10, 12}, {11, 11, 11, 11}}, 0.999);
        assertEquals(11.0, e.mean(), 1e-12);
        assertEquals(T_7 * Math.sqrt(4.0 / 7 / 8), e.halfWidth(), 1e-9);
        assertEquals(7, e.degreesOfFreedom());
        assertEquals("pooled", e.basis());
    }

    @Test
    void forksThatDifferBeyondTheirIterationsGiveTheWideBetweenForkInterval() {
        // fork means 10 and 20 with iterations within ±0.1: MS_between = 4 · (25 + 25) / 1 = 200, variance of the
        // grand mean 200 / 8 = 25, 1 degree of freedom
        IntervalEstimate e = NestedInterval.of(new double[][] {{10, 10.1, 9.9, 10}, {20, 20.1, 19.9, 20}}, 0.999);
        assertEquals(15.0, e.mean(), 1e-12);
        assertEquals(T_1 * 5, e.halfWidth(), 1e-6);
        assertEquals(1, e.degreesOfFreedom());
        assertEquals("between-forks", e.basis());
    }

    @Test
    void theFTestDecidesPoolingAtAQuarter() {
        // two forks of 4: F = MS_between / MS_within with 1 and 6 degrees of freedom; F = 1 gives p = 0.356 > 0.25
        assertEquals(0.3559176837495822, NestedInterval.betweenForksPValue(2.0, 2.0, 1, 6), 1e-9);
        assertTrue(NestedInterval.betweenForksPValue(20.0, 2.0, 1, 6) < NestedInterval.POOLING_P);
        assertEquals(0.0, NestedInterval.betweenForksPValue(1.0, 0.0, 1, 6), "identical iterations, different forks");
        assertEquals(1.0, NestedInterval.betweenForksPValue(0.0, 0.0, 1, 6), "nothing varies at all");
    }

    @Test
    void oneIterationPerForkUsesTheForkMeans() {
        // fork means 1, 2, 3, 4, 5 with one iteration each: as one fork of five, but labelled by its source
        IntervalEstimate e = NestedInterval.of(new double[][] {{1}, {2}, {3}, {4}, {5}}, 0.999);
        assertEquals(T_4 * Math.sqrt(0.5), e.halfWidth(), 1e-9);
        assertEquals("between-forks", e.basis());
    }

    @Test
    void aSingleIterationHasNoInterval() {
        IntervalEstimate e = NestedInterval.of(new double[][] {{4.2}}, 0.999);
        assertEquals(4.2, e.mean());
        assertTrue(Double.isNaN(e.halfWidth()));
        assertEquals("none", e.basis());
    }

    @Test
    void badInputIsRefusedWithWhatWasExpected() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> NestedInterval.of(new double[][] {{}}, 0.999));
        assertTrue(none.getMessage().contains("expected at least one"), none.getMessage());
        IllegalArgumentException level = assertThrows(IllegalArgumentException.class,
                () -> NestedInterval.of(new double[][] {{1, 2}}, 99.9));
        assertTrue(level.getMessage().contains("confidence = 99.9"), level.getMessage());
    }
}
