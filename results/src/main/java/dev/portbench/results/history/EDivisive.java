package dev.portbench.results.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Change points in one benchmark series by E-divisive means (Matteson and James, "A Nonparametric Approach for
 * Multiple Change Point Analysis of Multivariate Data", JASA 109(505), 2014), as MongoDB's performance CI applies it
 * to nightly results (Daniel et al., "Change Point Detection in Software Performance Testing", ICPE 2020) and Apache
 * Otava (formerly Hunter) after it.
 *
 * <p>For a segment x[0..n) and a split τ, with left X = x[0..τ) of m points and right Y = x[τ..n) of k points, the
 * divergence of their distributions is the energy statistic (α = 1)
 * <pre>
 *   Q(τ) = m·k/(m + k) · ( 2/(m·k) Σ|X_i − Y_j| − 1/C(m,2) Σ_{i&lt;l}|X_i − X_l| − 1/C(k,2) Σ_{j&lt;l}|Y_j − Y_l| )
 * </pre>
 * The best split maximises Q; it is significant when at most a share {@code pValue} of random permutations of the
 * segment reach its Q (p = (beating + 1)/(permutations + 1)). Significant splits are found one at a time, the
 * strongest first, each splitting its segment in two, until none is left (hierarchical bisection). A change point
 * must also move the mean by at least {@code minMagnitude} (relative to the mean before it, the levels of smaller
 * moves merged), and every segment must keep {@code minPoints} points, so a single outlier night cannot make one. The
 * permutations come from a fixed seed: the same series always gives the same answer.
 */
public final class EDivisive {
    private final int minPoints;
    private final double pValue;
    private final int permutations;
    private final double minMagnitude;

    /**
     * @param minPoints    the fewest points on either side of a change point (at least 2)
     * @param pValue       the largest permutation p-value that counts as significant, in (0, 1)
     * @param permutations random permutations per test; p can be no smaller than 1 / (permutations + 1)
     * @param minMagnitude the smallest relative change of the mean that counts, |after − before| / |before|
     */
    public EDivisive(int minPoints, double pValue, int permutations, double minMagnitude) {
        if (minPoints < 2) {
            throw new IllegalArgumentException("minPoints = " + minPoints + "; expected at least 2");
        }
        if (!(pValue > 0 && pValue < 1)) {
            throw new IllegalArgumentException("pValue = " + pValue + "; expected 0 < p < 1");
        }
        if (permutations < 1 || 1.0 / (permutations + 1) > pValue) {
            throw new IllegalArgumentException("permutations = " + permutations + " cannot reach p = " + pValue
                    + "; expected at least " + (int) Math.ceil(1 / pValue - 1));
        }
        if (!(minMagnitude >= 0)) {
            throw new IllegalArgumentException("minMagnitude = " + minMagnitude + "; expected 0 or more");
        }
        this.minPoints = minPoints;
        this.pValue = pValue;
        this.permutations = permutations;
        this.minMagnitude = minMagnitude;
    }

    /** The fewest points on either side of a change point. */
    public int minPoints() {
        return minPoints;
    }

    /** The largest permutation p-value that counts as significant. */
    public double maxPValue() {
        return pValue;
    }

    /** The smallest relative change of the mean that counts. */
    public double minMagnitude() {
        return minMagnitude;
    }

    /** portbench's defaults: 5 points a side, p ≤ 0.01 over 199 permutations, a change of at least 2 %. */
    public static EDivisive defaults() {
        return new EDivisive(5, 0.01, 199, 0.02);
    }

    /**
     * A change point: the series changes between {@code index − 1} and {@code index}.
     *
     * @param meanBefore the mean of the segment before it, {@code meanAfter} of the one after
     */
    public record ChangePoint(int index, double pValue, double meanBefore, double meanAfter) {
        /** (after − before) / |before|. */
        public double relativeChange() {
            return (meanAfter - meanBefore) / Math.abs(meanBefore);
        }
    }

    /** The change points of {@code series}, in index order. */
    public List<ChangePoint> find(double[] series) {
        for (double v : series) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("series holds " + v + "; expected finite values");
            }
        }
        List<Integer> cuts = new ArrayList<>(List.of(0, series.length));
        List<Double> pValues = new ArrayList<>();
        List<Integer> found = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(0x5EEDL);
        while (true) {
            Split best = null;
            for (int s = 0; s + 1 < cuts.size(); s++) {
                Split split = bestSplit(series, cuts.get(s), cuts.get(s + 1));
                if (split != null && (best == null || split.q() > best.q())) {
                    best = split;
                }
            }
            if (best == null) {
                break;
            }
            double p = permutationPValue(series, best, random);
            if (p > pValue) {
                break;
            }
            found.add(best.index());
            pValues.add(p);
            cuts.add(best.index());
            Collections.sort(cuts);
        }
        return magnitudeFiltered(series, found, pValues);
    }

    /**
     * p of Q between two given samples, the split between them fixed (not searched for): the share of random
     * permutations of their union, split at the same place, that reach their Q. Two levels that are not neighbours in
     * a series are tested this way; the fixed seed keeps the answer the same for the same samples.
     */
    public double pValue(double[] before, double[] after) {
        if (before.length < 2 || after.length < 2) {
            throw new IllegalArgumentException(before.length + " and " + after.length + " points; expected at least 2"
                    + " a side");
        }
        double[] union = new double[before.length + after.length];
        System.arraycopy(before, 0, union, 0, before.length);
        System.arraycopy(after, 0, union, before.length, after.length);
        int tau = before.length;
        double q = statistics(union, 0, union.length)[tau];
        SplittableRandom random = new SplittableRandom(0x5EEDL);
        int beating = 0;
        for (int r = 0; r < permutations; r++) {
            shuffle(union, random);
            if (statistics(union, 0, union.length)[tau] >= q) {
                beating++;
            }
        }
        return (beating + 1.0) / (permutations + 1.0);
    }

    /** The strongest split of x[from..to), or null where the segment cannot keep minPoints on both sides. */
    private record Split(int from, int to, int index, double q) {
    }

    private Split bestSplit(double[] x, int from, int to) {
        if (to - from < 2 * minPoints) {
            return null;
        }
        double[] q = statistics(x, from, to);
        int best = -1;
        for (int tau = minPoints; tau <= to - from - minPoints; tau++) {
            if (best < 0 || q[tau] > q[best]) {
                best = tau;
            }
        }
        return new Split(from, to, from + best, q[best]);
    }

    /**
     * Q(τ) of x[from..to) for every τ, in O(n²): within-left sums grow by one column a step, within-right sums come
     * from the right, and the cross sum is what the whole's pairwise sum leaves.
     */
    private static double[] statistics(double[] x, int from, int to) {
        int n = to - from;
        double[] left = new double[n + 1]; // Σ over pairs inside x[from..from+τ)
        for (int tau = 1; tau <= n; tau++) {
            double add = 0;
            for (int i = 0; i < tau - 1; i++) {
                add += Math.abs(x[from + i] - x[from + tau - 1]);
            }
            left[tau] = left[tau - 1] + add;
        }
        double[] right = new double[n + 1]; // Σ over pairs inside x[from+τ..to)
        for (int tau = n - 1; tau >= 0; tau--) {
            double add = 0;
            for (int j = tau + 1; j < n; j++) {
                add += Math.abs(x[from + tau] - x[from + j]);
            }
            right[tau] = right[tau + 1] + add;
        }
        double total = left[n];
        double[] q = new double[n + 1];
        for (int tau = 2; tau <= n - 2; tau++) {
            double m = tau;
            double k = n - tau;
            double cross = total - left[tau] - right[tau];
            double energy = 2 * cross / (m * k) - left[tau] / (m * (m - 1) / 2) - right[tau] / (k * (k - 1) / 2);
            q[tau] = m * k / (m + k) * energy;
        }
        return q;
    }

    /** p of the split's Q among the best splits of random permutations of its segment. */
    private double permutationPValue(double[] x, Split split, SplittableRandom random) {
        double[] segment = java.util.Arrays.copyOfRange(x, split.from(), split.to());
        int beating = 0;
        for (int r = 0; r < permutations; r++) {
            shuffle(segment, random);
            Split permuted = bestSplit(segment, 0, segment.length);
            if (permuted.q() >= split.q()) {
                beating++;
            }
        }
        return (beating + 1.0) / (permutations + 1.0);
    }

    private static void shuffle(double[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * The significant splits that move the mean by minMagnitude or more, each measured between its neighbours among
     * the splits kept. The smallest move below minMagnitude goes first and its neighbours' levels merge before the
     * rest are measured again: a drop in two steps of 1.5 % each is one change of 3 % against the merged levels, not
     * two changes too small to count, and no change point quotes a mean of a level that was merged away.
     */
    private List<ChangePoint> magnitudeFiltered(double[] x, List<Integer> found, List<Double> pValues) {
        List<Integer> kept = new ArrayList<>(found);
        Collections.sort(kept);
        while (true) {
            List<ChangePoint> points = new ArrayList<>();
            int weakest = -1;
            for (int i = 0; i < kept.size(); i++) {
                int cut = kept.get(i);
                int start = i == 0 ? 0 : kept.get(i - 1);
                int end = i + 1 < kept.size() ? kept.get(i + 1) : x.length;
                ChangePoint cp = new ChangePoint(cut, pValues.get(found.indexOf(cut)), mean(x, start, cut),
                        mean(x, cut, end));
                points.add(cp);
                double move = Math.abs(cp.relativeChange());
                if (move < minMagnitude
                        && (weakest < 0 || move < Math.abs(points.get(weakest).relativeChange()))) {
                    weakest = i;
                }
            }
            if (weakest < 0) {
                return points;
            }
            kept.remove(weakest);
        }
    }

    private static double mean(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i];
        }
        return s / (to - from);
    }
}
