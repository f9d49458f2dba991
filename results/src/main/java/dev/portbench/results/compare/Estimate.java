package dev.portbench.results.compare;

import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A measured value and the half-width of its confidence interval as results.csv records them (JMH's score error,
 * the 99.9% interval). {@code error} is NaN when the run recorded none, e.g. a single measurement iteration.
 */
public record Estimate(double value, double error) {

    public Estimate {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("estimate value must be finite, got " + value);
        }
        if (error < 0) {
            throw new IllegalArgumentException("estimate error must be >= 0, got " + error);
        }
    }

    public boolean hasError() {
        return Double.isFinite(error);
    }

    /** The row's {@code value} with its {@code error} column; empty when the value is not measured. */
    public static Optional<Estimate> of(ResultRow row, Column value, Column error) {
        OptionalDouble v = row.decimal(value);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Estimate(v.getAsDouble(), row.decimal(error).orElse(Double.NaN)));
    }

    /**
     * {@code latency_mean_ms} with the half-width of its interval, which results.csv keeps only as carried to tokens/s:
     * {@code tokens_per_s_error} is tokens ÷ (L − e) − tokens ÷ L for a latency L ± e and tokens/s T = tokens ÷ L,
     * so e = L × error ÷ (T + error) exactly. Empty when the latency is not measured; no error when none was recorded.
     */
    public static Optional<Estimate> forwardLatency(ResultRow row) {
        OptionalDouble latency = row.decimal(Column.LATENCY_MEAN_MS);
        if (latency.isEmpty()) {
            return Optional.empty();
        }
        double l = latency.getAsDouble();
        OptionalDouble tokensPerS = row.decimal(Column.TOKENS_PER_S);
        OptionalDouble error = row.decimal(Column.TOKENS_PER_S_ERROR);
        double e = tokensPerS.isPresent() && error.isPresent()
                ? l * error.getAsDouble() / (tokensPerS.getAsDouble() + error.getAsDouble()) : Double.NaN;
        return Optional.of(new Estimate(l, e));
    }
}
