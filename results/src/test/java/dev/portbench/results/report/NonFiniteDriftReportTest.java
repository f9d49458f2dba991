package dev.portbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portbench.results.Column;
import dev.portbench.results.ReportCsv;
import dev.portbench.results.compare.BackendPairing;
import dev.portbench.results.compare.ComparisonCsv;
import dev.portbench.results.compare.RunComparison;
import dev.portbench.results.matrix.MigrationMatrix;
import dev.portbench.results.matrix.MigrationMatrixCsv;
import dev.portbench.results.matrix.MigrationMatrixTable;
import dev.portbench.results.runs.RunResults;
import dev.portbench.results.runs.SyntheticRun;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run where one backend's outputs hold a NaN: compare, matrix, history and the page read its NaN drift without
 * failing and show it as NaN, never as "-" (not measured) and never green.
 */
class NonFiniteDriftReportTest {

    @TempDir
    Path tmp;

    private RunResults run;

    @BeforeEach
    void nanRun() throws IOException {
        run = RunResults.load(SyntheticRun.at(tmp.resolve("run"))
                .add(SyntheticRun.okRow("dense", "ref", 1000, 5))
                .add(SyntheticRun.okRow("dense", "bad", 900, 5).setDrift(Column.MAX_ABS_ERR, Double.NaN)
                        .setDrift(Column.REL_L2, Double.NaN).setDrift(Column.COSINE, Double.NaN)
                        .setDrift(Column.KL, Double.NaN).set(Column.TOP1_AGREEMENT, 0.5)
                        .set(Column.REASON, "non-finite outputs: logits.npy holds 1 NaN of 6 values"))
                .logits("dense", "ref", 3, 1, 2, 3, 3, 2, 1)
                .logits("dense", "bad", 3, Double.NaN, 2, 3, 3, 2, 1)
                .write());
    }

    private static List<String> column(ReportCsv csv, String name) {
        int index = csv.header().indexOf(name);
        return csv.render().lines().skip(1).map(l -> l.split(",", -1)[index]).toList();
    }

    @Test
    void theRowReadsBackAsNaN() {
        OptionalDouble relL2 = run.rows().values().stream().map(r -> r.row())
                .filter(r -> r.text(Column.BACKEND).equals("bad")).findFirst().orElseThrow().decimal(Column.REL_L2);
        assertTrue(relL2.isPresent() && Double.isNaN(relL2.getAsDouble()), relL2.toString());
    }

    @Test
    void compareWritesNaNDeltasAndNaNOutputDrift() throws IOException {
        ReportCsv csv = ComparisonCsv.of(RunComparison.of(run, run, BackendPairing.of("ref", "bad")));
        assertEquals(List.of("NaN"), column(csv, "rel_l2_delta"));
        assertEquals(List.of("-0.5"), column(csv, "top1_agreement_delta"));
        // the saved outputs compared directly: bad's NaN against ref's finite logits
        assertEquals(List.of("NaN"), column(csv, "output_rel_l2"));
        assertEquals(List.of("NaN"), column(csv, "output_cosine"));
    }

    @Test
    void theMatrixShowsNaNInItsTableAndCsv() throws IOException {
        MigrationMatrix matrix = MigrationMatrix.of(run, run, List.of("ref"), List.of("bad"));
        ReportCsv csv = MigrationMatrixCsv.of(matrix);
        assertEquals(List.of("NaN"), column(csv, "target_rel_l2_vs_oracle"));
        assertEquals(List.of("4E-7"), column(csv, "source_rel_l2_vs_oracle"));
        assertEquals(List.of("NaN"), column(csv, "target_vs_source_rel_l2"));
        String line = MigrationMatrixTable.render(matrix).lines().skip(1).findFirst().orElseThrow();
        assertTrue(line.matches(".*ref -> bad .*  NaN +NaN +0\\.500$"), line);
    }

    @Test
    void historyThePageAndTheMarkdownShowNaN() throws IOException {
        ReportRuns runs = ReportRuns.load(List.of(tmp.resolve("run")));
        ReportCsv history = HistoryCsv.of(runs);
        assertEquals(List.of("4E-7", "NaN"), column(history, "rel_l2"));

        String page = HtmlReport.render(Report.of(runs, List.of(), List.of()), "r.md", "r-history.csv");
        String red = DriftColour.css(1);
        assertTrue(page.contains("style=\"background:" + red + "\" title=\"cosine NaN, top-1 agreement 0.5, "
                + "routing agreement -, max_abs_err NaN, vs oracle\">NaN</td>"), page);
        MarkdownSummary.render(Report.of(runs, List.of(), List.of()), "r.html", "r-history.csv");
    }

    /** The page's and the Markdown's migration matrix: bad's outputs against ref's are NaN, not "-" (not compared). */
    @Test
    void theReportsMigrationMatrixShowsTheNaNTargetVsSourceDrift() throws IOException {
        ReportRuns runs = ReportRuns.load(List.of(tmp.resolve("run")));
        Report report = Report.of(runs, List.of("ref"), List.of("bad"));
        String page = HtmlReport.render(report, "r.md", "r-history.csv");
        String row = page.substring(page.indexOf("<td>ref → bad</td>"));
        row = row.substring(0, row.indexOf("</tr>"));
        assertTrue(row.contains("<td>NaN</td><td>4.00e-07</td><td>NaN</td>"), row); // vs source, then vs the oracle
        String markdown = MarkdownSummary.render(report, "r.html", "r-history.csv");
        String line = markdown.lines().filter(l -> l.contains("ref") && l.contains("bad")).findFirst().orElseThrow();
        assertTrue(line.contains("| NaN |"), line);
    }

    @Test
    void nanIsTheReddestColourAndShowsAsNaN() {
        assertEquals(1.0, DriftColour.position(Double.NaN), 0);
        assertEquals(DriftColour.css(0.5), DriftColour.css(Double.NaN));
        assertEquals("NaN", Display.drift(OptionalDouble.of(Double.NaN)));
        assertEquals("NaN", Display.amount(OptionalDouble.of(Double.NaN)));
        assertEquals("-", Display.drift(OptionalDouble.empty()));
    }
}
