package dev.portbench.results.report;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.LocatedRow;
import dev.portbench.results.ResultRow;
import dev.portbench.results.matrix.MigrationMatrix;
import dev.portbench.results.matrix.MigrationPair;
import dev.portbench.results.runs.CellKey;
import dev.portbench.results.runs.RunResults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report as Markdown, for a pull request, a CI summary or a chat: the runs, every cell of the latest run, the
 * cells that did not run OK and why, the migration matrix, and with several runs each cell's tokens/s in its first
 * and latest run. Numbers as on the page ({@link Display}); names escaped ({@link Markdown}).
 */
public final class MarkdownSummary {

    private MarkdownSummary() {
    }

    /**
     * @param pageName    the HTML page's file name, linked
     * @param historyName the history CSV's file name, linked; null when none is written
     */
    public static String render(Report report, String pageName, String historyName) {
        ReportRuns runs = report.runs();
        RunResults latest = runs.latest();
        StringBuilder out = new StringBuilder("# portbench report\n\n");
        out.append("Latest run **").append(Markdown.text(ReportRuns.label(latest))).append("** on ")
                .append(Markdown.text(String.join(", ", latest.hosts()))).append(", started ")
                .append(Display.instant(latest.startedUtc()))
                .append(" (").append(CellSummary.statusCounts(latest)).append("). Charts: ")
                .append(Markdown.link(pageName));
        if (historyName != null) {
            out.append("; history: ").append(Markdown.link(historyName));
        }
        out.append(".\n\n## Runs\n\n");
        List<List<String>> runRows = new ArrayList<>();
        for (RunResults run : runs.runs()) {
            runRows.add(List.of(ReportRuns.label(run), Display.instant(run.startedUtc()),
                    String.join(", ", run.hosts()), CellSummary.statusCounts(run)));
        }
        Markdown.table(out, List.of("run", "started (UTC)", "host", "rows"), runRows);

        out.append("## Cells of the latest run\n\n");
        List<List<String>> cells = new ArrayList<>();
        latest.rows().values().forEach(r -> cells.add(CellSummary.values(r.row())));
        Markdown.table(out, CellSummary.headers(), cells);
        notOk(out, latest);
        matrix(out, report.matrix());
        if (runs.size() > 1) {
            out.append("## Trend\n\ntokens/s of each cell in the first and the latest run where it ran OK.\n\n");
            Markdown.table(out, List.of("cell", "runs OK", "first", "latest", "latest / first"), trend(runs));
        }
        return out.toString();
    }

    private static void notOk(StringBuilder out, RunResults run) {
        List<List<String>> rows = new ArrayList<>();
        for (LocatedRow located : run.rows().values()) {
            ResultRow row = located.row();
            if (row.status() != CellStatus.OK) {
                rows.add(List.of(CellKey.of(row).label(), row.text(Column.STATUS), row.text(Column.REASON)));
            }
        }
        if (!rows.isEmpty()) {
            out.append("## Cells not OK\n\n");
            Markdown.table(out, List.of("cell", "status", "reason"), rows);
        }
    }

    private static void matrix(StringBuilder out, MigrationMatrix matrix) {
        out.append("## Migration matrix\n\n");
        if (matrix.pairs().isEmpty()) {
            out.append("No backend pairs.\n\n");
            return;
        }
        out.append("tokens/s target / source, geometric mean over the cells measured on both:\n\n");
        List<String> header = new ArrayList<>(List.of("source ↓ target →"));
        header.addAll(matrix.targets());
        List<List<String>> grid = new ArrayList<>();
        for (String source : matrix.sources()) {
            List<String> row = new ArrayList<>(List.of(source));
            for (String target : matrix.targets()) {
                row.add(Display.ratio(MigrationOverview.geometricMean(matrix.pairs().stream()
                        .filter(p -> p.sourceKey().backend().equals(source) && p.targetKey().backend().equals(target))
                        .toList())));
            }
            grid.add(row);
        }
        Markdown.table(out, header, grid);
        List<List<String>> pairs = new ArrayList<>();
        for (MigrationPair pair : matrix.pairs()) {
            var drift = pair.targetVsSource().drift();
            pairs.add(List.of(pair.sourceKey().cellLabel(),
                    pair.sourceKey().backend() + " → " + pair.targetKey().backend(), pair.status(),
                    Display.range(pair.throughput()), pair.throughputVerdict().csv(),
                    Display.ratio(pair.ratio(Column.PEAK_RSS_MB)),
                    drift == null ? Display.NONE : Display.computedDrift(drift.relL2()),
                    Display.drift(pair.targetValue(Column.REL_L2))));
        }
        Markdown.table(out, List.of("cell", "source → target", "status", "tokens/s ratio [range]", "verdict",
                "peak RSS ratio", "rel_l2 target vs source", "target rel_l2 vs oracle"), pairs);
    }

    /** Per cell and host (the rows' own: a merged night may hold several), as the page's trend chart draws lines. */
    private static List<List<String>> trend(ReportRuns runs) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        boolean severalHosts = runs.runs().stream().flatMap(r -> r.hosts().stream()).distinct().count() > 1;
        for (RunResults run : runs.runs()) {
            for (LocatedRow located : run.rows().values()) {
                Double value = ReportCharts.measured(located.row(), Column.TOKENS_PER_S);
                if (value != null) {
                    String label = CellKey.of(located.row()).label()
                            + (severalHosts ? " @ " + located.row().text(Column.HOST) : "");
                    values.computeIfAbsent(label, k -> new ArrayList<>()).add(value);
                }
            }
        }
        List<List<String>> rows = new ArrayList<>();
        values.forEach((label, v) -> rows.add(List.of(label, Integer.toString(v.size()),
                Display.amount(v.get(0)), Display.amount(v.get(v.size() - 1)),
                Display.ratio(v.get(v.size() - 1) / v.get(0)))));
        return rows;
    }
}
