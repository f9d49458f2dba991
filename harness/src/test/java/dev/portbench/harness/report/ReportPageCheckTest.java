package dev.portbench.harness.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading a dumped DOM, without a browser: what counts as a problem. */
class ReportPageCheckTest {

    private static String dom(String state, int expected, int rendered, String errors, String canvases) {
        return "<html><body><p id=\"report-status\" data-state=\"" + state + "\" data-charts-expected=\"" + expected
                + "\" data-charts-rendered=\"" + rendered + "\" data-errors=\"0\">x</p><ul id=\"report-errors\">"
                + errors + "</ul>" + canvases + "<table class=\"heatmap\" data-dtype=\"fp32\"></table>"
                + "<table id=\"migration-matrix\" class=\"wide\"></table></body></html>";
    }

    private static final String TWO_DRAWN = "<canvas id=\"a\" data-rendered=\"true\"></canvas>"
            + "<canvas id=\"b\" width=\"3\" data-rendered=\"true\"></canvas>";

    @Test
    void aCleanPageHasNoProblems() {
        ReportPageCheck check = ReportPageCheck.of(dom("done", 2, 2, "", TWO_DRAWN));
        assertEquals(List.of(), check.problems());
        assertEquals(1, check.heatMaps());
        assertTrue(check.migrationMatrix());
        assertEquals("2 of 2 charts drawn, 0 script errors, 1 drift heat map, migration matrix", check.summary());
    }

    @Test
    void errorsUndrawnChartsAndAnUnfinishedScriptAreProblems() {
        ReportPageCheck check = ReportPageCheck.of(dom("loading", 3, 1, "<li>x &lt; y at file:1</li>",
                "<canvas id=\"a\" data-rendered=\"true\"></canvas><canvas id=\"b\"></canvas>"));
        assertEquals(List.of("the drawing script did not finish (state loading)", "script error: x < y at file:1",
                "1 of 3 charts drawn", "1 of 2 canvases drawn; the page expects 3"), check.problems());
    }

    @Test
    void aChangePointMarkerNotDrawnIsAProblem() {
        String dom = dom("done", 2, 2, "", TWO_DRAWN).replace("data-errors=\"0\"",
                "data-errors=\"0\" data-markers-expected=\"2\" data-markers-drawn=\"1\"");
        ReportPageCheck check = ReportPageCheck.of(dom);
        assertEquals(List.of("1 of 2 change-point markers drawn"), check.problems());
        assertTrue(check.summary().endsWith(", 1 of 2 change-point markers"), check.summary());
    }

    @Test
    void aPageWithoutStatusIsNotAReport() {
        assertEquals(List.of("no element #report-status: not a portbench report page"),
                ReportPageCheck.of("<html><body>hello</body></html>").problems());
    }
}
