package dev.portbench.results.report;

import dev.portbench.results.compare.Verdict;
import dev.portbench.results.matrix.MigrationMatrix;
import dev.portbench.results.matrix.MigrationPair;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The migration matrix at a glance: a row per source backend, a column per target backend, each cell the geometric
 * mean of the tokens/s ratios target / source over the cells both ran with a measured throughput, and the verdict
 * counts as tooltip. A geometric mean, because ratios multiply: 2× faster on one cell and 2× slower on another is
 * no change. The full per-cell table follows it on the page.
 */
final class MigrationOverview {

    private MigrationOverview() {
    }

    static String html(MigrationMatrix matrix) {
        Map<String, Map<String, List<MigrationPair>>> grid = new LinkedHashMap<>();
        for (MigrationPair pair : matrix.pairs()) {
            grid.computeIfAbsent(pair.sourceKey().backend(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(pair.targetKey().backend(), k -> new ArrayList<>()).add(pair);
        }
        StringBuilder out = new StringBuilder("<table id=\"migration-overview\" class=\"overview\">\n<caption>"
                + "tokens/s target / source, geometric mean over the cells measured on both</caption>\n"
                + "<thead><tr><th>source ↓ target →</th>");
        matrix.targets().forEach(t -> out.append("<th>").append(Html.text(t)).append("</th>"));
        out.append("</tr></thead>\n<tbody>\n");
        for (String source : matrix.sources()) {
            out.append("<tr><th>").append(Html.text(source)).append("</th>");
            for (String target : matrix.targets()) {
                List<MigrationPair> pairs = grid.getOrDefault(source, Map.of()).getOrDefault(target, List.of());
                out.append(cell(pairs));
            }
            out.append("</tr>\n");
        }
        return out.append("</tbody>\n</table>\n").toString();
    }

    /** The geometric mean of the pairs' measured ratios; NaN when none is measured. */
    static double geometricMean(List<MigrationPair> pairs) {
        double logSum = 0;
        int n = 0;
        for (MigrationPair pair : pairs) {
            double ratio = pair.throughput().ratio();
            if (Double.isFinite(ratio) && ratio > 0) {
                logSum += Math.log(ratio);
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.exp(logSum / n);
    }

    private static String cell(List<MigrationPair> pairs) {
        double mean = geometricMean(pairs);
        if (pairs.isEmpty() || Double.isNaN(mean)) {
            return "<td class=\"status\">" + Display.NONE + "</td>";
        }
        Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
        pairs.forEach(p -> verdicts.merge(p.throughputVerdict(), 1, Integer::sum));
        List<String> counts = new ArrayList<>();
        verdicts.forEach((v, n) -> counts.add(v.csv().replace('_', ' ') + " " + n));
        long measured = pairs.stream().filter(p -> Double.isFinite(p.throughput().ratio())).count();
        return "<td class=\"ratio\" style=\"background:" + colour(mean) + "\" title=\""
                + Html.attribute(String.join(", ", counts)) + "\">" + Display.ratio(mean) + " <small>(" + measured
                + " cells)</small></td>";
    }

    /** Green above 1, red below, deeper the further from 1 (full at 10× either way). */
    static String colour(double ratio) {
        double strength = Math.min(1, Math.abs(Math.log10(ratio)));
        return String.format(Locale.ROOT, "hsl(%d, 70%%, %.0f%%)", ratio >= 1 ? 120 : 0, 96 - 20 * strength);
    }
}
