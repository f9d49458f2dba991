package dev.portbench.results.report;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.LocatedRow;
import dev.portbench.results.ResultRow;
import dev.portbench.results.history.EDivisive;
import dev.portbench.results.history.HistoryGate;
import dev.portbench.results.runs.CellKey;
import dev.portbench.results.runs.RunResults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;

/**
 * The report's charts, decided from the data: only OK rows' measured values are plotted (a SKIPPED or FAILED cell
 * is a gap, and the tables say why), and a chart, a series or a category with nothing to plot is left out. So the
 * number of charts follows from the runs alone, and the browser check can tell a chart that failed to draw from one
 * that was never meant to be there.
 * <ul>
 *   <li>throughput: a chart per scenario, workload and phase of the latest run; tokens/s per backend, a bar per dtype
 *   <li>latency: the same groups; p50, p90 and p99 per backend and dtype
 *   <li>memory: a chart per scenario and workload; peak RSS and weights per backend and dtype (a decode cell's two
 *   phase rows come from two JVMs, ttft's and tpot's forks: the larger value is shown)
 *   <li>trend (two runs or more): a chart per scenario, workload, phase and dtype; tokens/s per run, a line per
 *   backend (per backend and host when the runs come from several hosts), and a marker at each change point the
 *   history found in one of its lines (the night the new level began, with the change)
 * </ul>
 */
