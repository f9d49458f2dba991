package dev.portbench.harness.measure;

import org.apache.commons.math3.distribution.TDistribution;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether measured iterations still trend, i.e. the measurement was not steady. The iteration means of every fork,
 * each centred on its own fork's mean (forks differ by a constant, which is not a trend), are regressed on the
 * iteration's index; the row trends when the fitted change over the measurement, slope × (n − 1) relative to the
 * grand mean, exceeds {@link #TOLERANCE} and the slope differs from zero at significance {@link #ALPHA} (Student t
 * with N − forks − 1 degrees of freedom). Both are needed: a 5% drift the noise cannot show is not claimed, nor is a
 * significant 0.5% creep worth a warning. Forks of fewer than {@value #MIN_ITERATIONS} iterations cannot be judged.
 */
public final class TrendCheck {
    public static final int MIN_ITERATIONS = 4;
    /** A drift larger than the gate's default throughput budget (5%) makes the row's number a moving target. */
    public static final double TOLERANCE = 0.05;
    /**
     * At most about one steady row in twenty is flagged by chance (independent iteration noise), fewer where the noise
     * is too small to fake a 5% change; strict enough that five iterations still show a fork whose first three
     * seconds ran three times slower (17.2, 17.9, 14.6, 5.6, 5.5 ms: t = −3.97 on 3 degrees of freedom, p = 0.03). One
     * slow first iteration of five is no straight-line trend (30, 10, 10, 10, 10: p = 0.18) and is not flagged: the
     * warm-up is what keeps it out.
     */
    public static final double ALPHA = 0.05;

    private TrendCheck() {
    }

    /** The verdict: {@code steady} is empty when the forks had too few iterations to judge. */
    public record Verdict(Optional<Boolean> steady, String reason) {
    }

    public static Verdict of(double[][] iterationMeans) {
        double sxy = 0;
        double sxx = 0;
        double sum = 0;
        int total = 0;
        int forks = 0;
        int longest = 0;
        for (double[] fork : iterationMeans) {
            if (fork.length < MIN_ITERATIONS) {
                continue;
            }
            forks++;
            longest = Math.max(longest, fork.length);
            double xMean = (fork.length - 1) / 2.0;
            double yMean = NestedInterval.mean(fork);
            for (int i = 0; i < fork.length; i++) {
                sxy += (i - xMean) * (fork[i] - yMean);
                sxx += (i - xMean) * (i - xMean);
                sum += fork[i];
                total++;
            }
        }
        if (forks == 0) {
            return new Verdict(Optional.empty(), "");
        }
        double slope = sxy / sxx;
        double residual = 0;
        for (double[] fork : iterationMeans) {
            if (fork.length < MIN_ITERATIONS) {
                continue;
            }
            double xMean = (fork.length - 1) / 2.0;
            double yMean = NestedInterval.mean(fork);
            for (int i = 0; i < fork.length; i++) {
                double e = fork[i] - yMean - slope * (i - xMean);
                residual += e * e;
            }
        }
        int df = total - forks - 1;
        double change = slope * (longest - 1) / (sum / total);
        double p = pValue(slope, residual, sxx, df);
        if (Math.abs(change) <= TOLERANCE || !(p < ALPHA)) {
            return new Verdict(Optional.of(true), "");
        }
        return new Verdict(Optional.of(false), String.format(Locale.ROOT, "not steady: the measured iterations trend"
                + " by %+.1f%% over %d iterations (slope p = %.2g; tolerance %.0f%% at p < %.2g)", 100 * change,
                longest, p, 100 * TOLERANCE, ALPHA));
    }

    /** Two-sided p-value of the slope's t statistic; 0 for a perfect fit with a slope, 1 for none. */
    static double pValue(double slope, double residualSs, double sxx, int df) {
        if (df < 1) {
            return 1;
        }
        double se = Math.sqrt(residualSs / df / sxx);
        if (se == 0) {
            return slope == 0 ? 1 : 0;
        }
        double t = Math.abs(slope / se);
        return 2 * (1 - new TDistribution(null, df).cumulativeProbability(t));
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
