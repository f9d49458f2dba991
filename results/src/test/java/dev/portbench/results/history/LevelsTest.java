package dev.portbench.results.history;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The newest level against earlier ones, on noiseless (or hand-made) series whose change points are given. */
class LevelsTest {
    private final EDivisive detector = EDivisive.defaults();

    /** {@code levels[i]} repeated {@code nights[i]} times. */
    private static double[] steps(int[] nights, double... levels) {
        double[] x = new double[java.util.Arrays.stream(nights).sum()];
        int at = 0;
        for (int s = 0; s < nights.length; s++) {
            for (int i = 0; i < nights[s]; i++) {
                x[at++] = levels[s];
            }
        }
        return x;
    }

    private static EDivisive.ChangePoint at(int index, double before, double after) {
        return new EDivisive.ChangePoint(index, 0.005, before, after);
    }

    @Test
    void aPartialRecoveryFallsShortOfTheLevelBeforeTheDrop() {
        double[] x = steps(new int[] {20, 5, 5}, 1000, 800, 880);
        List<EDivisive.ChangePoint> found = List.of(at(20, 1000, 800), at(25, 800, 880));
        Levels levels = Levels.of(x, found);
        assertEquals(new Levels.Level(25, 30, 880), levels.newest());
        List<Levels.Shortfall> shortfalls = levels.shortfalls(detector, found.get(1));
        assertEquals(1, shortfalls.size(), shortfalls.toString());
        Levels.Shortfall s = shortfalls.get(0);
        assertEquals(new Levels.Level(0, 20, 1000), s.earlier());
        assertEquals(20, s.began());
        assertEquals(-0.12, s.relativeChange(), 1e-12);
        assertEquals(0.005, s.pValue(), 1e-12); // no permutation of 25 nights beats the true split: 1 / 200
        assertTrue(!s.adjacent());
    }

    @Test
    void aShortfallBeginsWhereTheSeriesLastWentBelowTheEarlierLevel() {
        // 1000, then a rise to 1200, then 900: below 1000 only since night 20, and 25 % below 1200 since then
        double[] x = steps(new int[] {10, 10, 10}, 1000, 1200, 900);
        List<EDivisive.ChangePoint> found = List.of(at(10, 1000, 1200), at(20, 1200, 900));
        List<Levels.Shortfall> shortfalls = Levels.of(x, found).shortfalls(detector, found.get(1));
        assertEquals(2, shortfalls.size(), shortfalls.toString());
        assertEquals(20, shortfalls.get(0).began());
        assertEquals(-0.10, shortfalls.get(0).relativeChange(), 1e-12);
        assertEquals(20, shortfalls.get(1).began());
        assertEquals(-0.25, shortfalls.get(1).relativeChange(), 1e-12);
        assertTrue(shortfalls.get(1).adjacent());

        // 1000, then 800, then 900: below 1000 since night 10, where the drop began
        double[] down = steps(new int[] {10, 10, 10}, 1000, 800, 900);
        List<EDivisive.ChangePoint> twice = List.of(at(10, 1000, 800), at(20, 800, 900));
        List<Levels.Shortfall> fromTen = Levels.of(down, twice).shortfalls(detector, twice.get(1));
        assertEquals(1, fromTen.size(), fromTen.toString());
        assertEquals(10, fromTen.get(0).began());
        assertEquals(-0.10, fromTen.get(0).relativeChange(), 1e-12);
    }

    @Test
    void aRecoveryWithinTheMagnitudeOrWithinNoiseFallsShortOfNothing() {
        double[] close = steps(new int[] {10, 10, 10}, 1000, 800, 990); // 1 % below: under the 2 % that counts
        List<EDivisive.ChangePoint> found = List.of(at(10, 1000, 800), at(20, 800, 990));
        assertEquals(List.of(), Levels.of(close, found).shortfalls(detector, found.get(1)));

        // 3 % below on average, but each level spreads ±6 %: not significant
        double[] noisy = {940, 1060, 940, 1060, 940, 1060, 940, 1060, 940, 1060, 800, 800, 800, 800, 800,
                910, 1030, 910, 1030, 970};
        List<EDivisive.ChangePoint> cut = List.of(at(10, 1000, 800), at(15, 800, 970));
        Levels levels = Levels.of(noisy, cut);
        assertEquals(-0.03, Levels.relative(levels.newest(), levels.earlier().get(0)), 1e-12);
        assertTrue(levels.pValue(detector, levels.earlier().get(0), levels.newest()) > 0.01);
        assertEquals(List.of(), levels.shortfalls(detector, cut.get(1)));
    }
}
