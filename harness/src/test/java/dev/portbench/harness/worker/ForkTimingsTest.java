package dev.portbench.harness.worker;

import dev.portbench.harness.measure.ForkSamples;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForkTimingsTest {
    /** Iterations 10 and 12 ms; samples 9, 9, 11, 13 ms; warmed up steady in 2 s; the JIT at work 2 % of the time. */
    static final ForkSamples A = new ForkSamples(new double[]{10, 12}, new double[]{9, 11, 13}, new long[]{2, 1, 1},
            2.0, true, 0, 0.02);
    /** Iterations 14 and 16 ms; samples 15, 15, 15, 17 ms; stopped by the warm-up cap after 3.5 s, the JIT at work. */
    static final ForkSamples B = new ForkSamples(new double[]{14, 16}, new double[]{15, 17}, new long[]{3, 1},
            3.5, false, 2, 0.25);
    /** As B, but the resident set still growing when the cap came; no JIT time recorded (an older run's fork). */
    static final ForkSamples C = new ForkSamples(new double[]{14, 16}, new double[]{15, 17}, new long[]{3, 1},
            3.5, false, 4, null);

    @Test
    void twoForksGiveTheGrandMeanTheIntervalOfTheirMeansAndPercentilesOfEverySample() {
        Timing t = ForkTimings.summarise(List.of(A, B));
        assertEquals(13.0, t.meanMs(), 1e-12);
        // fork means 11 and 15 differ far more than their iterations (F = 8 on 1 and 2 df, p = 0.11 < 0.25): the
        // interval is Student's t on 1 df times the standard error of the two fork means, sd 2.83 / sqrt(2) = 2
        double t1 = new TDistribution(1).inverseCumulativeProbability(1 - 0.001 / 2);
        assertEquals(t1 * 2, t.errorMs(), 1e-9);
        assertEquals("between-forks", t.intervalBasis());
        double[] all = {9, 9, 11, 13, 15, 15, 15, 17};
        assertEquals(new Percentile().evaluate(all, 50), t.p50Ms(), 1e-12);
        assertEquals(8L, t.samples());
        assertEquals(2, t.forks());
        assertEquals(2, t.iterations());
        assertEquals(3.5, t.warmupS(), "the longest fork's warm-up");
        assertEquals(Boolean.FALSE, t.warmupSteady(), "one fork stopped by the cap shows");
        assertEquals(2, t.warmupUnsettled(), "and what held it back");
        assertEquals(6, ForkTimings.summarise(List.of(A, B, C)).warmupUnsettled(), "what held any fork back");
        assertEquals(0.25, t.jitShare(), "the fork where the compilers worked most");
        assertEquals(0.02, ForkTimings.summarise(List.of(C, A)).jitShare(), "a fork without it leaves the others'");
        assertEquals(null, ForkTimings.summarise(List.of(C)).jitShare());
    }

    @Test
    void oneForkIsSummarisedOverItsIterationsAlone() {
        Timing t = ForkTimings.summarise(List.of(A));
        assertEquals(11.0, t.meanMs(), 1e-12);
        assertEquals("one-fork", t.intervalBasis());
        // iterations 10 and 12: sd sqrt(2), standard error 1, t on 1 df
        assertEquals(new TDistribution(1).inverseCumulativeProbability(0.9995), t.errorMs(), 1e-9);
        assertEquals(2.0, t.warmupS());
        assertEquals(Boolean.TRUE, t.warmupSteady());
        assertEquals(0, t.warmupUnsettled());
    }

    @Test
    void forksInRunOrderAreCheckedForADriftOfTheHost() {
        // fork means 10, 11, ..., 17 ms in the order they ran: lag-1 autocorrelation 0.625 (ForkOrderCheckTest)
        List<ForkSamples> climbing = new java.util.ArrayList<>();
        for (int f = 0; f < 8; f++) {
            climbing.add(new ForkSamples(new double[]{10 + f - 0.5, 10 + f + 0.5}, new double[]{10 + f},
                    new long[]{1}, 1.0, true, 0, 0.01));
        }
        Timing t = ForkTimings.summarise(climbing);
        assertEquals(0.625, t.forkLag1(), 1e-12);
        assertTrue(t.forkLag1P() < 0.01, "p = " + t.forkLag1P());
        Timing two = ForkTimings.summarise(List.of(A, B));
        assertEquals(null, two.forkLag1(), "two forks are too few to judge");
        assertEquals(null, two.forkLag1P());
    }

    @Test
    void noForkIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ForkTimings.summarise(List.of()));
        assertTrue(e.getMessage().contains("no fork"), e.getMessage());
        IllegalArgumentException histogram = assertThrows(IllegalArgumentException.class,
                () -> new ForkSamples(new double[]{1}, new double[]{1, 2}, new long[]{1}, null, null, null, null));
        assertTrue(histogram.getMessage().contains("2 values but 1 counts"), histogram.getMessage());
    }

    @Test
    void roundsMergedIntoTheFirstRoundsDescriptionAreSummarisedLikeOneRunOfAllTheirForks() {
        CellOutcome first = CellOutcome.described("1.29.0", "cpu", 2, Map.of("intra_op_threads", "2"), "fp32")
                .withPerformance(PerformanceResult.of(Map.of(CellOutcome.LATENCY, List.of(A)), Map.of(), 100.0));
        CellOutcome second = CellOutcome.undescribed()
                .withPerformance(PerformanceResult.of(Map.of(CellOutcome.LATENCY, List.of(B)), Map.of(), 120.0));
        CellOutcome merged = first.withForksOf(List.of(first, second));
        assertEquals(ForkTimings.summarise(List.of(A, B)), merged.timing(CellOutcome.LATENCY));
        assertEquals(List.of(A, B), merged.forks().get(CellOutcome.LATENCY));
        assertEquals(120.0, merged.peakRssMb(), "the largest round's peak RSS");
        assertEquals("1.29.0", merged.runtimeVersion());
        assertEquals(Map.of("intra_op_threads", "2"), merged.backendOptions());
    }
}
