package dev.portbench.results;

import java.util.Arrays;

/**
 * Numeric drift of a candidate output {@code y} against the fp64 oracle's {@code r}, computed in fp64 (definitions in
 * docs/results-schema.md, "Drift columns"). Logit arrays are positions &times; vocab, row-major.
 *
 * <p>NaN in the candidate propagates into max_abs_err, rel_l2, cosine and kl rather than being skipped: a backend that
 * produces NaN must not look accurate. {@link Drift#compute} goes further: any NaN or infinity in either output makes
 * those four NaN (an infinity alone could give an infinite, or by cancellation a finite-looking, value), and a position
 * holding one never counts as agreeing on top-1. Empty or mismatched inputs are programming errors
 * (IllegalArgumentException).
 */
public final class DriftMetrics {

    private DriftMetrics() {
    }

    /** max_i |y_i − r_i|. */
    public static double maxAbsErr(double[] y, double[] r) {
        checkPair(y, r);
        double max = 0;
        for (int i = 0; i < y.length; i++) {
            max = Math.max(max, Math.abs(y[i] - r[i])); // Math.max keeps NaN
        }
        return max;
    }

    /** ‖y − r‖₂ / ‖r‖₂; 0 when both are all zero, NaN when only r is. */
    public static double relL2(double[] y, double[] r) {
        checkPair(y, r);
        double diff = 0;
        double ref = 0;
        for (int i = 0; i < y.length; i++) {
            double d = y[i] - r[i];
            diff += d * d;
            ref += r[i] * r[i];
        }
        if (ref == 0) {
            return diff == 0 ? 0 : Double.NaN;
        }
        return Math.sqrt(diff) / Math.sqrt(ref);
    }

    /** ⟨y, r⟩ / (‖y‖₂ ‖r‖₂), clamped to [−1, 1] against rounding; NaN when either vector is all zero. */
    public static double cosine(double[] y, double[] r) {
        checkPair(y, r);
        double dot = 0;
        double yy = 0;
        double rr = 0;
        for (int i = 0; i < y.length; i++) {
            dot += y[i] * r[i];
            yy += y[i] * y[i];
            rr += r[i] * r[i];
        }
        double cosine = dot / (Math.sqrt(yy) * Math.sqrt(rr));
        return Double.isNaN(cosine) ? cosine : Math.max(-1, Math.min(1, cosine));
    }

    /**
     * Mean over positions of KL(softmax(r) ‖ softmax(y)) in nats. Log-softmax subtracts the row maximum first, so
     * logits of any magnitude neither overflow nor lose the small probabilities. Rounding can make a row's sum a few
     * ulps below zero; the mean is clamped at 0 because KL is never negative.
     */
    public static double klMean(double[] y, double[] r, int vocab) {
        int positions = positions(y, r, vocab);
        double[] logP = new double[vocab];
        double[] logQ = new double[vocab];
        double total = 0;
        for (int row = 0; row < positions; row++) {
            logSoftmax(r, row * vocab, vocab, logP);
            logSoftmax(y, row * vocab, vocab, logQ);
            double kl = 0;
            for (int j = 0; j < vocab; j++) {
                double p = Math.exp(logP[j]);
                if (p > 0) { // 0 · log 0 = 0, even where q underflows too
                    kl += p * (logP[j] - logQ[j]);
                }
            }
            total += kl;
        }
        double mean = total / positions;
        return Double.isNaN(mean) ? mean : Math.max(0, mean);
    }

    /**
     * Share of positions whose argmax agrees; the first index wins ties. A position with a NaN or an infinity in either
     * output never agrees: its argmax means nothing (a NaN at index 0 would otherwise win every comparison it loses).
     */
    public static double top1Agreement(double[] y, double[] r, int vocab) {
        int positions = positions(y, r, vocab);
        int agree = 0;
        for (int row = 0; row < positions; row++) {
            int offset = row * vocab;
            if (allFinite(y, offset, vocab) && allFinite(r, offset, vocab)
                    && argmax(y, offset, vocab) == argmax(r, offset, vocab)) {
                agree++;
            }
        }
        return (double) agree / positions;
    }

    /**
     * Share of (layer, token) rows whose k chosen experts are the same set as the oracle's; order inside a row does not
     * matter. Arrays are rows &times; k, row-major.
     */
    public static double routingAgreement(long[] y, long[] r, int k) {
        if (y == null || r == null) {
            throw new IllegalArgumentException("routing arrays must not be null, got y=" + (y == null ? "null" : "array")
                    + ", r=" + (r == null ? "null" : "array"));
        }
        checkLengths(y.length, r.length);
        int rows = rows(y.length, k, "k");
        int agree = 0;
        for (int row = 0; row < rows; row++) {
            long[] ySet = Arrays.copyOfRange(y, row * k, row * k + k);
            long[] rSet = Arrays.copyOfRange(r, row * k, row * k + k);
            Arrays.sort(ySet);
            Arrays.sort(rSet);
            if (Arrays.equals(ySet, rSet)) {
                agree++;
            }
        }
        return (double) agree / rows;
    }

