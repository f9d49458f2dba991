package dev.portbench.results.matrix;

import dev.portbench.results.Column;
import dev.portbench.results.LocatedRow;
import dev.portbench.results.ResultRow;
import dev.portbench.results.compare.OutputDrift;
import dev.portbench.results.compare.RatioInterval;
import dev.portbench.results.compare.Verdict;
import dev.portbench.results.runs.CellKey;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The cost of moving one cell from a source backend to a target backend: throughput ratio target / source with its
 * interval, latency and memory ratios, the target's outputs against the source's, and both sides' drift against the
 * oracle as their rows record it.
 *
 * @param target null when the target run has no row for the cell
 */
public record MigrationPair(CellKey sourceKey, CellKey targetKey, LocatedRow source, LocatedRow target,
                            RatioInterval throughput, Verdict throughputVerdict, OutputDrift targetVsSource) {

    public Optional<ResultRow> targetRow() {
        return Optional.ofNullable(target).map(LocatedRow::row);
    }

    /** {@code OK}, the target's status, or {@code OK->FAILED} style when the two differ; {@code missing} without one. */
    public String status() {
        String s = source.row().text(Column.STATUS);
        if (target == null) {
            return s + "->missing";
        }
        String t = target.row().text(Column.STATUS);
        return s.equals(t) ? s : s + "->" + t;
    }

    /** Plain target / source ratio of a column both rows carry; NaN otherwise. */
    public double ratio(Column column) {
        OptionalDouble s = source.row().decimal(column);
        OptionalDouble t = targetRow().map(r -> r.decimal(column)).orElse(OptionalDouble.empty());
        return s.isPresent() && t.isPresent() ? RatioInterval.plain(t.getAsDouble(), s.getAsDouble()).ratio()
                : Double.NaN;
    }

    public OptionalDouble sourceValue(Column column) {
        return source.row().decimal(column);
    }

    /**
     * Where the target ran the graph, from its placement audit: its share of nodes on the accelerator and the operators
     * that fell back to the CPU, e.g. {@code 70% (TopK)}; empty for a target without an accelerator share (a CPU).
     */
    public Optional<String> targetOnAccelerator() {
        OptionalDouble share = targetValue(Column.ACCEL_NODE_SHARE);
        if (share.isEmpty()) {
            return Optional.empty();
        }
        String ops = targetRow().map(r -> r.text(Column.FALLBACK_OPS)).orElse("");
        return Optional.of(String.format(java.util.Locale.ROOT, "%.0f%%", 100 * share.getAsDouble())
                + (ops.isEmpty() ? "" : " (" + ops + ")"));
    }

    public OptionalDouble targetValue(Column column) {
        return targetRow().map(r -> r.decimal(column)).orElse(OptionalDouble.empty());
    }
}
