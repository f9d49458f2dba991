package dev.portbench.results.gate;

import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import dev.portbench.results.runs.SyntheticRun;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The expected numbers come from SciPy 1.17 ({@code scipy.stats.t.ppf(0.9995, df) / sqrt(n)}), searched n by n:
 * an implementation independent of Commons Math's. Each boundary below is checked on both sides there. A row's
 * tokens/s half-width R is taken to the latency's r = R / (1 + R), scaled by t over the root of the samples, and
 * back to r / (1 - r), as the rows' intervals are made.
 */
class ForksToDecideTest {

    @Test
    void aMeansHalfWidthPerStandardDeviationIsStudentsTOverTheRootOfItsSamples() {
        assertEquals(4.780912585931217 / Math.sqrt(10), ForksToDecide.halfWidthPerSd(10), 1e-9);
        assertEquals(3.5004428913674035 / Math.sqrt(50), ForksToDecide.halfWidthPerSd(50), 1e-9);
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> ForksToDecide.halfWidthPerSd(1));
        assertEquals("samples = 1; expected at least 2 for a spread", one.getMessage());
    }

    @Test
    void twoRunsOfOneSpeedPassA5PercentGateOnlyWithHalfWidthsUnderAbout2Point6Percent() {
        double h = ForksToDecide.passableHalfWidth(0.05);
        assertEquals(0.05 / 1.95, h, 1e-15);
        assertEquals(0.95, (1 - h) / (1 + h), 1e-15, "the ratio range's low end sits exactly on the floor");
    }

    @Test
    void forkMeansVaryingByTenPercentNeedFiftyForksForAFivePercentHalfWidth() {
        // 0.10 × t(48)/√49 = 0.050075 > 0.05; 0.10 × t(49)/√50 = 0.049504
        assertEquals(OptionalInt.of(50), ForksToDecide.forSpread(0.10, 0.05));
        // the 7 % seen here between nightly forks: 27 forks for 5 %, 87 for the 2.56 % a pass of one speed needs
        assertEquals(OptionalInt.of(27), ForksToDecide.forSpread(0.07, 0.05));
        assertEquals(OptionalInt.of(87), ForksToDecide.forSpread(0.07, ForksToDecide.passableHalfWidth(0.05)));
        assertEquals(OptionalInt.of(2), ForksToDecide.forSpread(0, 0.05), "no spread: the fewest forks that have one");
        assertEquals(OptionalInt.empty(), ForksToDecide.forSpread(0.10, 1e-5), "about 10⁹ forks: beyond the limit");
        assertEquals(OptionalInt.empty(), ForksToDecide.forSpread(0.01, 0), "a gate allowing no drop: never");
        assertThrows(IllegalArgumentException.class, () -> ForksToDecide.forSpread(Double.NaN, 0.05));
        assertThrows(IllegalArgumentException.class, () -> ForksToDecide.forSpread(0.1, -0.01));
    }

    /** Both runs 1000 ± 50 over ten fork means: the range's low end reaches 0.95 at 23 forks (0.95019; 22: 0.94871). */
    @Test
    void anUnchangedBuildAtFivePercentPerRunPassesWithTwentyThreeForks() {
        ResultRow a = row(1000, 50, 10, 4, "between-forks");
        assertEquals("about 23 forks in each run (10 and 10 now) would decide if the ratio and the spread the rows"
                + " measured stayed (--forks); longer iterations narrow an interval over fork means little",
                ForksToDecide.advice(a, a, 1.0, 0.95));
    }

    /** 900 ± 72 against 1000 ± 80 (8 % each): the range's high end falls below 1 at 16 (0.99975; 15: 1.00531). */
    @Test
    void aTenPercentDropIsShownWithSixteenForks() {
        assertEquals("about 16 forks in each run (10 and 10 now) would decide if the ratio and the spread the rows"
                + " measured stayed (--forks); longer iterations narrow an interval over fork means little",
                ForksToDecide.advice(row(1000, 80, 10, 4, "between-forks"), row(900, 72, 10, 4, "between-forks"),
                        0.9, 0.95));
    }

    /** Pooled rows count every iteration: 3 forks × 4 iterations at 6 % each need 10 forks (0.95028; 9: 0.94710). */
    @Test
    void pooledRowsCountEveryIterationMean() {
        ResultRow a = row(1000, 60, 3, 4, "pooled");
        assertEquals("about 10 forks in each run (3 and 3 now) would decide if the ratio and the spread the rows"
                + " measured stayed (--forks)", ForksToDecide.advice(a, a, 1.0, 0.95));
    }

    @Test
    void aRowWithoutAnIntervalOverForksGetsNoNumber() {
        ResultRow forks = row(1000, 50, 10, 4, "between-forks");
        String none = "measure longer (--iterations, --time, --forks); a row records no interval over forks"
                + " (interval_basis between-forks or pooled, with its forks and iterations), so how many would decide"
                + " cannot be said";
        assertEquals(none, ForksToDecide.advice(forks, row(1000, 50, 1, 10, "one-fork"), 1.0, 0.95));
        assertEquals(none, ForksToDecide.advice(SyntheticRun.okRow("d", "b", 1000, 50).build(), forks, 1.0, 0.95));
    }

    @Test
    void aRatioJustAboveTheFloorCannotBeDecidedByAnyNumberOfForks() {
        ResultRow a = row(1000, 50, 10, 4, "between-forks");
        assertEquals("even 10000 forks in each run (10 and 10 now) would not decide at the spread the rows measured:"
                + " measure on a quieter host (docs/nightly.md)",
                ForksToDecide.advice(a, row(950.1, 47.505, 10, 4, "between-forks"), 0.9501, 0.95));
    }

    private static ResultRow row(double tokensPerS, double error, int forks, int iterations, String basis) {
        return SyntheticRun.okRow("dense", "ort", tokensPerS, error).set(Column.FORKS, forks)
                .set(Column.ITERATIONS, iterations).set(Column.INTERVAL_BASIS, basis).build();
    }
}
