package dev.portbench.results.gate;

import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import org.apache.commons.math3.distribution.TDistribution;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntPredicate;

/**
 * How many forks would let an inconclusive throughput check decide, if the ratio and the spread the two rows measured
 * stayed as they are. A row's 99.9 % half-width is Student's t over the square root of its samples, times their
 * standard deviation. The samples are the fork means where the interval is {@code between-forks}: more forks are more
 * samples, and longer or more iterations do not narrow it. They are every iteration mean where it is {@code pooled}
 * (forks × iterations samples). An interval over one fork's iterations ({@code one-fork}) says nothing of the spread
 * between JVMs, so no number is given for it.
 */
public final class ForksToDecide {
    /** Beyond this many forks the answer is "not on this host", not a number. */
    static final int LIMIT = 10_000;
    /** The confidence of every {@code *_error} column. */
    static final double CONFIDENCE = 0.999;

    private ForksToDecide() {
    }

    /**
     * Student's two-sided {@value #CONFIDENCE} quantile on {@code samples - 1} degrees of freedom over
     * √{@code samples}: a mean's half-width per standard deviation of its samples.
     */
    public static double halfWidthPerSd(int samples) {
        if (samples < 2) {
            throw new IllegalArgumentException("samples = " + samples + "; expected at least 2 for a spread");
        }
        double t = new TDistribution(null, samples - 1).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
        return t / Math.sqrt(samples);
    }

    /**
     * The largest half-width, as a fraction of the mean, that two runs of one speed may each have and still pass a
     * gate allowing {@code maxDrop}: the ratio's range starts at {@code (1 - h) / (1 + h)}, which must reach
     * {@code 1 - maxDrop}.
     */
    public static double passableHalfWidth(double maxDrop) {
        return maxDrop / (2 - maxDrop);
    }

    /**
     * The fewest forks whose means, varying with coefficient of variation {@code cv}, give a half-width of at most
     * {@code halfWidth} of the mean; empty beyond {@value #LIMIT} (a width of 0, which a gate allowing no drop asks
     * of two runs of one speed, only a spread of 0 reaches).
     */
    public static OptionalInt forSpread(double cv, double halfWidth) {
        if (!(cv >= 0) || !(halfWidth >= 0)) {
            throw new IllegalArgumentException("cv = " + cv + ", half-width = " + halfWidth
                    + "; expected a spread and a width of at least 0");
        }
        return fewest(n -> cv * halfWidthPerSd(n) <= halfWidth);
    }

    /**
     * A latency's relative half-width {@code r}, measured over {@code forks} forks, at {@code n} forks of the same
     * spread: scaled by Student's t over the square root of the samples, which are the fork means of a
     * {@code between-forks} interval and every iteration mean of a {@code pooled} one; infinite below two samples.
     */
    public static double latencyRelativeAt(double r, int forks, int n, int iterations, boolean pooled) {
        long then = pooled ? (long) n * iterations : n;
        if (then < 2) {
            return Double.POSITIVE_INFINITY;
        }
        long now = pooled ? (long) forks * iterations : forks;
        return r * halfWidthPerSd((int) Math.min(then, Integer.MAX_VALUE))
                / halfWidthPerSd((int) Math.min(now, Integer.MAX_VALUE));
    }

    /** The smallest n in [2, LIMIT] for which {@code decides} holds, which holds for every larger n too. */
    private static OptionalInt fewest(IntPredicate decides) {
        return fewest(2, LIMIT, decides);
    }

    /** The smallest n in [from, to] for which {@code decides} holds, which holds for every larger n too; or empty. */
    public static OptionalInt fewest(int from, int to, IntPredicate decides) {
        if (!decides.test(to)) {
            return OptionalInt.empty();
        }
        int low = from;
        int high = to;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (decides.test(mid)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return OptionalInt.of(low);
    }

    /**
     * What the inconclusive message of a throughput check adds: how many forks in each run would decide it, or why
     * that cannot be said.
     *
     * @param floor {@code 1 - max_drop}
     */
    static String advice(ResultRow baseline, ResultRow candidate, double ratio, double floor) {
        Optional<Spread> a = Spread.of(baseline);
        Optional<Spread> b = Spread.of(candidate);
        String generic = "measure longer (--iterations, --time, --forks)";
        if (a.isEmpty() || b.isEmpty()) {
            return generic + "; a row records no interval over forks (interval_basis between-forks or pooled, with its"
                    + " forks and iterations), so how many would decide cannot be said";
        }
        if (ratio == floor) {
            return generic;
        }
        IntPredicate decides = ratio > floor
                // a pass: the range's low end (b - eb) / (a + ea) reaches the floor
                ? n -> ratio * (1 - b.get().relativeErrorAt(n)) / (1 + a.get().relativeErrorAt(n)) >= floor
                // a failure: the range's high end (b + eb) / (a - ea) falls below 1
                : n -> a.get().relativeErrorAt(n) < 1
                        && ratio * (1 + b.get().relativeErrorAt(n)) / (1 - a.get().relativeErrorAt(n)) < 1;
        OptionalInt forks = fewest(decides);
        String now = String.format(Locale.ROOT, "%d and %d now", a.get().forks(), b.get().forks());
        if (forks.isEmpty()) {
            return String.format(Locale.ROOT, "even %d forks in each run (%s) would not decide at the spread the"
                    + " rows measured: measure on a quieter host (docs/nightly.md)", LIMIT, now);
        }
        String longer = a.get().pooled() && b.get().pooled() ? ""
                : "; longer iterations narrow an interval over fork means little";
        return String.format(Locale.ROOT, "about %d forks in each run (%s) would decide if the ratio and the spread"
                + " the rows measured stayed (--forks)%s", forks.getAsInt(), now, longer);
    }

    /**
     * A row's spread and how its tokens/s half-width scales with the number of forks. The interval is made on the
     * latency: tokens/s's relative half-width {@code R} is {@code r / (1 - r)} of the latency's {@code r}, so it is
     * taken back to {@code r}, scaled, and converted again.
     */
    private record Spread(double latencyRelativeError, int forks, int iterations, boolean pooled) {

        static Optional<Spread> of(ResultRow row) {
            double value = row.decimal(Column.TOKENS_PER_S).orElse(Double.NaN);
            double error = row.decimal(Column.TOKENS_PER_S_ERROR).orElse(Double.NaN);
            long forks = row.integer(Column.FORKS).orElse(0);
            long iterations = row.integer(Column.ITERATIONS).orElse(0);
            String basis = row.text(Column.INTERVAL_BASIS);
            boolean pooled = basis.equals("pooled");
            if (!(value > 0) || !(error >= 0) || !(pooled || basis.equals("between-forks")) || forks < 1
                    || forks > LIMIT || iterations < 1 || iterations > Integer.MAX_VALUE / LIMIT
                    || samples(forks, iterations, pooled) < 2) {
                return Optional.empty();
            }
            double tokensRelative = error / value;
            return Optional.of(new Spread(tokensRelative / (1 + tokensRelative), (int) forks, (int) iterations,
                    pooled));
        }

        private static long samples(long forks, long iterations, boolean pooled) {
            return pooled ? forks * iterations : forks;
        }

        /** Tokens/s's relative half-width with {@code n} forks of the same spread; infinite where it has none. */
        double relativeErrorAt(int n) {
            double r = latencyRelativeAt(latencyRelativeError, forks, n, iterations, pooled);
            return r >= 1 ? Double.POSITIVE_INFINITY : r / (1 - r);
        }
    }
}
