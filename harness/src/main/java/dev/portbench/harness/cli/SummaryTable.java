package dev.portbench.harness.cli;

import dev.portbench.harness.measure.NestedInterval;
import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The end-of-run table a person reads; results.csv stays the contract. Rows are sorted by cell (results.csv keeps the
 * order the cells ran in, which the run randomises), and SKIPPED rows — on a host without accelerators, most of
 * them — are not listed one by one but counted per backend and reason below the table.
 */
final class SummaryTable {
    /** A row's interval exists but reaches zero tokens/s: results.csv leaves the error empty then. */
    static final String UNBOUNDED = "unbounded";

    private static final Comparator<ResultRow> BY_CELL = Comparator
            .<ResultRow, String>comparing(r -> r.text(Column.SCENARIO))
            .thenComparing(r -> r.text(Column.WORKLOAD))
            .thenComparing(r -> r.text(Column.DTYPE))
            .thenComparing(r -> r.text(Column.BACKEND))
            .thenComparing(r -> "decode".equals(r.text(Column.PHASE))); // a workload's prompt row first

    private SummaryTable() {
    }

    static void print(PrintWriter out, List<ResultRow> rows) {
        List<ResultRow> listed = rows.stream().filter(r -> r.status() != CellStatus.SKIPPED).sorted(BY_CELL).toList();
        // the backend column grows with versioned names such as onnxruntime-cpu@1.28.0
        int backendWidth = listed.stream().mapToInt(r -> r.text(Column.BACKEND).length()).max().orElse(0);
        String format = "%-14s %-8s %-7s %-7s %-" + Math.max(16, backendWidth)
                + "s %-8s %12s %10s %10s %10s %10s %5s%n";
        out.printf(Locale.ROOT, format, "scenario", "workload", "phase", "dtype", "backend", "status", "tokens/s", "±",
                "p50 ms", "p99 ms", "rel_l2", "ttd");
        for (ResultRow r : listed) {
            out.printf(Locale.ROOT, format, r.text(Column.SCENARIO), r.text(Column.WORKLOAD), r.text(Column.PHASE),
                    r.text(Column.DTYPE), r.text(Column.BACKEND), r.text(Column.STATUS),
                    num(r.decimal(Column.TOKENS_PER_S), "%.1f"), error(r),
                    num(r.decimal(Column.LATENCY_P50_MS), "%.3f"), num(r.decimal(Column.LATENCY_P99_MS), "%.3f"),
                    num(r.decimal(Column.REL_L2), "%.2e"), r.text(Column.TOKENS_TO_DIVERGENCE).isEmpty() ? "-"
                            : r.text(Column.TOKENS_TO_DIVERGENCE));
        }
        printSkipped(out, rows);
    }

    /**
     * The tokens/s half-width; {@value #UNBOUNDED} where the row has an interval (its basis is not {@code none}) whose
     * lower end reaches zero, which results.csv records as an empty error, as it does for no interval at all.
     */
    static String error(ResultRow r) {
        OptionalDouble error = r.decimal(Column.TOKENS_PER_S_ERROR);
        if (error.isPresent()) {
            return String.format(Locale.ROOT, "%.1f", error.getAsDouble());
        }
        String basis = r.text(Column.INTERVAL_BASIS);
        return r.status() == CellStatus.OK && !basis.isEmpty() && !basis.equals(NestedInterval.NO_INTERVAL) ? UNBOUNDED
                : "-";
    }

    /** {@code 38 rows SKIPPED}, then a line per backend and reason with its count. */
    private static void printSkipped(PrintWriter out, List<ResultRow> rows) {
        Map<String, Integer> byBackendAndReason = new TreeMap<>(); // by backend, then reason
        rows.stream().filter(r -> r.status() == CellStatus.SKIPPED).forEach(r ->
                byBackendAndReason.merge(r.text(Column.BACKEND) + ": " + r.text(Column.REASON), 1, Integer::sum));
        if (byBackendAndReason.isEmpty()) {
            return;
        }
        int total = byBackendAndReason.values().stream().mapToInt(Integer::intValue).sum();
        out.printf(Locale.ROOT, "%n%d row%s SKIPPED (results.csv has each):%n", total, total == 1 ? "" : "s");
        byBackendAndReason.forEach((what, n) -> out.printf(Locale.ROOT, "  %3d × %s%n", n, what));
    }

    private static String num(OptionalDouble v, String format) {
        return v.isPresent() ? String.format(Locale.ROOT, format, v.getAsDouble()) : "-";
    }
}
