package dev.portbench.results.matrix;

import dev.portbench.results.Column;
import dev.portbench.results.DriftMetrics;
import dev.portbench.results.ReportCsv;

import java.util.List;

/** The migration matrix as a spreadsheet-safe CSV (columns in docs/compare-and-gate.md). */
public final class MigrationMatrixCsv {

    static final List<String> HEADER = List.of("scenario", "workload", "phase", "dtype", "source_backend",
            "target_backend", "status", "source_tokens_per_s", "target_tokens_per_s", "tokens_per_s_ratio",
            "tokens_per_s_ratio_low", "tokens_per_s_ratio_high", "throughput_verdict", "target_accel_node_share",
            "target_accel_time_share", "target_fallback_ops", "latency_p50_ratio",
            "peak_rss_ratio", "weights_mb_ratio", "target_vs_source_max_abs_err", "target_vs_source_rel_l2",
            "target_vs_source_cosine", "target_vs_source_top1_agreement", "target_vs_source_routing_agreement",
            "source_rel_l2_vs_oracle", "target_rel_l2_vs_oracle", "target_cosine_vs_oracle",
            "target_top1_agreement_vs_oracle", "target_routing_agreement_vs_oracle", "drift_reference",
            "target_vs_source_note");

    private MigrationMatrixCsv() {
    }

    public static ReportCsv of(MigrationMatrix matrix) {
        ReportCsv csv = new ReportCsv(HEADER);
        for (MigrationPair pair : matrix.pairs()) {
            var key = pair.sourceKey();
            ReportCsv.Row row = csv.row().text(key.scenario()).text(key.workload()).text(key.phase())
                    .text(key.dtype()).text(key.backend()).text(pair.targetKey().backend()).text(pair.status())
                    .number(pair.sourceValue(Column.TOKENS_PER_S)).number(pair.targetValue(Column.TOKENS_PER_S))
                    .number(pair.throughput().ratio()).number(pair.throughput().low())
                    .number(pair.throughput().high()).text(pair.throughputVerdict().csv())
                    .number(pair.targetValue(Column.ACCEL_NODE_SHARE)).number(pair.targetValue(Column.ACCEL_TIME_SHARE))
                    .text(pair.targetRow().map(r -> r.text(Column.FALLBACK_OPS)).orElse(""))
                    .number(pair.ratio(Column.LATENCY_P50_MS)).number(pair.ratio(Column.PEAK_RSS_MB))
                    .number(pair.ratio(Column.WEIGHTS_MB));
            DriftMetrics.Drift d = pair.targetVsSource().drift();
            if (d == null) {
                row.text("").text("").text("").text("").text("");
            } else {
                row.drift(d.maxAbsErr()).drift(d.relL2()).drift(d.cosine()).number(d.top1Agreement())
                        .number(d.routingAgreement());
            }
            row.number(pair.sourceValue(Column.REL_L2)).number(pair.targetValue(Column.REL_L2))
                    .number(pair.targetValue(Column.COSINE)).number(pair.targetValue(Column.TOP1_AGREEMENT))
                    .number(pair.targetValue(Column.ROUTING_AGREEMENT))
                    .text(pair.targetRow().map(r -> r.text(Column.DRIFT_REFERENCE)).orElse(""))
                    .text(pair.targetVsSource().note()).end();
        }
        return csv;
    }
}