public record ReportCharts(List<ChartSpec> throughput, List<ChartSpec> latency, List<ChartSpec> memory,
                           List<ChartSpec> trend) {

    /** The charts without change-point markers. */
    public static ReportCharts of(ReportRuns runs) {
        return of(runs, List.of());
    }

    /** @param history each host's cells judged on the same runs; their change points mark the trend */
    public static ReportCharts of(ReportRuns runs, List<HistoryGate.Finding> history) {
        RunResults latest = runs.latest();
        return new ReportCharts(throughput(latest), latency(latest), memory(latest),
                runs.size() >= 2 ? trend(runs, history) : List.of());
    }

    public List<ChartSpec> all() {
        List<ChartSpec> all = new ArrayList<>(throughput);
        all.addAll(latency);
        all.addAll(memory);
        all.addAll(trend);
        return all;
    }

    static List<ChartSpec> throughput(RunResults run) {
        List<ChartSpec> charts = new ArrayList<>();
        for (Map.Entry<String, List<ResultRow>> group : groups(run, ReportCharts::phaseGroup).entrySet()) {
            List<String> backends = distinct(group.getValue(), r -> r.text(Column.BACKEND));
            List<ChartSpec.Series> series = new ArrayList<>();
            for (String dtype : distinct(group.getValue(), r -> r.text(Column.DTYPE))) {
                List<Double> values = new ArrayList<>();
                List<Double> errors = new ArrayList<>();
                for (String backend : backends) {
                    ResultRow row = find(group.getValue(), backend, dtype);
                    values.add(row == null ? null : measured(row, Column.TOKENS_PER_S));
                    errors.add(row == null ? null : measured(row, Column.TOKENS_PER_S_ERROR));
                }
                series.add(new ChartSpec.Series(dtype, values, errors));
            }
            add(charts, "throughput-", group.getKey(), "tokens/s", true, backends, series);
        }
        return charts;
    }

    static List<ChartSpec> latency(RunResults run) {
        List<ChartSpec> charts = new ArrayList<>();
        List<Column> percentiles = List.of(Column.LATENCY_P50_MS, Column.LATENCY_P90_MS, Column.LATENCY_P99_MS);
        for (Map.Entry<String, List<ResultRow>> group : groups(run, ReportCharts::phaseGroup).entrySet()) {
            List<String> labels = new ArrayList<>();
            List<List<Double>> values = new ArrayList<>();
            percentiles.forEach(p -> values.add(new ArrayList<>()));
            for (ResultRow row : group.getValue()) {
                labels.add(row.text(Column.BACKEND) + " " + row.text(Column.DTYPE));
                for (int i = 0; i < percentiles.size(); i++) {
                    values.get(i).add(measured(row, percentiles.get(i)));
                }
            }
            List<ChartSpec.Series> series = new ArrayList<>();
            for (int i = 0; i < percentiles.size(); i++) {
                series.add(ChartSpec.Series.of(percentiles.get(i).csvName().replace("latency_", "")
                        .replace("_ms", ""), values.get(i)));
            }
            add(charts, "latency-", group.getKey(), "ms", true, labels, series);
        }
        return charts;
    }

    static List<ChartSpec> memory(RunResults run) {
        List<ChartSpec> charts = new ArrayList<>();
        Function<ResultRow, String> workloadGroup = r -> r.text(Column.SCENARIO) + " · " + r.text(Column.WORKLOAD);
        for (Map.Entry<String, List<ResultRow>> group : groups(run, workloadGroup).entrySet()) {
            Map<String, Double[]> cells = new LinkedHashMap<>(); // backend dtype -> {peak RSS, weights}
            for (ResultRow row : group.getValue()) {
                Double[] cell = cells.computeIfAbsent(row.text(Column.BACKEND) + " " + row.text(Column.DTYPE),
                        k -> new Double[2]);
                cell[0] = max(cell[0], measured(row, Column.PEAK_RSS_MB));
                cell[1] = max(cell[1], measured(row, Column.WEIGHTS_MB));
            }
            List<Double> rss = new ArrayList<>();
            List<Double> weights = new ArrayList<>();
            cells.values().forEach(c -> {
                rss.add(c[0]);
                weights.add(c[1]);
            });
            add(charts, "memory-", group.getKey(), "MiB", false, new ArrayList<>(cells.keySet()),
                    List.of(ChartSpec.Series.of("peak RSS", rss), ChartSpec.Series.of("weights", weights)));
        }
        return charts;
    }

    static List<ChartSpec> trend(ReportRuns runs) {
        return trend(runs, List.of());
    }

    static List<ChartSpec> trend(ReportRuns runs, List<HistoryGate.Finding> history) {
        // the rows' hosts, not each run's first: a night merged from several hosts keeps each row's
        boolean severalHosts = runs.runs().stream().flatMap(r -> r.rows().values().stream())
                .map(l -> l.row().text(Column.HOST)).distinct().count() > 1;
        Map<String, List<ChartSpec.Marker>> markers = markers(runs, history, severalHosts);
        Map<String, Map<String, Map<Integer, ResultRow>>> cells = new LinkedHashMap<>(); // cell -> line -> run -> row
        for (int i = 0; i < runs.size(); i++) {
            RunResults run = runs.runs().get(i);
            for (LocatedRow located : run.rows().values()) {
                CellKey key = CellKey.of(located.row());
                String line = severalHosts ? key.backend() + " @ " + located.row().text(Column.HOST) : key.backend();
                cells.computeIfAbsent(title(key), k -> new LinkedHashMap<>())
                        .computeIfAbsent(line, k -> new LinkedHashMap<>()).put(i, located.row());
            }
        }
        List<String> labels = runs.runs().stream().map(ReportRuns::label).toList();
        List<ChartSpec> charts = new ArrayList<>();
        for (Map.Entry<String, Map<String, Map<Integer, ResultRow>>> cell : cells.entrySet()) {
            List<ChartSpec.Series> series = new ArrayList<>();
            for (Map.Entry<String, Map<Integer, ResultRow>> line : cell.getValue().entrySet()) {
                List<Double> values = new ArrayList<>();
                List<Double> errors = new ArrayList<>();
                for (int i = 0; i < runs.size(); i++) {
                    ResultRow row = line.getValue().get(i);
                    values.add(row == null ? null : measured(row, Column.TOKENS_PER_S));
                    errors.add(row == null ? null : measured(row, Column.TOKENS_PER_S_ERROR));
                }
                series.add(new ChartSpec.Series(line.getKey(), values, errors));
            }
            List<ChartSpec.Series> drawn = series.stream().filter(ChartSpec.Series::hasValue).toList();
            if (!drawn.isEmpty()) { // every run stays on the axis: a night without the cell is a visible gap
                charts.add(new ChartSpec("trend-" + (charts.size() + 1), "line", cell.getKey(), "tokens/s", true,
                        labels, drawn, markers.getOrDefault(cell.getKey(), List.of())));
            }
        }
        return charts;
    }

    /** Each trend chart's change points: at the run where the new level began, naming the line and the change. */
    private static Map<String, List<ChartSpec.Marker>> markers(ReportRuns runs, List<HistoryGate.Finding> history,
                                                               boolean severalHosts) {
        Map<String, List<ChartSpec.Marker>> markers = new LinkedHashMap<>();
        for (HistoryGate.Finding f : history) {
            for (EDivisive.ChangePoint c : f.changePoints()) {
                int run = runs.runs().indexOf(f.nights().get(c.index()));
                if (run < 0) {
                    continue; // judged on runs this report does not show
                }
                CellKey key = f.key();
                String line = severalHosts ? key.backend() + " @ " + f.host() : key.backend();
                markers.computeIfAbsent(title(key), k -> new ArrayList<>()).add(new ChartSpec.Marker(run,
                        String.format(Locale.ROOT, "%s %+.1f%%", line, c.relativeChange() * 100),
                        c.relativeChange() < 0));
            }
        }
        return markers;
    }

    private static String title(CellKey key) {
        return key.scenario() + " · " + key.workload() + " · " + key.phase() + " · " + key.dtype();
    }

    /** Adds a bar chart of the categories and series that hold a value; nothing when none does. */
    private static void add(List<ChartSpec> charts, String prefix, String title, String yTitle, boolean logY,
                            List<String> labels, List<ChartSpec.Series> series) {
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            final int index = i;
            if (series.stream().anyMatch(s -> s.values().get(index) != null)) {
                kept.add(i);
            }
        }
        List<ChartSpec.Series> drawn = new ArrayList<>();
        for (ChartSpec.Series s : series) {
            ChartSpec.Series narrowed = new ChartSpec.Series(s.label(), pick(s.values(), kept), pick(s.errors(), kept));
            if (narrowed.hasValue()) {
                drawn.add(narrowed);
            }
        }
        if (!drawn.isEmpty()) {
            charts.add(new ChartSpec(prefix + (charts.size() + 1), "bar", title, yTitle, logY,
                    pick(labels, kept), drawn));
        }
    }

    private static <T> List<T> pick(List<T> list, List<Integer> indexes) {
        List<T> picked = new ArrayList<>();
        indexes.forEach(i -> picked.add(list.get(i)));
        return picked;
    }

    private static String phaseGroup(ResultRow row) {
        return row.text(Column.SCENARIO) + " · " + row.text(Column.WORKLOAD) + " · " + row.text(Column.PHASE);
    }

    private static Map<String, List<ResultRow>> groups(RunResults run, Function<ResultRow, String> group) {
        Map<String, List<ResultRow>> groups = new LinkedHashMap<>();
        for (LocatedRow row : run.rows().values()) {
            groups.computeIfAbsent(group.apply(row.row()), k -> new ArrayList<>()).add(row.row());
        }
        return groups;
    }

    private static List<String> distinct(List<ResultRow> rows, Function<ResultRow, String> value) {
        Set<String> values = new LinkedHashSet<>();
        rows.forEach(r -> values.add(value.apply(r)));
        return new ArrayList<>(values);
    }

    private static ResultRow find(List<ResultRow> rows, String backend, String dtype) {
        return rows.stream().filter(r -> r.text(Column.BACKEND).equals(backend) && r.text(Column.DTYPE).equals(dtype))
                .findFirst().orElse(null);
    }

    /** An OK row's value; null when the row is not OK or the value is missing or not positive (log axes). */
    static Double measured(ResultRow row, Column column) {
        if (row.status() != CellStatus.OK) {
            return null;
        }
        OptionalDouble value = row.decimal(column);
        return value.isPresent() && value.getAsDouble() > 0 ? value.getAsDouble() : null;
    }

    private static Double max(Double a, Double b) {
        return a == null ? b : b == null ? a : Double.valueOf(Math.max(a, b));
    }
}
