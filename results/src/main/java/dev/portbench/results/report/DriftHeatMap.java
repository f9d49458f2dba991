package dev.portbench.results.report;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.LocatedRow;
import dev.portbench.results.ResultRow;
import dev.portbench.results.runs.CellKey;
import dev.portbench.results.runs.RunResults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drift against the oracle as a table per dtype: a row per scenario, workload and phase, a column per backend, each
 * cell the rel_l2 its row records, coloured on {@link DriftColour}'s log scale; the other drift metrics are in the
 * cell's tooltip. A cell that did not run shows its status, with the reason as tooltip.
 *
 * @param grids one per dtype, in order of first appearance in the run
 */
public record DriftHeatMap(List<Grid> grids) {

    /** One dtype's table; {@code cells} maps {@code row label -> backend -> row} (absent: no such cell). */
    public record Grid(String dtype, List<String> rows, List<String> backends, Map<String, Map<String, ResultRow>> cells) {
    }

    public static DriftHeatMap of(RunResults run) {
        Map<String, Map<String, Map<String, ResultRow>>> byDtype = new LinkedHashMap<>();
        Map<String, Set<String>> backends = new LinkedHashMap<>();
        for (LocatedRow located : run.rows().values()) {
            CellKey key = CellKey.of(located.row());
            byDtype.computeIfAbsent(key.dtype(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(key.scenario() + " · " + key.workload() + " · " + key.phase(),
                            k -> new LinkedHashMap<>())
                    .put(key.backend(), located.row());
            backends.computeIfAbsent(key.dtype(), k -> new LinkedHashSet<>()).add(key.backend());
        }
        List<Grid> grids = new ArrayList<>();
        byDtype.forEach((dtype, cells) -> grids.add(new Grid(dtype, new ArrayList<>(cells.keySet()),
                new ArrayList<>(backends.get(dtype)), cells)));
        return new DriftHeatMap(List.copyOf(grids));
    }

    String html() {
        StringBuilder out = new StringBuilder();
        for (Grid grid : grids) {
            out.append("<table class=\"heatmap\" data-dtype=\"").append(Html.attribute(grid.dtype())).append("\">\n")
                    .append("<caption>rel_l2 vs the drift reference, ").append(Html.text(grid.dtype()))
                    .append("</caption>\n<thead><tr><th>scenario · workload · phase</th>");
            grid.backends().forEach(b -> out.append("<th>").append(Html.text(b)).append("</th>"));
            out.append("</tr></thead>\n<tbody>\n");
            for (String label : grid.rows()) {
                out.append("<tr><th>").append(Html.text(label)).append("</th>");
                for (String backend : grid.backends()) {
                    out.append(cell(grid.cells().get(label).get(backend)));
                }
                out.append("</tr>\n");
            }
            out.append("</tbody>\n</table>\n");
        }
        return out.toString();
    }

    /** A row of swatches, one per decade of the colour scale. */
    static String legend() {
        StringBuilder out = new StringBuilder("<p class=\"legend\">rel_l2: ");
        for (int e = DriftColour.LOWEST_EXPONENT; e <= DriftColour.HIGHEST_EXPONENT; e++) {
            double value = Math.pow(10, e);
            out.append("<span class=\"swatch\" style=\"background:").append(DriftColour.css(value)).append("\">")
                    .append(e == DriftColour.LOWEST_EXPONENT ? "≤ " : e == DriftColour.HIGHEST_EXPONENT ? "≥ " : "")
                    .append("1e").append(e).append("</span>");
        }
        return out.append(" (exact: 0)</p>\n").toString();
    }

    private static String cell(ResultRow row) {
        if (row == null) {
            return "<td class=\"absent\">&nbsp;</td>";
        }
        if (row.status() != CellStatus.OK) {
            return "<td class=\"status\" title=\"" + Html.attribute(row.text(Column.REASON)) + "\">"
                    + Html.text(row.text(Column.STATUS)) + "</td>";
        }
        if (row.decimal(Column.REL_L2).isEmpty()) {
            String reason = row.text(Column.REASON).isEmpty() ? "" : ": " + row.text(Column.REASON);
            return "<td class=\"status\" title=\"" + Html.attribute("no drift recorded" + reason) + "\">"
                    + Display.NONE + "</td>";
        }
        double relL2 = row.decimal(Column.REL_L2).getAsDouble();
        String title = "cosine " + Display.amount(row.decimal(Column.COSINE))
                + ", top-1 agreement " + Display.amount(row.decimal(Column.TOP1_AGREEMENT))
                + ", routing agreement " + Display.amount(row.decimal(Column.ROUTING_AGREEMENT))
                + ", max_abs_err " + Display.drift(row.decimal(Column.MAX_ABS_ERR))
                + ", vs " + row.text(Column.DRIFT_REFERENCE);
        return "<td class=\"drift\" style=\"background:" + DriftColour.css(relL2) + "\" title=\""
                + Html.attribute(title) + "\">" + Display.drift(row.decimal(Column.REL_L2)) + "</td>";
    }
}
