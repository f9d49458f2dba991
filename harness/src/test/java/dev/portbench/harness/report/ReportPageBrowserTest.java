package dev.portbench.harness.report;

import dev.portbench.harness.cli.Main;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Report pages written by {@code portbench report} and loaded in a real headless Chromium: no script errors, every
 * chart the data implies drawn, the tables there, hostile names inert. Without a browser the tests are skipped with
 * the reason, unless PORTBENCH_REQUIRE_BROWSER=1 (CI), where a missing browser fails them.
 */
class ReportPageBrowserTest {

    static final String REQUIRE = "PORTBENCH_REQUIRE_BROWSER";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    private HeadlessChromium browser;

    @BeforeEach
    void findBrowser() {
        browser = HeadlessChromium.find().orElse(null);
        if (browser == null) {
            String reason = "no headless browser found; looked for " + HeadlessChromium.searched();
            if ("1".equals(System.getenv(REQUIRE))) {
                fail(REQUIRE + "=1 but " + reason);
            }
            Assumptions.abort(reason + " (set " + REQUIRE + "=1 to make this a failure)");
        }
    }

    private Path report(Path out, String... runs) {
        String[] args = new String[runs.length + 3];
        args[0] = "report";
        System.arraycopy(runs, 0, args, 1, runs.length);
        args[runs.length + 1] = "--out";
        args[runs.length + 2] = out.toString();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        return out;
    }

    @Test
    void threeNightsDrawEveryChartWithoutErrors() throws IOException, InterruptedException {
        Path page = report(tmp.resolve("nightly.html"), ReportFixtures.threeNights(tmp.resolve("nights")).toString());
        ReportPageCheck check = ReportPageCheck.of(browser.dumpDom(page, TIMEOUT));
        assertEquals(List.of(), check.problems());
        assertEquals("done", check.state());
        // the latest night's 3 throughput + 3 latency + 2 memory charts, and 4 trend charts (see ReportFixtures)
        assertEquals(12, check.chartsExpected());
        assertEquals(12, check.chartsRendered());
        assertEquals(12, check.canvasesDrawn());
        assertEquals(2, check.heatMaps(), "fp32 and fp16");
        assertTrue(check.migrationMatrix());
        assertEquals(0, check.markersExpected(), "three nights are too few for a change point");
    }

    @Test
    void theTrendDrawsTheChangePointTheHistoryFound() throws IOException, InterruptedException {
        Path page = report(tmp.resolve("steps.html"), ReportFixtures.twentyNightsWithAStep(tmp.resolve("n")).toString());
        ReportPageCheck check = ReportPageCheck.of(browser.dumpDom(page, TIMEOUT));
        assertEquals(List.of(), check.problems());
        assertEquals(4, check.chartsRendered());
        assertEquals(1, check.markersExpected());
        assertEquals(1, check.markersDrawn());
        assertTrue(check.summary().endsWith(", 1 of 1 change-point markers"), check.summary());
    }

    @Test
    void hostileNamesDoNotRunAsScript() throws IOException, InterruptedException {
        String scenario = "</script><script>document.documentElement.setAttribute('data-pwned','script')</script>";
        String backend = "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">";
        String t = "2026-02-01T00:00:00Z";
        Path run = ReportFixtures.write(tmp.resolve("run"), List.of(
                ReportFixtures.ok("r1", t, scenario, "prefill", "prefill", "fp32", backend, 500),
                ReportFixtures.ok("r1", t, scenario, "prefill", "prefill", "fp32", "fast", 1000),
                // names that are also properties of every JavaScript object
                ReportFixtures.ok("r1", t, scenario, "prefill", "prefill", "fp32", "constructor", 700),
                ReportFixtures.ok("r1", t, scenario, "prefill", "prefill", "__proto__", "toString", 900)));
        Path page = report(tmp.resolve("hostile.html"), run.toString());
        String dom = browser.dumpDom(page, TIMEOUT);
        ReportPageCheck check = ReportPageCheck.of(dom);
        assertEquals(List.of(), check.problems());
        assertEquals(3, check.chartsRendered(), "throughput, latency and memory of the one group");
        Matcher html = Pattern.compile("<html[^>]*>").matcher(dom);
        assertTrue(html.find());
        assertFalse(html.group().contains("data-pwned"), "a name ran as script: " + html.group());
        assertFalse(dom.contains("<img src=\"x\""), "a name became an element");
        assertTrue(dom.contains("&lt;/script&gt;&lt;script&gt;document.documentElement"), "shown as text");
    }

    @Test
    void aPageWhoseChartsFailIsCaught() throws IOException, InterruptedException {
        Path page = report(tmp.resolve("ok.html"), ReportFixtures.night(tmp.resolve("run"), 1).toString());
        String html = Files.readString(page);
        // drop the inlined Chart.js: every chart must now fail, and the page must say so
        int start = html.indexOf("<script>\n/*!\n * Chart.js");
        int end = html.indexOf("</script>", start) + "</script>".length();
        assertTrue(start > 0 && end > start, "Chart.js is inlined");
        Path broken = Files.writeString(tmp.resolve("broken.html"), html.substring(0, start) + html.substring(end));
        ReportPageCheck check = ReportPageCheck.of(browser.dumpDom(broken, TIMEOUT));
        assertFalse(check.ok());
        assertEquals(8, check.chartsExpected());
        assertEquals(0, check.chartsRendered());
        assertEquals(8, check.errors().size(), String.valueOf(check.errors()));
        assertTrue(check.errors().get(0).contains("Chart is not defined"), check.errors().get(0));
    }

    @Test
    void checkReportExitsZeroForAGoodPageAndOneForABrokenOne() throws IOException {
        Path page = report(tmp.resolve("ok.html"), ReportFixtures.night(tmp.resolve("run"), 1).toString());
        StringWriter out = new StringWriter();
        int code = Main.execute(new String[] {"check-report", page.toString()}, new PrintWriter(out),
                new PrintWriter(new StringWriter()));
        assertEquals(0, code, out.toString());
        assertEquals(page + ": 8 of 8 charts drawn, 0 script errors, 2 drift heat maps, migration matrix\n",
                out.toString());

        Path broken = Files.writeString(tmp.resolve("broken.html"),
                Files.readString(page).replace("new Chart(canvas, config(spec, canvas));", "throw new Error('boom');"));
        out = new StringWriter();
        code = Main.execute(new String[] {"check-report", broken.toString()}, new PrintWriter(out),
                new PrintWriter(new StringWriter()));
        assertEquals(1, code, out.toString());
        assertTrue(out.toString().contains("  script error: chart throughput-1: boom\n"), out.toString());
        assertTrue(out.toString().contains("  0 of 8 charts drawn\n"), out.toString());
    }
}
