package dev.portbench.results.report;

import dev.portbench.results.Column;
import dev.portbench.results.DriftMetrics;
import dev.portbench.results.matrix.MigrationMatrix;
import dev.portbench.results.matrix.MigrationPair;

/**
 * The migration matrix as an HTML table, the same columns as {@code MigrationMatrixTable}'s text form: ratios
 * target / source with the throughput's interval, the verdict coloured, drift of the target's outputs against the
 * source's and of each side against the oracle.
 */
final class MigrationMatrixHtml {

    private static final String[] HEADER = {"scenario · workload · phase · dtype", "source → target", "status",
        "tokens/s ratio [99.8% range]", "verdict", "target on accelerator", "p50 ratio", "peak RSS ratio", "weights ratio",
        "rel_l2 target vs source", "source rel_l2 vs oracle", "target rel_l2 vs oracle", "target top-1 vs oracle",
        "note"};

    private MigrationMatrixHtml() {
    }

    static String render(MigrationMatrix matrix) {
        StringBuilder out = new StringBuilder("<table id=\"migration-matrix\" class=\"wide\">\n<thead><tr>");
        for (String h : HEADER) {
            out.append("<th>").append(Html.text(h)).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (MigrationPair pair : matrix.pairs()) {
            DriftMetrics.Drift d = pair.targetVsSource().drift();
            String verdict = pair.throughputVerdict().csv();
            out.append("<tr>");
            td(out, pair.sourceKey().cellLabel());
            td(out, pair.sourceKey().backend() + " → " + pair.targetKey().backend());
            td(out, pair.status());
            td(out, Display.range(pair.throughput()));
            out.append("<td class=\"verdict ").append(verdict).append("\">").append(verdict.replace('_', ' '))
                    .append("</td>");
            td(out, pair.targetOnAccelerator().orElse(Display.NONE));
            td(out, Display.ratio(pair.ratio(Column.LATENCY_P50_MS)));
            td(out, Display.ratio(pair.ratio(Column.PEAK_RSS_MB)));
            td(out, Display.ratio(pair.ratio(Column.WEIGHTS_MB)));
            td(out, d == null ? Display.NONE : Display.computedDrift(d.relL2()));
            td(out, Display.drift(pair.sourceValue(Column.REL_L2)));
            td(out, Display.drift(pair.targetValue(Column.REL_L2)));
            td(out, Display.amount(pair.targetValue(Column.TOP1_AGREEMENT)));
            out.append("<td class=\"reason\">").append(Html.text(pair.targetVsSource().note())).append("</td>");
            out.append("</tr>\n");
        }
        return out.append("</tbody>\n</table>\n").toString();
    }

    private static void td(StringBuilder out, String text) {
        out.append("<td>").append(Html.text(text)).append("</td>");
    }
}
