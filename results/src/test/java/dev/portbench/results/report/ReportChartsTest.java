package dev.portbench.results.report;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReportChartsTest {

    @TempDir
    Path tmp;

    private ReportCharts charts;

    @BeforeEach
    void threeNights() throws IOException {
        charts = ReportCharts.of(ReportRuns.load(List.of(SyntheticRuns.threeNights(tmp))));
    }

    private static List<Double> values(Double... values) {
        return Arrays.asList(values);
    }

    @Test
    void throughputIsAChartPerScenarioWorkloadAndPhaseWithABarPerDtype() {
        assertEquals(List.of("dense-x · prefill · prefill", "moe-x · decode · prefill", "moe-x · decode · decode"),
                charts.throughput().stream().map(ChartSpec::title).toList());
        ChartSpec dense = charts.throughput().get(0);
        assertEquals("throughput-1", dense.id());
        assertEquals(List.of("fast", "slow"), dense.labels());
        assertEquals(new ChartSpec.Series("fp32", values(1200.0, 100.0), values(10.0, 5.0)), dense.series().get(0));
        // slow's fp16 cell is SKIPPED: a gap, not a zero
        assertEquals(new ChartSpec.Series("fp16", values(1500.0, null), values(30.0, null)), dense.series().get(1));
        assertEquals(values(200.0, 20.0), charts.throughput().get(2).series().get(0).values());
    }

    @Test
    void latencyListsOnlyCellsThatRanWithTheirPercentiles() {
        assertEquals(3, charts.latency().size());
        ChartSpec dense = charts.latency().get(0);
        assertEquals(List.of("fast fp32", "slow fp32", "fast fp16"), dense.labels());
        assertEquals(List.of("p50", "p90", "p99"), dense.series().stream().map(ChartSpec.Series::label).toList());
        assertEquals(values(2.0, 20.0, 1.5), dense.series().get(0).values());
        assertEquals(values(3.0, 30.0, 2.25), dense.series().get(1).values());
        assertEquals(values(4.0, 40.0, 3.0), dense.series().get(2).values());
    }

    @Test
    void memoryIsPerWorkloadAndADecodeCellCountsItsLargerPhase() {
        assertEquals(List.of("dense-x · prefill", "moe-x · decode"),
                charts.memory().stream().map(ChartSpec::title).toList());
        ChartSpec moe = charts.memory().get(1);
        assertEquals(List.of("fast fp32", "slow fp32"), moe.labels());
        assertEquals(values(310.0, 225.0), moe.series().get(0).values()); // max of 305/310 and 220/225
        assertEquals(values(12.0, 24.0), moe.series().get(1).values());
    }

    @Test
    void trendIsAChartPerCellWithALinePerBackendAndAGapWhereANightLacksTheCell() {
        assertEquals(List.of("dense-x · prefill · prefill · fp32", "dense-x · prefill · prefill · fp16",
                "moe-x · decode · prefill · fp32", "moe-x · decode · decode · fp32"),
                charts.trend().stream().map(ChartSpec::title).toList());
        ChartSpec dense = charts.trend().get(0);
        assertEquals(List.of("night-1", "night-2", "night-3"), dense.labels());
        assertEquals(values(1000.0, 1100.0, 1200.0), dense.series().get(0).values());
        assertEquals(values(100.0, 100.0, 100.0), dense.series().get(1).values());
        assertEquals(List.of("fast"), charts.trend().get(1).series().stream().map(ChartSpec.Series::label).toList(),
                "slow never ran fp16: no line");
        assertEquals(values(null, 500.0, 500.0), charts.trend().get(2).series().get(0).values());
        assertEquals(3 + 3 + 2 + 4, charts.all().size());
    }

    @Test
    void oneRunHasNoTrend() throws IOException {
        ReportCharts one = ReportCharts.of(ReportRuns.load(List.of(tmp.resolve("a-third"))));
        assertEquals(List.of(), one.trend());
        assertEquals(3 + 3 + 2, one.all().size());
    }

    @Test
    void runsFromSeveralHostsGetALinePerBackendAndHost() throws IOException {
        Path other = SyntheticRuns.write(tmp.resolve("other"), List.of(SyntheticRuns.ok(SyntheticRuns.row("x",
                "lab2", "2026-01-05T00:00:00Z", "dense-x", "prefill", "prefill", "fp32", "fast"), 7, 1, 1, 1, 1, 0)));
        ReportCharts mixed = ReportCharts.of(ReportRuns.load(List.of(tmp.resolve("a-third"), other)));
        ChartSpec dense = mixed.trend().get(0);
        assertEquals(List.of("fast @ lab1", "slow @ lab1", "fast @ lab2"),
                dense.series().stream().map(ChartSpec.Series::label).toList());
        assertEquals(values(null, 7.0), dense.series().get(2).values());
    }

    @Test
    void logAxesStartAtThePowerOfTenBelowTheSmallestValue() {
        assertEquals(100.0, charts.throughput().get(0).logAxisMinimum(), 1e-12); // smallest 100
        assertEquals(10.0, charts.throughput().get(2).logAxisMinimum(), 1e-12); // smallest 20
        assertEquals(0.1, charts.latency().get(2).logAxisMinimum(), 1e-15); // smallest p50 0.25
    }

    /**
     * 20 nights of one cell on lab1, tokens/s 1000 then 900 from night 12 (0-based), with ±1 % alternation: the
     * history finds the drop there, and the trend marks that night, naming the backend and the change.
     */
    @Test
    void theTrendMarksEachChangePointAtTheNightItsLevelBegan() throws IOException {
        for (int night = 0; night < 20; night++) {
            String id = String.format(java.util.Locale.ROOT, "2026-11-%02d", night + 1);
            double value = (night >= 12 ? 900 : 1000) * (night % 2 == 0 ? 1.01 : 0.99);
            dev.portbench.results.runs.SyntheticRun.at(tmp.resolve("steps").resolve(id))
                    .add(dev.portbench.results.runs.SyntheticRun.okRow("dense-small", "onnxruntime-cpu", value, 5)
                            .set(dev.portbench.results.Column.RUN_ID, id)
                            .set(dev.portbench.results.Column.STARTED_UTC, id + "T02:00:00Z"))
                    .write();
        }
        ReportRuns runs = ReportRuns.load(List.of(tmp.resolve("steps")));
        List<dev.portbench.results.history.HistoryGate.Finding> history =
                dev.portbench.results.history.HistoryGate.defaults().judge(runs.runs());
        ChartSpec trend = ReportCharts.of(runs, history).trend().get(0);
        assertEquals(1, trend.markers().size(), trend.markers().toString());
        ChartSpec.Marker m = trend.markers().get(0);
        assertEquals(12, m.index());
        assertEquals("2026-11-13", trend.labels().get(m.index()).substring(0, 10));
        assertEquals("onnxruntime-cpu -10.0%", m.text());
        assertEquals(true, m.drop());
        assertEquals(List.of(), ReportCharts.of(runs).trend().get(0).markers(), "no history, no markers");
        assertEquals(List.of(m.index()), ((List<?>) trend.toJson().get("markers")).stream()
                .map(x -> ((java.util.Map<?, ?>) x).get("index")).toList());
    }

    /** A night merged from two hosts: each trend line is named after its rows' host, not the run's first row's. */
    @Test
    void aMergedNightsLinesNameTheHostOfTheirRows() throws IOException {
        for (int night = 1; night <= 2; night++) {
            String id = "2026-11-0" + night;
            dev.portbench.results.runs.SyntheticRun.at(tmp.resolve("merged").resolve(id))
                    .add(dev.portbench.results.runs.SyntheticRun.okRow("dense-small", "onnxruntime-cpu", 1000, 5)
                            .set(dev.portbench.results.Column.HOST, "node1")
                            .set(dev.portbench.results.Column.STARTED_UTC, id + "T02:00:00Z"))
                    .add(dev.portbench.results.runs.SyntheticRun.okRow("moe-small", "onnxruntime-cpu", 800, 5)
                            .set(dev.portbench.results.Column.HOST, "node2")
                            .set(dev.portbench.results.Column.STARTED_UTC, id + "T02:00:00Z"))
                    .write();
        }
        List<ChartSpec> trend = ReportCharts.of(ReportRuns.load(List.of(tmp.resolve("merged")))).trend();
        assertEquals(List.of("onnxruntime-cpu @ node1", "onnxruntime-cpu @ node2"), trend.stream()
                .map(c -> c.series().get(0).label()).toList());
    }
}
