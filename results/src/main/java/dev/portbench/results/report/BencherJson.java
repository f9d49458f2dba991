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
            Estimate.latency(row).ifPresent(latency -> measures.put("latency", metric(
                    OptionalDouble.of(latency.value()), latency.hasError() ? OptionalDouble.of(latency.error())
                            : OptionalDouble.empty(), 1e6)));
            benchmarks.put(e.getKey().label(), measures);
        }
        return Json.write(benchmarks) + "\n";
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
