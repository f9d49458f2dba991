package dev.portbench.harness.measure;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Known answers: lag-1 autocorrelations from numpy, p-values of eight forks by enumerating all 40,320 orders
 * (itertools), of longer series from 200,000 random orders (numpy), quoted in the comments. The check draws
 * {@value ForkOrderCheck#PERMUTATIONS} orders, so its p-values agree to within about three and a half of their standard
 * errors, sqrt(p (1 − p) / 9,999).
 */
class ForkOrderCheckTest {
    /**
     * Recorded: dense-small prefill on onnxruntime-cpu (fp32), ms per call of each of 60 forks in the order they ran,
     * the nightly pair's second run on the 2-core development VM (2026-12-07). Forks 37 to 52 took 23 % less time per
     * call than the rest, on average.
     */
    static final double[] DENSE_SMALL_60_FORKS = {5.304, 5.449, 4.709, 5.272, 5.166, 4.957, 3.977, 4.902, 4.392, 4.412,
        4.655, 5.567, 5.606, 4.810, 4.776, 5.541, 4.968, 5.564, 4.886, 4.717, 5.463, 5.466, 4.856, 4.425, 4.407, 5.397,
        5.054, 4.982, 4.979, 5.417, 5.676, 4.911, 4.657, 4.482, 4.443, 4.564, 3.602, 3.657, 3.683, 3.771, 3.739, 3.725,
        3.675, 3.718, 4.383, 4.429, 5.026, 3.759, 3.324, 3.364, 3.331, 3.878, 5.205, 4.761, 5.258, 5.177, 5.230, 4.703,
        4.836, 4.721};
    /** Recorded: moe-small prefill's 33 forks of the same run, interleaved with the dense cell's first 33. */
    static final double[] MOE_SMALL_33_FORKS = {8.286, 7.141, 7.688, 7.180, 7.282, 7.080, 7.663, 6.846, 7.025, 6.314,
        7.039, 7.216, 7.930, 8.194, 6.909, 7.064, 6.937, 7.210, 7.992, 7.617, 8.270, 7.338, 7.814, 6.887, 6.987, 7.429,
        7.668, 7.732, 8.602, 7.853, 8.267, 6.510, 6.782};

    @Test
    void aHostWhoseSpeedMovedInPhasesOfMinutesIsNoted() {
        // lag-1 0.683658; none of 200,000 random orders reached it, so the check's smallest p, 1 / 10,000
        ForkOrderCheck.Verdict v = ForkOrderCheck.of(DENSE_SMALL_60_FORKS);
        assertEquals(0.683658, v.lag1(), 1e-6);
        assertEquals(1.0 / (ForkOrderCheck.PERMUTATIONS + 1), v.pValue(), 1e-12);
        assertEquals(Optional.of(false), v.independent());
        assertEquals(60, v.forks());
    }

    @Test
    void aWeakerResemblanceOfNeighboursIsNotNoted() {
        // lag-1 0.220347, p = 0.0690
        ForkOrderCheck.Verdict v = ForkOrderCheck.of(MOE_SMALL_33_FORKS);
        assertEquals(0.220347, v.lag1(), 1e-6);
        assertEquals(0.0690, v.pValue(), 0.009);
        assertEquals(Optional.of(true), v.independent());
    }

    @Test
    void eightForksAreJudgedAgainstEveryOrderOfTheirMeans() {
        // a steady climb: lag-1 0.625, p = 0.003323 (134 of 40,320 orders do as well)
        ForkOrderCheck.Verdict climb = ForkOrderCheck.of(new double[] {10, 11, 12, 13, 14, 15, 16, 17});
        assertEquals(0.625, climb.lag1(), 1e-12);
        assertEquals(0.003323, climb.pValue(), 0.002);
        assertEquals(Optional.of(false), climb.independent());
        // a noisy climb: lag-1 0.442195, p = 0.034970, not below 0.01
        ForkOrderCheck.Verdict noisy = ForkOrderCheck.of(new double[] {10.2, 10.4, 10.1, 10.6, 10.9, 10.7, 11.0, 10.8});
        assertEquals(0.442195, noisy.lag1(), 1e-6);
        assertEquals(0.034970, noisy.pValue(), 0.007);
        assertEquals(Optional.of(true), noisy.independent());
        // forks that alternate have the smallest lag-1 of any order of their means (-0.875): every order does as well
        ForkOrderCheck.Verdict alternating = ForkOrderCheck.of(new double[] {1, 2, 1, 2, 1, 2, 1, 2});
        assertEquals(-0.875, alternating.lag1(), 1e-12);
        assertEquals(1.0, alternating.pValue(), 1e-12);
    }

    @Test
    void tooFewForksOrMeansThatDoNotVaryOrAreNotFiniteAreNotJudged() {
        ForkOrderCheck.Verdict seven = ForkOrderCheck.of(new double[] {1, 2, 3, 4, 5, 6, 7});
        assertEquals(Optional.empty(), seven.independent());
        assertNull(seven.lag1());
        assertNull(seven.pValue());
        assertEquals(Optional.empty(), ForkOrderCheck.of(new double[] {3, 3, 3, 3, 3, 3, 3, 3}).independent());
        double[] equalButInexact = new double[10]; // 0.1 has no exact binary form: their sum is rounded
        java.util.Arrays.fill(equalButInexact, 0.1);
        assertEquals(Optional.empty(), ForkOrderCheck.of(equalButInexact).independent());
        assertEquals(Optional.empty(), ForkOrderCheck.of(new double[] {1, 2, 3, 4, Double.NaN, 6, 7, 8}).independent());
    }

    @Test
    void forkMeansAreTakenInOrderFromTheForksThatMeasuredAnything() {
        double[] means = ForkOrderCheck.forkMeans(new double[][] {{1, 3}, {}, {5}, {2, 4, 6}});
        assertEquals(3, means.length);
        assertEquals(2.0, means[0], 1e-12);
        assertEquals(5.0, means[1], 1e-12);
        assertEquals(4.0, means[2], 1e-12);
    }

    @Test
    void theNoteSaysHowMuchTheForksFollowedTheirOrderAndWhatThatMeansForTheInterval() {
        assertEquals("the host's speed drifted over the run: the fork means follow the order the forks ran in (lag-1"
                + " autocorrelation 0.68 over 60 forks; p = 0.0001 that forks in a random order would do so as much),"
                + " and the interval, which takes the forks as independent, is likely too narrow",
                ForkOrderCheck.note(0.683658, 0.0001, 60));
        assertEquals("", ForkOrderCheck.note(0.22, 0.069, 33), "p at or above 0.01 says nothing");
        assertEquals("", ForkOrderCheck.note(null, null, 5), "forks too few to judge say nothing");
        assertTrue(ForkOrderCheck.note(0.9, 0.001, null).contains("(lag-1 autocorrelation 0.90; p = 0.0010"));
    }
}
