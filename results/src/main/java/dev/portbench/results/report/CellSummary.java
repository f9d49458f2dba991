package dev.portbench.results.report;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import dev.portbench.results.runs.CellKey;
import dev.portbench.results.runs.RunResults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The per-cell numbers both the page and the Markdown summary list for a run, as display text: one definition of
 * the columns, so the two never disagree.
 */
final class CellSummary {

    record Field(String header, Function<ResultRow, String> value) {
    }

    static final List<Field> FIELDS = List.of(
            new Field("scenario · workload · phase · dtype", r -> CellKey.of(r).cellLabel()),
            new Field("backend", r -> r.text(Column.BACKEND)),
            new Field("runtime", r -> r.text(Column.RUNTIME_VERSION)),
            new Field("status", r -> r.text(Column.STATUS)),
            new Field("tokens/s", r -> withError(r, Column.TOKENS_PER_S, Column.TOKENS_PER_S_ERROR)),
            new Field("p50 ms", r -> Display.amount(r.decimal(Column.LATENCY_P50_MS))),
            new Field("p90 ms", r -> Display.amount(r.decimal(Column.LATENCY_P90_MS))),
            new Field("p99 ms", r -> Display.amount(r.decimal(Column.LATENCY_P99_MS))),
            new Field("TTFT ms", r -> withError(r, Column.TTFT_MS, Column.TTFT_MS_ERROR)),
            new Field("TPOT ms", r -> withError(r, Column.TPOT_MS, Column.TPOT_MS_ERROR)),
            new Field("peak RSS MiB", r -> Display.amount(r.decimal(Column.PEAK_RSS_MB))),
            new Field("weights MiB", r -> Display.amount(r.decimal(Column.WEIGHTS_MB))),
            // prefill is compute-bound, decode bandwidth-bound: both against the host's measured limits
            new Field("GFLOP/s (of peak)", r -> ofLimit(r, Column.ACHIEVED_GFLOPS, Column.PEAK_FRACTION)),
            new Field("GB/s (of bandwidth)", r -> ofLimit(r, Column.ACHIEVED_GBPS, Column.BW_FRACTION)),
            new Field("J/token", r -> Display.amount(r.decimal(Column.ENERGY_J_PER_TOKEN))),
            new Field("rel_l2", r -> Display.drift(r.decimal(Column.REL_L2))),
            new Field("top-1", r -> Display.amount(r.decimal(Column.TOP1_AGREEMENT))));

    private CellSummary() {
    }

    static List<String> headers() {
        return FIELDS.stream().map(Field::header).toList();
    }

    static List<String> values(ResultRow row) {
        List<String> values = new ArrayList<>();
        FIELDS.forEach(f -> values.add(f.value().apply(row)));
        return values;
    }

    /** e.g. {@code 18.3 (18 %)}; the value alone where no fraction was recorded (accelerator rows). */
    static String ofLimit(ResultRow row, Column value, Column fraction) {
        String text = Display.amount(row.decimal(value));
        return row.decimal(fraction).isPresent() && row.decimal(value).isPresent()
                ? text + " (" + Math.round(100 * row.decimal(fraction).getAsDouble()) + " %)" : text;
    }

    /** e.g. {@code 21450 ± 5584}; the value alone when no error was recorded. */
    static String withError(ResultRow row, Column value, Column error) {
        String text = Display.amount(row.decimal(value));
        return row.decimal(error).isPresent() && row.decimal(value).isPresent()
                ? text + " ± " + Display.amount(row.decimal(error)) : text;
    }

    /** How many rows have each status, e.g. {@code OK 20, SKIPPED 4}; statuses in {@link CellStatus} order. */
    static String statusCounts(RunResults run) {
        Map<CellStatus, Integer> counts = new TreeMap<>();
        run.rows().values().forEach(r -> counts.merge(r.row().status(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((status, n) -> parts.add(status + " " + n));
        return parts.isEmpty() ? "no rows" : String.join(", ", parts);
    }
}
