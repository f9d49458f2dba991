package dev.portbench.results.report;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.LocatedRow;
import dev.portbench.results.ResultRow;
import dev.portbench.results.compare.Estimate;
import dev.portbench.results.runs.CellKey;
import dev.portbench.results.runs.RunResults;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One run's OK rows in Bencher Metric Format (https://bencher.dev/docs/reference/bencher-metric-format/), for users who
 * push results to Bencher: a benchmark per row, named by its cell ({@code scenario/workload/phase/dtype/backend}),
 * with Bencher's built-in measures {@code throughput} (tokens/s, with the bounds of its 99.9 % interval) and
 * {@code latency} (nanoseconds per timed call, likewise). Rows that did not run OK are left out: Bencher has no
 * status.
 */
public final class BencherJson {
    private BencherJson() {
    }

    public static String of(RunResults run) {
        Map<String, Object> benchmarks = new LinkedHashMap<>();
        for (Map.Entry<CellKey, LocatedRow> e : run.rows().entrySet()) {
            ResultRow row = e.getValue().row();
            if (row.status() != CellStatus.OK || row.decimal(Column.TOKENS_PER_S).isEmpty()) {
                continue;
            }
            Map<String, Object> measures = new LinkedHashMap<>();
            measures.put("throughput", metric(row.decimal(Column.TOKENS_PER_S), row.decimal(Column.TOKENS_PER_S_ERROR),
                    1));
            if (row.decimal(Column.LATENCY_MEAN_MS).isPresent()) {
                measures.put("latency", metric(row.decimal(Column.LATENCY_MEAN_MS), latencyError(row), 1e6));
            }
            benchmarks.put(e.getKey().label(), measures);
        }
        return Json.write(benchmarks) + "\n";
    }

    /**
     * The latency's interval half-width: the ttft or tpot error where the row records one, else (one-pass workloads)
     * the error carried back from {@code tokens_per_s_error}.
     */
    private static OptionalDouble latencyError(ResultRow row) {
        OptionalDouble ttft = row.decimal(Column.TTFT_MS_ERROR);
        if (ttft.isPresent()) {
            return ttft;
        }
        OptionalDouble tpot = row.decimal(Column.TPOT_MS_ERROR);
        if (tpot.isPresent()) {
            return tpot;
        }
        return Estimate.forwardLatency(row).filter(Estimate::hasError)
                .map(e -> OptionalDouble.of(e.error())).orElse(OptionalDouble.empty());
    }

    private static Map<String, Object> metric(OptionalDouble value, OptionalDouble error, double scale) {
        Map<String, Object> m = new LinkedHashMap<>();
        double v = value.getAsDouble() * scale;
        m.put("value", v);
        if (error.isPresent()) {
            double e = error.getAsDouble() * scale;
            m.put("lower_value", Math.max(0, v - e));
            m.put("upper_value", v + e);
        }
        return m;
    }
}
