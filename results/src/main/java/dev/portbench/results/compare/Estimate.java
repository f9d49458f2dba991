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
     * The latency a row's phase is judged by: {@code tpot_ms} on decode rows, {@code ttft_ms} on a decode workload's
     * prefill row, {@code latency_mean_ms} (one forward pass) on the rows of one-pass workloads (prefill,
     * bring-your-own), which record no ttft. All three are the row's mean time per timed call.
     */
    public static Column latencyColumn(ResultRow row) {
        if ("decode".equals(row.text(Column.PHASE))) {
            return Column.TPOT_MS;
        }
        return row.integer(Column.NEW_TOKENS).orElse(0) > 0 ? Column.TTFT_MS : Column.LATENCY_MEAN_MS;
    }

    /** The {@link #latencyColumn} with its interval; empty when not measured. */
    public static Optional<Estimate> latency(ResultRow row) {
        return switch (latencyColumn(row)) {
            case TPOT_MS -> of(row, Column.TPOT_MS, Column.TPOT_MS_ERROR);
            case TTFT_MS -> of(row, Column.TTFT_MS, Column.TTFT_MS_ERROR);
            default -> forwardLatency(row);
        };
    }

    /**
     * {@code latency_mean_ms} with the half-width of its interval, which results.csv keeps only as carried to tokens/s:
     * {@code tokens_per_s_error} is tokens ÷ (L − e) − tokens ÷ L for a latency L ± e and tokens/s T = tokens ÷ L,
     * so e = L × error ÷ (T + error), exact but for the nine significant digits results.csv keeps. Empty when the
     * latency is not measured; no error when none was recorded or the interval reaches zero (results.csv then leaves
     * tokens_per_s_error empty), so such a row's latency verdict is unknown, like its throughput's.
     */
    public static Optional<Estimate> forwardLatency(ResultRow row) {
        OptionalDouble latency = row.decimal(Column.LATENCY_MEAN_MS);
        if (latency.isEmpty()) {
            return Optional.empty();
        }
        double l = latency.getAsDouble();
        OptionalDouble tokensPerS = row.decimal(Column.TOKENS_PER_S);
        OptionalDouble error = row.decimal(Column.TOKENS_PER_S_ERROR);
        double upper = tokensPerS.isPresent() && error.isPresent() ? tokensPerS.getAsDouble() + error.getAsDouble() : 0;
        double e = upper > 0 ? l * error.getAsDouble() / upper : Double.NaN; // no tokens per call: no interval
        return Optional.of(new Estimate(l, e));
    }
}
