package dev.portbench.results.report;

import dev.portbench.results.Column;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest {

    @TempDir
    Path tmp;

    private static int count(String text, String regex) {
        return (int) Pattern.compile(regex).matcher(text).results().count();
    }

    private static String page(List<Path> runs) throws IOException {
        return HtmlReport.render(Report.of(ReportRuns.load(runs), List.of(), List.of()), "r.md", "r-history.csv");
    }

    @Test
    void threeNightsHaveEverySectionAndOneCanvasPerChart() throws IOException {
        String page = page(List.of(SyntheticRuns.threeNights(tmp)));
        for (String id : List.of("throughput", "latency", "memory", "drift", "matrix", "trend", "cells")) {
            assertTrue(page.contains("<h2 id=\"" + id + "\">"), id);
        }
        // 3 throughput + 3 latency + 2 memory + 4 trend, worked out in ReportChartsTest
        assertTrue(page.contains("data-charts-expected=\"12\""));
        assertEquals(12, count(page, "<canvas "));
        assertEquals(2, count(page, "<table class=\"heatmap\""), "a heat map per dtype");
        assertEquals(1, count(page, "<table id=\"migration-matrix\""));
        // fast -> slow for fast's 4 cells, slow -> fast for slow's 4: 8 pairs
        String matrix = page.substring(page.indexOf("id=\"migration-matrix\""));
        assertEquals(8, count(matrix.substring(0, matrix.indexOf("</table>")), "<tr><td>"));
        assertTrue(page.contains("<a href=\"r-history.csv\">"));
        assertEquals(4, count(page, "<script"), "error recorder, Chart.js, data, drawing script");
        assertFalse(page.contains("sourceMappingURL"), "nothing for a browser to fetch");
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(page).find(), "no remote resources");
    }

    @Test
    void heatMapCellsAreColouredOnTheLogScale() throws IOException {
        String page = page(List.of(SyntheticRuns.threeNights(tmp).resolve("a-third")));
        // fast fp32 rel_l2 1e-7: position (-7 + 8) / 7, hue 120 * 6/7 = 102.86
        assertTrue(page.contains("style=\"background:hsl(103, 70%, 78%)\" title=\"cosine 1, top-1 agreement 1, "
                + "routing agreement -, max_abs_err -, vs reference-fp64\">1.00e-07</td>"), page);
        // fp16 5e-4: (log10(5e-4) + 8) / 7 = 0.6713, hue 120 * 0.3287 = 39.4
        assertTrue(page.contains("style=\"background:hsl(39, 70%, 78%)\""));
        assertTrue(page.contains("<td class=\"status\" title=\"slow runs fp32 only\">SKIPPED</td>"));
    }

    @Test
    void migrationOverviewIsTheGeometricMeanOfMeasuredRatios() throws IOException {
        String page = page(List.of(SyntheticRuns.threeNights(tmp).resolve("a-third")));
        // fast -> slow: 100/1200, 50/500, 20/200 (fp16 not measured on slow): cube root of 1/1200 = 0.0941
        assertTrue(page.contains(">0.094 <small>(3 cells)</small></td>"), page);
        // slow -> fast: the reciprocals, 10.63
        assertTrue(page.contains(">10.627 <small>(3 cells)</small></td>"), page);
    }

    @Test
    void hostileNamesAreTextNotMarkup() throws IOException {
        String scenario = "</script><script>alert(1)</script>";
        String backend = "<img src=x onerror=alert(2)>";
        Path run = SyntheticRuns.write(tmp.resolve("run"), List.of(
                SyntheticRuns.ok(SyntheticRuns.row("r\"1", "h'1", "2026-01-01T00:00:00Z", scenario, "prefill",
                        "prefill", "fp32", backend), 10, 1, 1, 1, 1, 1e-6),
                SyntheticRuns.ok(SyntheticRuns.row("r\"1", "h'1", "2026-01-01T00:00:00Z", scenario, "prefill",
                        "prefill", "fp32", "b&b"), 20, 1, 1, 1, 1, 1e-6)));
        String page = page(List.of(run));
        assertFalse(page.contains(scenario), "raw scenario name on the page");
        assertFalse(page.contains(backend), "raw backend name on the page");
        assertFalse(page.contains("alert(1)</"), "no closing tag from a name");
        assertEquals(4, count(page, "<script"), "only the page's own script elements");
        assertTrue(page.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), "HTML-escaped in tables");
        assertTrue(page.contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"), "JSON-escaped in the data");
        assertTrue(page.contains("&lt;img src=x onerror=alert(2)&gt;"));
        assertTrue(page.contains("aria-label=\"&lt;/script&gt;"), "escaped in attributes");
        assertTrue(page.contains("<td>r&quot;1</td>") && page.contains("<td>h&#39;1</td>"));
    }

    @Test
    void aRunWithoutRowsStillRendersAPage() throws IOException {
        Path run = SyntheticRuns.write(tmp.resolve("run"), List.of());
        String page = page(List.of(run));
        assertTrue(page.contains("data-charts-expected=\"0\""));
        assertTrue(page.contains("No backend pairs"));
        assertEquals(0, count(page, "<canvas "));
        assertTrue(page.contains("<td>run</td><td>-</td>"), "labelled by its directory, no start time");
    }

    /** A night merged from runs of two suites names both, whatever the order of its rows. */
    @Test
    void aMergedNightsRowInTheRunsTableNamesEverySuiteAndHost() throws IOException {
        Path run = SyntheticRuns.write(tmp.resolve("night"), List.of(
                SyntheticRuns.ok(SyntheticRuns.row("r2", "hostB", "2026-01-01T00:00:00Z", "moe-small", "prefill",
                        "prefill", "fp32", "b").set(Column.SUITE, "lab-moe"), 10, 1, 1, 1, 1, 1e-6),
                SyntheticRuns.ok(SyntheticRuns.row("r1", "hostA", "2026-01-01T00:00:00Z", "dense-small", "prefill",
                        "prefill", "fp32", "b"), 20, 1, 1, 1, 1, 1e-6)));
        String runs = page(List.of(run));
        runs = runs.substring(runs.indexOf("<table id=\"runs\""));
        runs = runs.substring(0, runs.indexOf("</table>"));
        assertTrue(runs.contains("<td>night (2 runs)</td><td>2026-01-01T00:00:00Z</td><td>hostA, hostB</td>"
                + "<td>lab-moe, nightly</td>"), runs.replace("\n", "|"));
    }

    @Test
    void changePointsAreListedWithTheirHostNightAndOutcome() throws IOException {
        assertTrue(page(List.of(SyntheticRuns.threeNights(tmp))).contains("No change point in any cell's tokens/s"
                + " over 3 runs."));
        java.util.Random noise = new java.util.Random(5);
        List<Path> nights = new java.util.ArrayList<>();
        for (int n = 0; n < 20; n++) { // 20 nights of lab1; dense-x drops 10 % from night 14
            String started = String.format(java.util.Locale.ROOT, "2026-11-%02dT02:00:00Z", n + 1);
            double tokens = 1000 * (1 + 0.02 * noise.nextGaussian()) * (n >= 14 ? 0.9 : 1);
            nights.add(SyntheticRuns.write(tmp.resolve("series").resolve("n" + n), List.of(SyntheticRuns.ok(
                    SyntheticRuns.row("night-" + n, "lab1", started, "dense-x", "prefill", "prefill", "fp32", "fast"),
                    tokens, 5, 1, 100, 10, 1e-7))));
        }
        String page = page(nights);
        assertTrue(page.contains("<h2 id=\"change-points\">Change points</h2>"), page);
        assertTrue(page.contains("<tr><td>lab1</td><td>dense-x/prefill/prefill/fp32/fast</td><td>night-14</td>"),
                page);
        assertTrue(page.contains("</td><td>FAIL</td></tr>"), "a drop 6 nights old fails");
    }
}
