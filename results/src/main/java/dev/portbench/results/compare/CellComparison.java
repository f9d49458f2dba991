package dev.portbench.results.compare;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.LocatedRow;
import dev.portbench.results.ResultRow;
import dev.portbench.results.runs.CellKey;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One cell of a comparison: the baseline's row, the candidate's row (either may be absent), and what changed.
 * Ratios are candidate / baseline. Throughput and latency carry intervals from the recorded errors; memory and
 * percentiles are plain ratios (results.csv records no error for them).
 *
 * @param latency      the row's timed latency with its interval, {@link Estimate#latencyColumn}: tpot_ms on decode
 *                     rows, ttft_ms on prefill rows of decode workloads, latency_mean_ms on one-pass workloads
 * @param outputDrift  the candidate's saved outputs against the baseline's
 */
public record CellComparison(CellKey baselineKey, CellKey candidateKey, LocatedRow baseline, LocatedRow candidate,
                             RatioInterval throughput, Verdict throughputVerdict, Column latencyColumn,
                             RatioInterval latency, Verdict latencyVerdict, OutputDrift outputDrift) {

    /** Drift columns whose candidate − baseline difference a comparison reports. */
    public static final List<Column> DRIFT_COLUMNS = List.of(Column.MAX_ABS_ERR, Column.REL_L2, Column.COSINE,
            Column.KL, Column.TOP1_AGREEMENT, Column.ROUTING_AGREEMENT, Column.TOKENS_TO_DIVERGENCE);

    public Presence presence() {
        if (baseline == null) {
            return Presence.CANDIDATE_ONLY;
        }
        return candidate == null ? Presence.BASELINE_ONLY : Presence.BOTH;
    }

    public Optional<ResultRow> baselineRow() {
        return Optional.ofNullable(baseline).map(LocatedRow::row);
    }

    public Optional<ResultRow> candidateRow() {
        return Optional.ofNullable(candidate).map(LocatedRow::row);
    }

    public Optional<CellStatus> baselineStatus() {
        return baselineRow().map(ResultRow::status);
    }

    public Optional<CellStatus> candidateStatus() {
        return candidateRow().map(ResultRow::status);
    }

    /** {@code OK->FAILED} when the status differs between two present rows; empty otherwise. */
    public String statusChange() {
        if (presence() != Presence.BOTH || baselineStatus().equals(candidateStatus())) {
            return "";
        }
        return baselineStatus().orElseThrow() + "->" + candidateStatus().orElseThrow();
    }

    /** Plain candidate / baseline ratio of a column both rows carry; NaN otherwise. */
    public double ratio(Column column) {
        OptionalDouble a = baselineRow().map(r -> r.decimal(column)).orElse(OptionalDouble.empty());
        OptionalDouble b = candidateRow().map(r -> r.decimal(column)).orElse(OptionalDouble.empty());
        return a.isPresent() && b.isPresent() ? RatioInterval.plain(b.getAsDouble(), a.getAsDouble()).ratio()
                : Double.NaN;
    }

    /**
     * Candidate − baseline of a column both rows carry (NaN when either holds NaN, a non-finite drift); empty when a
     * row lacks it.
     */
    public OptionalDouble recordedDelta(Column column) {
        OptionalDouble a = baselineRow().map(r -> r.decimal(column)).orElse(OptionalDouble.empty());
        OptionalDouble b = candidateRow().map(r -> r.decimal(column)).orElse(OptionalDouble.empty());
        return a.isPresent() && b.isPresent() ? OptionalDouble.of(b.getAsDouble() - a.getAsDouble())
                : OptionalDouble.empty();
    }

    /** Candidate − baseline of a column both rows carry; NaN otherwise. */
    public double delta(Column column) {
        OptionalDouble a = baselineRow().map(r -> r.decimal(column)).orElse(OptionalDouble.empty());
        OptionalDouble b = candidateRow().map(r -> r.decimal(column)).orElse(OptionalDouble.empty());
        return a.isPresent() && b.isPresent() ? b.getAsDouble() - a.getAsDouble() : Double.NaN;
    }

    /** The key the comparison is listed under: the baseline's when present. */
    public CellKey key() {
        return baselineKey != null ? baselineKey : candidateKey;
    }
}