    /**
     * Per token: did every layer choose the same set of k experts as the reference? {@code y} and {@code r} hold one
     * array per layer, tokens &times; k row-major. A token whose router near-tie flipped goes to other experts and its
     * logits move by far more than rounding, so drift bounds are checked on the tokens routed alike.
     */
    public static boolean[] routedAlikePerToken(java.util.List<long[]> y, java.util.List<long[]> r, int k, int tokens) {
        if (y.size() != r.size()) {
            throw new IllegalArgumentException("candidate routes " + y.size() + " layers, oracle " + r.size()
                    + "; expected the same layers");
        }
        boolean[] alike = new boolean[tokens];
        Arrays.fill(alike, true);
        for (int l = 0; l < y.size(); l++) {
            checkLengths(y.get(l).length, r.get(l).length);
            rows(y.get(l).length, k, "k");
            for (int t = 0; t < tokens; t++) {
                long[] a = Arrays.copyOfRange(y.get(l), t * k, t * k + k);
                long[] b = Arrays.copyOfRange(r.get(l), t * k, t * k + k);
                Arrays.sort(a);
                Arrays.sort(b);
                alike[t] &= Arrays.equals(a, b);
            }
        }
        return alike;
    }

    /** The rows of {@code values} (rows &times; width, row-major) where {@code keep} is true, in order. */
    public static double[] keepRows(double[] values, boolean[] keep, int width) {
        return java.util.stream.IntStream.range(0, keep.length).filter(i -> keep[i])
                .flatMap(i -> java.util.stream.IntStream.range(i * width, i * width + width))
                .mapToDouble(i -> values[i]).toArray();
    }

    /**
     * Greedy decoding: the first step at which any sequence's token differs from the reference's, or {@code steps}
     * when none does. Tokens are [batch, steps] row-major.
     */
    public static int tokensToDivergence(long[] y, long[] r, int steps) {
        checkLengths(y.length, r.length);
        int batch = rows(y.length, steps, "steps");
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                if (y[b * steps + t] != r[b * steps + t]) {
                    return t;
                }
            }
        }
        return steps;
    }

    /** How many values of {@code x} are NaN or infinite. */
    public static long nonFinite(double[] x) {
        long count = 0;
        for (double v : x) {
            if (!Double.isFinite(v)) {
                count++;
            }
        }
        return count;
    }

    /** All drift columns of one cell. */
    public record Drift(double maxAbsErr, double relL2, double cosine, double kl, double top1Agreement,
                        double routingAgreement) {

        /**
         * Computes every metric; {@code yRouting} and {@code rRouting} are both null for dense models, which gives
         * routingAgreement = NaN (written as an empty cell).
         */
        /**
         * This drift with max_abs_err, rel_l2, cosine and kl NaN: for a cell whose other saved outputs (not the one
         * compared) were not finite, so no part of its evidence looks accurate.
         */
        public Drift withNonFiniteOutputs() {
            return new Drift(Double.NaN, Double.NaN, Double.NaN, Double.NaN, top1Agreement, routingAgreement);
        }

        public static Drift compute(double[] y, double[] r, int vocab, long[] yRouting, long[] rRouting, int k) {
            if ((yRouting == null) != (rRouting == null)) {
                throw new IllegalArgumentException("expected routing for both candidate and oracle or for neither, got "
                        + (yRouting == null ? "oracle only" : "candidate only"));
            }
            // Qualified: inside the record, the bare names are its accessors.
            double routing = yRouting == null ? Double.NaN : DriftMetrics.routingAgreement(yRouting, rRouting, k);
            if (nonFinite(y) > 0 || nonFinite(r) > 0) {
                return new Drift(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        DriftMetrics.top1Agreement(y, r, vocab), routing);
            }
            return new Drift(DriftMetrics.maxAbsErr(y, r), DriftMetrics.relL2(y, r), DriftMetrics.cosine(y, r),
                    DriftMetrics.klMean(y, r, vocab), DriftMetrics.top1Agreement(y, r, vocab), routing);
        }
    }

    private static void logSoftmax(double[] x, int offset, int length, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < length; j++) {
            max = Math.max(max, x[offset + j]);
        }
        double sum = 0;
        for (int j = 0; j < length; j++) {
            sum += Math.exp(x[offset + j] - max);
        }
        double logSum = Math.log(sum);
        for (int j = 0; j < length; j++) {
            out[j] = x[offset + j] - max - logSum;
        }
    }

    private static boolean allFinite(double[] x, int offset, int length) {
        for (int j = 0; j < length; j++) {
            if (!Double.isFinite(x[offset + j])) {
                return false;
            }
        }
        return true;
    }

    private static int argmax(double[] x, int offset, int length) {
        int best = 0;
        for (int j = 1; j < length; j++) {
            if (x[offset + j] > x[offset + best]) {
                best = j;
            }
        }
        return best;
    }

    private static void checkPair(double[] y, double[] r) {
        if (y == null || r == null) {
            throw new IllegalArgumentException("expected two arrays, got y=" + (y == null ? "null" : "array")
                    + ", r=" + (r == null ? "null" : "array"));
        }
        checkLengths(y.length, r.length);
        if (y.length == 0) {
            throw new IllegalArgumentException("expected at least one element, got empty arrays");
        }
    }

    private static void checkLengths(int yLength, int rLength) {
        if (yLength != rLength) {
            throw new IllegalArgumentException("candidate has " + yLength + " elements, oracle has " + rLength
                    + "; expected equal lengths");
        }
    }

    private static int positions(double[] y, double[] r, int vocab) {
        checkPair(y, r);
        return rows(y.length, vocab, "vocab");
    }

    private static int rows(int length, int width, String name) {
        if (width <= 0) {
            throw new IllegalArgumentException(name + " is " + width + "; expected a positive row width");
        }
        if (length % width != 0 || length == 0) {
            throw new IllegalArgumentException("length " + length + " is not a positive multiple of " + name + " = "
                    + width);
        }
        return length / width;
    }
}
