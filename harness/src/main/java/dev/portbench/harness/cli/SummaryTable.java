package dev.portbench.harness.cli;

import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** The end-of-run table a person reads; results.csv stays the contract. */
final class SummaryTable {
    private SummaryTable() {
    }

    static void print(PrintWriter out, List<ResultRow> rows) {
        // the backend column grows with versioned names such as onnxruntime-cpu@1.28.0
        int backendWidth = rows.stream().mapToInt(r -> r.text(Column.BACKEND).length()).max().orElse(0);
        String format = "%-14s %-8s %-7s %-7s %-" + Math.max(16, backendWidth)
                + "s %-8s %12s %10s %10s %10s %10s %5s%n";
        out.printf(Locale.ROOT, format, "scenario", "workload", "phase", "dtype", "backend", "status", "tokens/s", "±",
                "p50 ms", "p99 ms", "rel_l2", "ttd");
        for (ResultRow r : rows) {
            out.printf(Locale.ROOT, format, r.text(Column.SCENARIO), r.text(Column.WORKLOAD), r.text(Column.PHASE),
                    r.text(Column.DTYPE), r.text(Column.BACKEND), r.text(Column.STATUS),
                    num(r.decimal(Column.TOKENS_PER_S), "%.1f"), num(r.decimal(Column.TOKENS_PER_S_ERROR), "%.1f"),
                    num(r.decimal(Column.LATENCY_P50_MS), "%.3f"), num(r.decimal(Column.LATENCY_P99_MS), "%.3f"),
                    num(r.decimal(Column.REL_L2), "%.2e"), r.text(Column.TOKENS_TO_DIVERGENCE).isEmpty() ? "-"
                            : r.text(Column.TOKENS_TO_DIVERGENCE));
        }
    }

    private static String num(OptionalDouble v, String format) {
        return v.isPresent() ? String.format(Locale.ROOT, format, v.getAsDouble()) : "-";
    }
}
