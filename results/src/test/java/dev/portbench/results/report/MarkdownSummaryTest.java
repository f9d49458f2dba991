package dev.portbench.results.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkdownSummaryTest {

    @TempDir
    Path tmp;

    private static String summary(List<Path> runs) throws IOException {
        return MarkdownSummary.render(Report.of(ReportRuns.load(runs), List.of(), List.of()), "my report.html",
                "my report-history.csv");
    }

    @Test
    void threeNightsListCellsFailuresMatrixAndTrend() throws IOException {
        String md = summary(List.of(SyntheticRuns.threeNights(tmp)));
        assertTrue(md.contains("Latest run **night-3** on lab1, started 2026-01-03T02:00:03Z (OK 7, SKIPPED 1). "
                + "Charts: [my report.html](my%20report.html); history: "
                + "[my report-history.csv](my%20report-history.csv).\n"), md);
        assertTrue(md.contains("| night-1 | 2026-01-01T02:00:01Z | lab1 | OK 3, SKIPPED 1 |\n"), md);
        assertTrue(md.contains("| dense-x/prefill/prefill/fp32 | fast | fast 1.0 | OK | 1200 ± 10 | 2 | 3 | 4 | - | - "
                + "| 300 | 10 | - | - | - | 1.00e-07 | 1 |\n"), md);
        assertTrue(md.contains("## Cells not OK\n\n| cell | status | reason |\n|---|---|---|\n"
                + "| dense-x/prefill/prefill/fp16/slow | SKIPPED | slow runs fp32 only |\n"), md);
        assertTrue(md.contains("| source ↓ target → | fast | slow |\n|---|---|---|\n| fast | - | 0.094 |\n"
                + "| slow | 10.627 | - |\n"), md);
        assertTrue(md.contains("| dense-x/prefill/prefill/fp32/fast | 3 | 1000 | 1200 | 1.200 |\n"), md);
        assertTrue(md.contains("| moe-x/decode/prefill/fp32/fast | 2 | 500 | 500 | 1.000 |\n"), md);
    }

    /** Two hosts' nights: the trend is per host, as the page's chart draws it, not lab1's first vs lab2's latest. */
    @Test
    void theTrendOfSeveralHostsIsPerHost() throws IOException {
        String[][] nights = {{"lab1", "1", "1000"}, {"lab2", "1", "500"}, {"lab1", "2", "1100"}, {"lab2", "2", "450"}};
        List<Path> runs = new java.util.ArrayList<>();
        for (String[] n : nights) {
            runs.add(SyntheticRuns.write(tmp.resolve(n[0] + "-" + n[1]), List.of(SyntheticRuns.ok(SyntheticRuns.row(
                    n[0] + "-" + n[1], n[0], "2026-01-0" + n[1] + "T02:00:00Z", "d", "prefill", "prefill", "fp32",
                    "ort"), Double.parseDouble(n[2]), 1, 1, 1, 1, 0))));
        }
        String md = summary(runs);
        assertTrue(md.contains("| d/prefill/prefill/fp32/ort @ lab1 | 2 | 1000 | 1100 | 1.100 |\n"), md);
        assertTrue(md.contains("| d/prefill/prefill/fp32/ort @ lab2 | 2 | 500 | 450 | 0.900 |\n"), md);
    }

    @Test
    void namesCannotBreakTablesOrInjectMarkup() throws IOException {
        Path run = SyntheticRuns.write(tmp.resolve("run"), List.of(SyntheticRuns.ok(SyntheticRuns.row("r1", "h",
                "2026-01-01T00:00:00Z", "<b>x</b>", "prefill", "prefill", "fp32", "a|b\n[c](http://e)"),
                10, 1, 1, 1, 1, 0)));
        String md = summary(List.of(run));
        assertTrue(md.contains("| &lt;b&gt;x&lt;/b&gt;/prefill/prefill/fp32 | a\\|b \\[c\\](http://e) |"), md);
        assertFalse(md.contains("<b>"));
    }
}
