package dev.portbench.harness.measure;

import dev.portbench.results.MeasurementCaveats;

import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Whether the fork means follow the order the forks ran in, i.e. the host's speed drifted over the run. The interval
 * of {@link NestedInterval} takes the forks as independent draws; where neighbouring forks resemble each other more
 * than forks in a random order would, it is too narrow. The statistic is the fork means' lag-1 autocorrelation in
 * run order; its p-value is the share of {@value #PERMUTATIONS} random orders of the same means whose lag-1
 * autocorrelation is at least as large (a permutation test: exact for independent forks whatever their distribution,
 * and reproducible, its random orders drawn from a fixed seed).
 *
 * <p>On the 2-core development VM the nightly small pair's fork means, 26 to 60 forks a cell in four runs, had lag-1
 * autocorrelations of 0.22 to 0.68, six of eight below {@link #ALPHA}: there the host's speed moves in phases of
 * minutes, longer than one round of forks.
 */
public final class ForkOrderCheck {
    /** Fewer forks cannot show a drift against the random orders of their own means. */
    public static final int MIN_FORKS = 8;
    /** On a host whose forks are independent, about one row in a hundred is noted by chance. */
    public static final double ALPHA = 0.01;
    static final int PERMUTATIONS = 9_999;
    private static final long SEED = 0x5eed_f04cL;

    private ForkOrderCheck() {
    }

    /**
     * The verdict: {@code independent} is empty where the forks could not be judged (fewer than {@link #MIN_FORKS},
     * a mean that is not finite, or means that do not vary); then {@code lag1} and {@code pValue} are null.
     */
    public record Verdict(Optional<Boolean> independent, Double lag1, Double pValue, int forks) {
        static Verdict notJudged(int forks) {
            return new Verdict(Optional.empty(), null, null, forks);
        }
    }

    /** @param forkMeans each fork's mean, in the order the forks ran */
    public static Verdict of(double[] forkMeans) {
        int n = forkMeans.length;
        if (n < MIN_FORKS) {
            return Verdict.notJudged(n);
        }
        double sum = 0;
        for (double v : forkMeans) {
            if (!Double.isFinite(v)) {
                return Verdict.notJudged(n);
            }
            sum += v;
        }
        double mean = sum / n;
        double[] centred = new double[n];
        double squares = 0;
        for (int i = 0; i < n; i++) {
            centred[i] = forkMeans[i] - mean;
            squares += centred[i] * centred[i];
        }
        if (!(squares > 1e-20 * n * mean * mean)) { // equal means, but for the rounding of their sum
            return Verdict.notJudged(n);
        }
        // the sum of squares is the same in every order, so orders compare by the lag-1 sum of products alone
        double observed = lagOneProducts(centred);
        double tolerance = 1e-12 * squares;
        double[] shuffled = centred.clone();
        SplittableRandom random = new SplittableRandom(SEED);
        int asLarge = 0;
        for (int p = 0; p < PERMUTATIONS; p++) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                double swap = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = swap;
            }
            if (lagOneProducts(shuffled) >= observed - tolerance) {
                asLarge++;
            }
        }
        double pValue = (asLarge + 1.0) / (PERMUTATIONS + 1.0);
        return new Verdict(Optional.of(!(pValue < ALPHA)), observed / squares, pValue, n);
    }

    /** The means of the forks that measured anything, in order. */
    public static double[] forkMeans(double[][] iterationMeans) {
        return java.util.Arrays.stream(iterationMeans).filter(f -> f.length > 0).mapToDouble(NestedInterval::mean)
                .toArray();
    }

    /** What a row's reason says where the forks drifted; empty otherwise. */
    public static String note(Double lag1, Double pValue, Integer forks) {
        if (lag1 == null || pValue == null || !(pValue < ALPHA)) {
            return "";
        }
        return String.format(Locale.ROOT, MeasurementCaveats.HOST_DRIFTED + ": the fork means follow the order"
                + " the forks ran in (lag-1 autocorrelation %.2f%s; p = %.4f that forks in a random order would do so"
                + " as much), and the interval, which takes the forks as independent, is likely too narrow", lag1,
                forks == null ? "" : " over " + forks + " forks", pValue);
    }

    private static double lagOneProducts(double[] centred) {
        double s = 0;
        for (int i = 1; i < centred.length; i++) {
            s += centred[i - 1] * centred[i];
        }
        return s;
    }
}
