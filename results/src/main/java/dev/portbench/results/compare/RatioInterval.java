package dev.portbench.results.compare;

/**
 * The ratio candidate / baseline of two {@link Estimate}s with the range it can take while both values lie inside
 * their intervals: {@code low = (b - eb) / (a + ea)}, {@code high = (b + eb) / (a - ea)} (infinite when
 * {@code a - ea <= 0}), {@code low} clamped at 0. With 99.9% intervals on each side, the ratio lies in the range
 * with at least 99.8% confidence, and the range is wide exactly when either measurement was noisy, which is what keeps
 * honest reruns from being called regressions. {@code low} and {@code high} are NaN when either error is missing.
 */
public record RatioInterval(double ratio, double low, double high) {

    public static RatioInterval of(Estimate candidate, Estimate baseline) {
        double a = baseline.value();
        double b = candidate.value();
        if (a == 0) {
            return new RatioInterval(Double.NaN, Double.NaN, Double.NaN);
        }
        double ratio = b / a;
        if (!candidate.hasError() || !baseline.hasError()) {
            return new RatioInterval(ratio, Double.NaN, Double.NaN);
        }
        double low = Math.max(0, (b - candidate.error()) / (a + baseline.error()));
        double denominator = a - baseline.error();
        double high = denominator > 0 ? (b + candidate.error()) / denominator : Double.POSITIVE_INFINITY;
        return new RatioInterval(ratio, low, high);
    }

    /** A ratio with no interval, for values recorded without an error (memory, percentiles). */
    public static RatioInterval plain(double candidate, double baseline) {
        return new RatioInterval(baseline == 0 ? Double.NaN : candidate / baseline, Double.NaN, Double.NaN);
    }

    public boolean hasRatio() {
        return Double.isFinite(ratio);
    }

    public boolean hasInterval() {
        return !Double.isNaN(low) && !Double.isNaN(high);
    }

    /** The interval lies wholly below 1: the candidate's value is significantly smaller. */
    public boolean significantlyBelowOne() {
        return hasInterval() && high < 1;
    }

    /** The interval lies wholly above 1: the candidate's value is significantly larger. */
    public boolean significantlyAboveOne() {
        return hasInterval() && low > 1;
    }
}
