package dev.portbench.harness.measure;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrendCheckTest {

    @Test
    void flatIterationsWithNoiseAreSteady() {
        TrendCheck.Verdict v = TrendCheck.of(new double[][] {{5.0, 5.2, 4.9, 5.1, 5.0, 4.95, 5.05, 5.1}});
        assertEquals(Optional.of(true), v.steady());
        assertEquals("", v.reason());
    }

    @Test
    void theFirstSlowSecondsOfAForkAreATrend() {
        // issue #9's measured fork: 17.2, 17.9, 14.6, 5.6, 5.5 ms per forward; halves of 2: medians 17.55 and 5.55
        TrendCheck.Verdict v = TrendCheck.of(new double[][] {{5.0, 5.1}, {17.2, 17.9, 14.6, 5.6, 5.5}});
        assertEquals(Optional.of(false), v.steady());
        assertEquals(String.format(java.util.Locale.ROOT, "%+.1f%%", 100 * (5.55 - 17.55) / 17.55), "-68.4%");
        assertTrue(v.reason().startsWith("not steady: fork 2's measured iterations trend by -68.4%"), v.reason());
    }

    @Test
    void aFiveAndAHalfPercentCreepUpIsATrendAndFourPercentIsNot() {
        assertEquals(Optional.of(false), TrendCheck.of(new double[][] {{10, 10, 10, 10.55, 10.55, 10.55}}).steady());
        assertEquals(Optional.of(true), TrendCheck.of(new double[][] {{10, 10, 10, 10.4, 10.4, 10.4}}).steady());
    }

    @Test
    void tooFewIterationsCannotBeJudged() {
        TrendCheck.Verdict v = TrendCheck.of(new double[][] {{1, 2, 3}, {3, 2, 1}});
        assertEquals(Optional.empty(), v.steady());
    }

    @Test
    void medianKeepsOneOutlierFromDeciding() {
        assertEquals(0.0, TrendCheck.halvesChange(new double[] {10, 10, 10, 10, 10, 40}), 1e-12);
        assertEquals(2.5, TrendCheck.median(new double[] {4, 1, 3, 2}), 1e-12);
    }
}
