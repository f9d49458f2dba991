package dev.portbench.harness.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a report page's scripts left in its DOM (see {@code dev.portbench.results.report.HtmlReport}): the status
 * element's counts, the script errors it listed, the canvases and whether each was drawn, and the tables that
 * carry no script at all (drift heat maps, migration matrix). Read from a headless browser's {@code --dump-dom}.
 *
 * @param state           {@code done} once the drawing script ran to its end; {@code loading} if it never did;
 *                        empty when the page has no status element (not a portbench report)
 * @param chartsExpected  what the page says it should draw, from the data
 * @param chartsRendered  what the page counted as drawn
 * @param canvases        canvases in the DOM
 * @param canvasesDrawn   canvases marked {@code data-rendered="true"}
 * @param markersExpected the trend's change points the page holds
 * @param markersDrawn    those its charts drew
 */
public record ReportPageCheck(String state, int chartsExpected, int chartsRendered, List<String> errors,
                              int canvases, int canvasesDrawn, int heatMaps, boolean migrationMatrix,
                              int markersExpected, int markersDrawn) {

    private static final Pattern STATUS = Pattern.compile("<p id=\"report-status\"([^>]*)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-z-]+)=\"([^\"]*)\"");
    private static final Pattern ERRORS = Pattern.compile("<ul id=\"report-errors\">(.*?)</ul>", Pattern.DOTALL);
    private static final Pattern ITEM = Pattern.compile("<li>(.*?)</li>", Pattern.DOTALL);
    private static final Pattern CANVAS = Pattern.compile("<canvas\\b([^>]*)>");
    private static final Pattern HEAT_MAP = Pattern.compile("<table class=\"heatmap\"");

    /** Whether a page's source carries the status line of a page portbench report wrote, which this check reads. */
    public static boolean isReportPage(String html) {
        return STATUS.matcher(html).find();
    }

    public static ReportPageCheck of(String dom) {
        Matcher status = STATUS.matcher(dom);
        Map<String, String> attributes = status.find() ? attributes(status.group(1)) : Map.of();
        List<String> errors = new ArrayList<>();
        Matcher list = ERRORS.matcher(dom);
        if (list.find()) {
            Matcher item = ITEM.matcher(list.group(1));
            while (item.find()) {
                errors.add(unescape(item.group(1)));
            }
        }
        int canvases = 0;
        int drawn = 0;
        Matcher canvas = CANVAS.matcher(dom);
        while (canvas.find()) {
            canvases++;
            if ("true".equals(attributes(canvas.group(1)).get("data-rendered"))) {
                drawn++;
            }
        }
        return new ReportPageCheck(attributes.getOrDefault("data-state", ""),
                number(attributes.get("data-charts-expected")), number(attributes.get("data-charts-rendered")),
                List.copyOf(errors), canvases, drawn, (int) HEAT_MAP.matcher(dom).results().count(),
                dom.contains("<table id=\"migration-matrix\""), number(attributes.get("data-markers-expected")),
                number(attributes.get("data-markers-drawn")));
    }

    /** Everything wrong with the page; empty when it loaded cleanly and drew every chart it meant to. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (state.isEmpty()) {
            problems.add("no element #report-status: not a portbench report page");
            return problems;
        }
        if (!state.equals("done")) {
            problems.add("the drawing script did not finish (state " + state + ")");
        }
        errors.forEach(e -> problems.add("script error: " + e));
        if (chartsRendered != chartsExpected) {
            problems.add(chartsRendered + " of " + chartsExpected + " charts drawn");
        }
        if (canvases != chartsExpected || canvasesDrawn != canvases) {
            problems.add(canvasesDrawn + " of " + canvases + " canvases drawn; the page expects " + chartsExpected);
        }
        if (markersDrawn != markersExpected) {
            problems.add(markersDrawn + " of " + markersExpected + " change-point markers drawn");
        }
        return problems;
    }

    public boolean ok() {
        return problems().isEmpty();
    }

    /** e.g. {@code 16 of 16 charts drawn, 0 script errors, 2 drift heat maps, migration matrix}. */
    public String summary() {
        return chartsRendered + " of " + chartsExpected + " charts drawn, " + errors.size() + " script errors, "
                + heatMaps + " drift heat map" + (heatMaps == 1 ? "" : "s") + ", "
                + (migrationMatrix ? "migration matrix" : "no migration matrix")
                + (markersExpected > 0 ? ", " + markersDrawn + " of " + markersExpected + " change-point markers" : "");
    }

    private static Map<String, String> attributes(String tag) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(tag);
        while (m.find()) {
            attributes.put(m.group(1), unescape(m.group(2)));
        }
        return attributes;
    }

    private static int number(String text) {
        try {
            return text == null ? -1 : Integer.parseInt(text);
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
