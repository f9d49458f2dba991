package dev.portbench.results.history;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** E-divisive means on synthetic nightly series whose answers are known: where a step was planted, and where not. */
class EDivisiveTest {
    private final EDivisive detector = EDivisive.defaults();

    /** {@code nights} values around 100 with Gaussian noise of {@code noise} (relative), from a fixed seed. */
    private static double[] noisy(int nights, double noise, long seed) {
        Random r = new Random(seed);
        double[] x = new double[nights];
        for (int i = 0; i < nights; i++) {
            x[i] = 100 * (1 + noise * r.nextGaussian());
        }
        return x;
    }

    @Test
    void aPlantedTenPercentStepIsFoundAtItsNight() {
        double[] x = noisy(30, 0.03, 1);
        for (int i = 18; i < 30; i++) {
            x[i] *= 0.90; // a 10 % drop in throughput from night 18 on
        }
        List<EDivisive.ChangePoint> found = detector.find(x);
        assertEquals(1, found.size(), found.toString());
        assertEquals(18, found.get(0).index());
        assertTrue(found.get(0).relativeChange() < -0.07, found.toString());
        assertTrue(found.get(0).pValue() <= 0.01);
    }

    @Test
    void thirtyNightsOfNoiseRaiseNoAlarm() {
        for (long seed = 1; seed <= 5; seed++) {
            assertEquals(List.of(), detector.find(noisy(30, 0.03, seed)), "seed " + seed);
        }
    }

    @Test
    void oneOutlierNightIsNoChangePoint() {
        double[] x = noisy(30, 0.03, 2);
        x[14] *= 1.4;
        assertEquals(List.of(), detector.find(x));
        double[] last = noisy(30, 0.03, 3);
        last[29] *= 0.6; // the newest night alone cannot make one: a segment keeps 5 points
        assertEquals(List.of(), detector.find(last));
    }

    @Test
    void twoStepsAreBothFoundWithTheirMeans() {
        double[] x = noisy(40, 0.02, 4);
        for (int i = 12; i < 40; i++) {
            x[i] *= 1.15;
        }
        for (int i = 28; i < 40; i++) {
            x[i] *= 0.85;
        }
        List<EDivisive.ChangePoint> found = detector.find(x);
        assertEquals(List.of(12, 28), found.stream().map(EDivisive.ChangePoint::index).toList(), found.toString());
        assertEquals(0.15, found.get(0).relativeChange(), 0.03);
        assertEquals(-0.15, found.get(1).relativeChange(), 0.03);
    }

    @Test
    void twoGivenSamplesAreTestedAtTheirOwnSplit() {
        double[] before = noisy(20, 0.01, 5);
        double[] after = noisy(5, 0.01, 6);
        for (int i = 0; i < after.length; i++) {
            after[i] *= 0.88;
        }
        assertEquals(1 / 200.0, detector.pValue(before, after), 1e-12); // no permutation reaches a 12 % step
        assertTrue(detector.pValue(noisy(20, 0.01, 5), noisy(5, 0.01, 6)) > 0.05, "one distribution");
        assertThrows(IllegalArgumentException.class, () -> detector.pValue(new double[] {1}, new double[] {1, 2}));
    }

    @Test
    void aSmallButSignificantShiftBelowTheMagnitudeIsLeftOut() {
        double[] x = new double[30];
        for (int i = 0; i < 30; i++) { // a noiseless 1 % step: as significant as it gets, too small to count
            x[i] = i < 15 ? 100 : 101;
        }
        assertEquals(List.of(), detector.find(x));
        assertEquals(List.of(15), new EDivisive(5, 0.01, 199, 0.005).find(x).stream()
                .map(EDivisive.ChangePoint::index).toList());
    }

    @Test
    void aDropInTwoStepsTooSmallAloneIsOneChangeAgainstTheMergedLevels() {
        double[] x = noisy(30, 0.005, 11);
        for (int i = 10; i < 30; i++) {
            x[i] *= i < 20 ? 0.985 : 0.970; // 1.5 % down at night 10, 1.5 % more at night 20
        }
        List<EDivisive.ChangePoint> found = detector.find(x);
        assertEquals(1, found.size(), found.toString());
        EDivisive.ChangePoint drop = found.get(0);
        // the weaker step goes, and the one kept is measured between the merged level and the newest
        double before = mean(x, 0, drop.index());
        double after = mean(x, drop.index(), 30);
        assertEquals(before, drop.meanBefore(), 1e-9);
        assertEquals(after, drop.meanAfter(), 1e-9);
        assertTrue(drop.relativeChange() <= -0.02, found.toString());
        assertTrue(drop.index() == 10 || drop.index() == 20, found.toString());
    }

    @Test
    void aRiseThenAFallBackLeaveNoChangeWhereTheNewestLevelIsWithinTheMagnitudeOfTheMergedOne() {
        double[] x = new double[30];
        for (int i = 0; i < 30; i++) { // noiseless: 1000, then 1015, then 994; 994 is 1.3 % below 1007.5
            x[i] = i < 10 ? 1000 : i < 20 ? 1015 : 994;
        }
        assertEquals(List.of(), detector.find(x));
    }

    private static double mean(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i];
        }
        return s / (to - from);
    }

    @Test
    void theSameSeriesAlwaysGivesTheSameAnswer() {
        double[] x = noisy(30, 0.05, 9);
        for (int i = 15; i < 30; i++) {
            x[i] *= 0.94;
        }
        assertEquals(detector.find(x), detector.find(x.clone()));
    }

    @Test
    void settingsAndValuesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new EDivisive(1, 0.01, 199, 0.02));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new EDivisive(5, 0.01, 50, 0.02))
                .getMessage().contains("cannot reach p = 0.01; expected at least 99"));
        assertThrows(IllegalArgumentException.class, () -> new EDivisive(5, 0, 199, 0.02));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> detector.find(new double[] {1, Double.NaN}))
                .getMessage().contains("NaN"));
        assertEquals(List.of(), detector.find(new double[] {1, 2, 3}), "too short to split");
    }
}
