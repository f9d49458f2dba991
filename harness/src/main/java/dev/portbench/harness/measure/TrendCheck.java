package dev.portbench.harness.measure;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether measured iterations still trend, i.e. the measurement was not steady: in each fork, the median of the second
 * half of its iteration means against the median of the first half. Medians keep one noisy iteration from deciding.
 * A fork of fewer than {@value #MIN_ITERATIONS} iterations cannot be judged.
 */
public final class TrendCheck {
    public static final int MIN_ITERATIONS = 4;
    /** A drift larger than the gate's default throughput budget (5%) makes the row's number a moving target. */
    public static final double TOLERANCE = 0.05;

    private TrendCheck() {
    }

    /** The verdict: {@code steady} is empty when no fork had enough iterations to judge. */
    public record Verdict(Optional<Boolean> steady, String reason) {
    }

    public static Verdict of(double[][] iterationMeans) {
        boolean judged = false;
        double worst = 0;
        int worstFork = -1;
        for (int f = 0; f < iterationMeans.length; f++) {
            double[] fork = iterationMeans[f];
            if (fork.length < MIN_ITERATIONS) {
                continue;
            }
            judged = true;
            double change = halvesChange(fork);
            if (Math.abs(change) > Math.abs(worst)) {
                worst = change;
                worstFork = f;
            }
        }
        if (!judged) {
            return new Verdict(Optional.empty(), "");
        }
        if (Math.abs(worst) <= TOLERANCE) {
            return new Verdict(Optional.of(true), "");
        }
        return new Verdict(Optional.of(false), String.format(Locale.ROOT, "not steady: fork %d's measured iterations"
                + " trend by %+.1f%% (second half's median against the first half's; tolerance %.0f%%)",
                worstFork + 1, 100 * worst, 100 * TOLERANCE));
    }

    /** (median of the second half − median of the first half) / median of the first half; the middle one is left out. */
    static double halvesChange(double[] series) {
        int half = series.length / 2;
        double first = median(Arrays.copyOfRange(series, 0, half));
        double second = median(Arrays.copyOfRange(series, series.length - half, series.length));
        return (second - first) / first;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
