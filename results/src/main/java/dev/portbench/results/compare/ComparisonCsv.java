package dev.portbench.results.compare;

import dev.portbench.results.Column;
import dev.portbench.results.DriftMetrics;
import dev.portbench.results.ReportCsv;
import dev.portbench.results.ResultRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The comparison CSV of {@code portbench compare} (columns in docs/compare-and-gate.md): one row per cell of either
 * run, ratios candidate / baseline, drift deltas candidate − baseline, and the candidate's saved outputs against the
 * baseline's. Text cells are spreadsheet-safe ({@link ReportCsv}).
 */
public final class ComparisonCsv {

    private static final List<String> KEY = List.of("scenario", "workload", "phase", "dtype", "baseline_backend",
            "candidate_backend", "presence", "baseline_status", "candidate_status", "status_change", "candidate_reason",
            "baseline_runtime_version", "candidate_runtime_version");
    private static final List<String> SPEED = List.of("baseline_tokens_per_s", "baseline_tokens_per_s_error",
            "candidate_tokens_per_s", "candidate_tokens_per_s_error", "tokens_per_s_ratio", "tokens_per_s_ratio_low",
            "tokens_per_s_ratio_high", "throughput_verdict", "latency_metric", "baseline_latency_ms",
            "candidate_latency_ms", "latency_ratio", "latency_ratio_low", "latency_ratio_high", "latency_verdict",
            "latency_p50_ratio", "latency_p99_ratio");
    /** Where the graphs ran (the placement audit), next to the speed they ran at. */
    private static final List<String> PLACEMENT = List.of("baseline_accel_node_share", "candidate_accel_node_share",
            "candidate_accel_time_share", "candidate_fallback_ops");
    private static final List<String> MEMORY = List.of("baseline_peak_rss_mb", "candidate_peak_rss_mb",
            "peak_rss_ratio", "weights_mb_ratio");
    private static final List<String> OUTPUTS = List.of("output_max_abs_err", "output_rel_l2", "output_cosine",
            "output_kl", "output_top1_agreement", "output_routing_agreement", "output_drift_note");

    private ComparisonCsv() {
    }

    public static List<String> header() {
        List<String> header = new ArrayList<>(KEY);
        header.addAll(SPEED);
        header.addAll(PLACEMENT);
        header.addAll(MEMORY);
        CellComparison.DRIFT_COLUMNS.forEach(c -> header.add(c.csvName() + "_delta"));
        header.addAll(OUTPUTS);
        return header;
    }

    public static ReportCsv of(RunComparison comparison) {
        ReportCsv csv = new ReportCsv(header());
        for (CellComparison cell : comparison.cells()) {
            ReportCsv.Row row = csv.row();
            var key = cell.key();
            Optional<ResultRow> a = cell.baselineRow();
            Optional<ResultRow> b = cell.candidateRow();
            row.text(key.scenario()).text(key.workload()).text(key.phase()).text(key.dtype())
                    .text(cell.baselineKey() == null ? "" : cell.baselineKey().backend())
                    .text(cell.candidateKey() == null ? "" : cell.candidateKey().backend())
                    .text(cell.presence().csv())
                    .text(a.map(r -> r.text(Column.STATUS)).orElse(""))
                    .text(b.map(r -> r.text(Column.STATUS)).orElse(""))
                    .text(cell.statusChange())
                    .text(b.map(r -> r.text(Column.REASON)).orElse(""))
                    .text(a.map(r -> r.text(Column.RUNTIME_VERSION)).orElse(""))
                    .text(b.map(r -> r.text(Column.RUNTIME_VERSION)).orElse(""));
            row.number(value(a, Column.TOKENS_PER_S)).number(value(a, Column.TOKENS_PER_S_ERROR))
                    .number(value(b, Column.TOKENS_PER_S)).number(value(b, Column.TOKENS_PER_S_ERROR));
            interval(row, cell.throughput()).text(cell.throughputVerdict().csv());
            row.text(cell.latencyColumn().csvName())
                    .number(value(a, cell.latencyColumn())).number(value(b, cell.latencyColumn()));
            interval(row, cell.latency()).text(cell.latencyVerdict().csv());
            row.number(cell.ratio(Column.LATENCY_P50_MS)).number(cell.ratio(Column.LATENCY_P99_MS));
            row.number(value(a, Column.ACCEL_NODE_SHARE)).number(value(b, Column.ACCEL_NODE_SHARE))
                    .number(value(b, Column.ACCEL_TIME_SHARE))
                    .text(b.map(r -> r.text(Column.FALLBACK_OPS)).orElse(""));
            row.number(value(a, Column.PEAK_RSS_MB)).number(value(b, Column.PEAK_RSS_MB))
                    .number(cell.ratio(Column.PEAK_RSS_MB)).number(cell.ratio(Column.WEIGHTS_MB));
            CellComparison.DRIFT_COLUMNS.forEach(c -> row.number(cell.recordedDelta(c)));
            DriftMetrics.Drift d = cell.outputDrift().drift();
            if (d == null) {
                row.text("").text("").text("").text("").text("").text("");
            } else {
                row.drift(d.maxAbsErr()).drift(d.relL2()).drift(d.cosine()).drift(d.kl())
                        .number(d.top1Agreement()).number(d.routingAgreement());
            }
            row.text(cell.outputDrift().note()).end();
        }
        return csv;
    }

    private static ReportCsv.Row interval(ReportCsv.Row row, RatioInterval interval) {
        return row.number(interval.ratio()).number(interval.low()).number(interval.high());
    }

    private static OptionalDouble value(Optional<ResultRow> row, Column column) {
        return row.map(r -> r.decimal(column)).orElse(OptionalDouble.empty());
    }
}
