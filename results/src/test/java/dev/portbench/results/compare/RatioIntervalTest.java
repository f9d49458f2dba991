package dev.portbench.results.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RatioIntervalTest {

    @Test
    void intervalIsTheRatioRangeWhileBothValuesStayInTheirIntervals() {
        // b = 90 ± 3, a = 100 ± 5: low = 87/105, high = 93/95
        RatioInterval r = RatioInterval.of(new Estimate(90, 3), new Estimate(100, 5));
        assertEquals(0.9, r.ratio(), 1e-15);
        assertEquals(87.0 / 105.0, r.low(), 1e-15);
        assertEquals(93.0 / 95.0, r.high(), 1e-15);
        assertTrue(r.significantlyBelowOne());
        assertEquals(Verdict.SLOWER, Verdict.higherIsBetter(r));
        assertEquals(Verdict.FASTER, Verdict.lowerIsBetter(r)); // as a time, 0.9x is faster
    }

    @Test
    void overlappingIntervalsAreNoSignificantChange() {
        RatioInterval r = RatioInterval.of(new Estimate(95, 4), new Estimate(100, 4));
        assertEquals(91.0 / 104.0, r.low(), 1e-15);
        assertEquals(99.0 / 96.0, r.high(), 1e-15);
        assertEquals(Verdict.NO_SIGNIFICANT_CHANGE, Verdict.higherIsBetter(r));
        assertEquals(Verdict.NO_SIGNIFICANT_CHANGE, Verdict.lowerIsBetter(r));
    }

    @Test
    void aClearGainIsFaster() {
        RatioInterval r = RatioInterval.of(new Estimate(130, 2), new Estimate(100, 2));
        assertEquals(128.0 / 102.0, r.low(), 1e-15);
        assertEquals(Verdict.FASTER, Verdict.higherIsBetter(r));
        assertEquals(Verdict.SLOWER, Verdict.lowerIsBetter(r));
    }

    @Test
    void anErrorAsLargeAsTheBaselineLeavesTheTopUnboundedAndTheBottomAtZero() {
        RatioInterval r = RatioInterval.of(new Estimate(10, 20), new Estimate(100, 100));
        assertEquals(0, r.low());
        assertEquals(Double.POSITIVE_INFINITY, r.high());
        assertEquals(Verdict.NO_SIGNIFICANT_CHANGE, Verdict.higherIsBetter(r));
    }

    @Test
    void aMissingErrorGivesARatioWithoutInterval() {
        RatioInterval r = RatioInterval.of(new Estimate(50, Double.NaN), new Estimate(100, 1));
        assertEquals(0.5, r.ratio());
        assertFalse(r.hasInterval());
        assertEquals(Verdict.UNKNOWN, Verdict.higherIsBetter(r));
    }

    @Test
    void aZeroBaselineHasNoRatio() {
        RatioInterval r = RatioInterval.of(new Estimate(50, 1), new Estimate(0, 0));
        assertFalse(r.hasRatio());
        assertEquals(Verdict.NOT_MEASURED, Verdict.higherIsBetter(r));
        assertEquals("not_measured", Verdict.NOT_MEASURED.csv());
    }
}
