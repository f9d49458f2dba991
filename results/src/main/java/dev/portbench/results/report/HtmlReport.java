package dev.portbench.results.report;

import dev.portbench.results.Column;
import dev.portbench.results.LocatedRow;
import dev.portbench.results.ResultRow;
import dev.portbench.results.history.EDivisive;
import dev.portbench.results.history.HistoryGate;
import dev.portbench.results.runs.RunResults;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report as one self-contained HTML page: styles, Chart.js, the chart data and the drawing script are all
 * inline, so the page opens from a mail attachment or a CI artifact with no network.
 *
 * <p>The page records what its scripts did, for people and for the headless-browser check: {@code #report-status}
 * carries {@code data-state} ({@code loading}, then {@code done}), {@code data-charts-expected},
 * {@code data-charts-rendered} and {@code data-errors}; every script error is listed in {@code #report-errors}; each
 * drawn canvas gets {@code data-rendered="true"}. Text from results.csv is escaped for HTML ({@link Html}) and for
 * JSON inside a script ({@link Json}).
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    /**
     * @param markdownName the Markdown summary's file name, linked from the page
     * @param historyName  the history CSV's file name, linked from the page; null when none is written
     */
    public static String render(Report report, String markdownName, String historyName) {
        ReportRuns runs = report.runs();
        RunResults latest = runs.latest();
        List<ChartSpec> charts = report.charts().all();
        StringBuilder page = new StringBuilder(300_000);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>portbench report: ").append(Html.text(ReportRuns.label(latest))).append("</title>\n")
                .append("<style>\n").append(resource("report.css")).append("</style>\n</head>\n<body>\n")
                .append("<h1>portbench report</h1>\n")
                .append("<p id=\"report-status\" data-state=\"loading\" data-charts-expected=\"").append(charts.size())
                .append("\" data-markers-expected=\"").append(charts.stream().mapToInt(c -> c.markers().size()).sum())
                .append("\" data-charts-rendered=\"0\" data-markers-drawn=\"0\" data-errors=\"0\">")
                .append("Charts are not drawn: this page needs JavaScript.</p>\n<ul id=\"report-errors\"></ul>\n")
                .append(script(resource("report-errors.js")));

        page.append("<p>Latest run <b>").append(Html.text(ReportRuns.label(latest))).append("</b> on ")
                .append(Html.text(String.join(", ", latest.hosts()))).append(", started ").append(started(latest))
                .append(" (")
                .append(Html.text(CellSummary.statusCounts(latest))).append("). Throughput, latency, memory, drift "
                        + "and the migration matrix describe this run")
                .append(runs.size() > 1 ? "; the trend covers all " + runs.size() + " runs." : ".")
                .append(" Summary: <a href=\"").append(Html.attribute(markdownName)).append("\">")
                .append(Html.text(markdownName)).append("</a>");
        if (historyName != null) {
            page.append(", history: <a href=\"").append(Html.attribute(historyName)).append("\">")
                    .append(Html.text(historyName)).append("</a>");
        }
        page.append(".</p>\n");
        runsTable(page, runs);

        section(page, "throughput", "Throughput", "tokens/s by backend (log scale), a bar per dtype; "
                + "hover a bar for its 99.9% error.", report.charts().throughput());
        section(page, "latency", "Latency", "p50, p90 and p99 per backend and dtype (log scale).",
                report.charts().latency());
        section(page, "memory", "Memory", "peak RSS of the measuring JVM and the weights the backend holds.",
                report.charts().memory());

        page.append("<h2 id=\"drift\">Drift heat map</h2>\n<p class=\"note\">rel_l2 = ‖y − r‖₂ / ‖r‖₂ of each cell's "
                + "logits against its drift reference (the fp64 oracle), per dtype; hover a cell for cosine, top-1 "
                + "and routing agreement.</p>\n").append(DriftHeatMap.legend());
        page.append(report.drift().grids().isEmpty() ? "<p>No rows.</p>\n" : report.drift().html());

        page.append("<h2 id=\"matrix\">Migration matrix</h2>\n");
        if (report.matrix().pairs().isEmpty()) {
            page.append("<p>No backend pairs: the latest run has fewer than two backends, or none of the named "
                    + "ones.</p>\n");
        } else {
            page.append("<p class=\"note\">Moving each cell of the latest run from a source backend to a target "
                    + "backend: ratios are target / source; the range holds both sides' 99.9% intervals, and the "
                    + "verdict is significant only when the range excludes 1.</p>\n")
                    .append(MigrationOverview.html(report.matrix()))
                    .append("<details><summary>Every cell: ").append(report.matrix().pairs().size())
                    .append(" source → target pairs</summary>\n<div class=\"scroll\">\n")
                    .append(MigrationMatrixHtml.render(report.matrix())).append("</div>\n</details>\n");
        }

        if (runs.size() > 1) {
            section(page, "trend", "Trend", "tokens/s per run, oldest first (log scale); a gap is a run "
                    + "without the cell or where it did not run OK.", report.charts().trend());
            changePoints(page, report.history(), runs.size());
        }

        page.append("<h2 id=\"cells\">Cells of the latest run</h2>\n");
        cellsTable(page, latest);

        page.append("<p class=\"note\">Charts drawn with Chart.js ").append(Html.text(ChartJs.load().version()))
                .append(" (MIT License), inlined.</p>\n")
                .append(script(ChartJs.load().script()))
                .append("<script type=\"application/json\" id=\"report-data\">").append(data(charts))
                .append("</script>\n")
                .append(script(resource("report.js")))
                .append("</body>\n</html>\n");
        return page.toString();
    }

    private static void section(StringBuilder page, String id, String title, String note, List<ChartSpec> charts) {
        page.append("<h2 id=\"").append(id).append("\">").append(title).append("</h2>\n<p class=\"note\">")
                .append(Html.text(note)).append("</p>\n");
        if (charts.isEmpty()) {
            page.append("<p>Nothing measured to chart.</p>\n");
            return;
        }
        page.append("<div class=\"charts\" id=\"charts-").append(id).append("\">\n");
        for (ChartSpec chart : charts) {
            page.append("<figure class=\"chart\"><canvas id=\"").append(chart.id()).append("\" role=\"img\" aria-label=\"")
                    .append(Html.attribute(chart.title())).append("\"></canvas></figure>\n");
        }
        page.append("</div>\n");
    }

    /** Each cell's change points in tokens/s, per host, with the night its new level began and the gate's outcome. */
    private static void changePoints(StringBuilder page, List<HistoryGate.Finding> findings, int runs) {
        page.append("<h2 id=\"change-points\">Change points</h2>\n<p class=\"note\">Each host's cells, tokens/s"
                + " over their nights (E-divisive means: p &le; 0.01, at least 5 nights a side, a change of at least"
                + " 2%; docs/compare-and-gate.md). A drop whose new level began in the newest 10 nights fails"
                + " <code>gate --history</code>; an older one warns.</p>\n");
        List<HistoryGate.Finding> changed = findings.stream().filter(f -> !f.changePoints().isEmpty()).toList();
        if (changed.isEmpty()) {
            page.append("<p>No change point in any cell's tokens/s over ").append(runs).append(" runs.</p>\n");
            return;
        }
        page.append("<table id=\"change-point-table\"><thead><tr><th>host</th><th>cell</th><th>from night</th>"
                + "<th>tokens/s before</th><th>after</th><th>change</th><th>p</th><th>outcome</th></tr></thead>\n"
                + "<tbody>\n");
        for (HistoryGate.Finding f : changed) {
            for (EDivisive.ChangePoint c : f.changePoints()) {
                RunResults night = f.nights().get(c.index());
                page.append("<tr><td>").append(Html.text(f.host())).append("</td><td>")
                        .append(Html.text(f.key().label())).append("</td><td>")
                        .append(Html.text(nightOf(night, f))).append("</td><td>")
                        .append(String.format(java.util.Locale.ROOT, "%.4g</td><td>%.4g</td><td>%+.1f%%</td><td>%.3g",
                                c.meanBefore(), c.meanAfter(), c.relativeChange() * 100, c.pValue()))
                        .append("</td><td>").append(f.outcome()).append("</td></tr>\n");
            }
        }
        page.append("</tbody>\n</table>\n");
    }

    /** The night a cell's new level began: the run id of the cell's own row there (a merged night has several). */
    private static String nightOf(RunResults night, HistoryGate.Finding f) {
        String id = night.runId(f.key());
        return id.isEmpty() ? ReportRuns.label(night) : id;
    }

    private static void runsTable(StringBuilder page, ReportRuns runs) {
        page.append("<table id=\"runs\"><caption>Runs, oldest first</caption>\n<thead><tr><th>run</th>"
                + "<th>started (UTC)</th><th>host</th><th>suite</th><th>rows</th><th>directory</th></tr></thead>\n"
                + "<tbody>\n");
        for (RunResults run : runs.runs()) {
            page.append("<tr><td>").append(Html.text(ReportRuns.label(run))).append("</td><td>").append(started(run))
                    .append("</td><td>").append(Html.text(String.join(", ", run.hosts()))).append("</td><td>")
                    .append(Html.text(String.join(", ", run.suites()))).append("</td><td>")
                    .append(Html.text(CellSummary.statusCounts(run)))
                    .append("</td><td>")
                    .append(Html.text(String.valueOf(run.directory().getFileName()))).append("</td></tr>\n");
        }
        page.append("</tbody>\n</table>\n");
    }

    private static void cellsTable(StringBuilder page, RunResults run) {
        page.append("<div class=\"scroll\"><table id=\"cells-table\" class=\"wide\">\n<thead><tr>");
        CellSummary.headers().forEach(h -> page.append("<th>").append(Html.text(h)).append("</th>"));
        page.append("<th>reason</th></tr></thead>\n<tbody>\n");
        for (LocatedRow located : run.rows().values()) {
            ResultRow row = located.row();
            page.append("<tr>");
            CellSummary.values(row).forEach(v -> page.append("<td>").append(Html.text(v)).append("</td>"));
            page.append("<td class=\"reason\">").append(Html.text(row.text(Column.REASON))).append("</td></tr>\n");
        }
        page.append("</tbody>\n</table></div>\n");
    }

    private static String started(RunResults run) {
        return Display.instant(run.startedUtc());
    }

    private static String data(List<ChartSpec> charts) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("charts", charts.stream().map(ChartSpec::toJson).toList());
        return Json.write(data);
    }

    private static String script(String javascript) {
        return "<script>\n" + ChartJs.inlineSafe(javascript) + "\n</script>\n";
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing next to " + HtmlReport.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }
}
