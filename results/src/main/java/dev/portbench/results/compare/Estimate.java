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
}
