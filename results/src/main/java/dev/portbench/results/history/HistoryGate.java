package dev.portbench.results.history;

import dev.portbench.results.Column;
import dev.portbench.results.LocatedRow;
import dev.portbench.results.SettingsChanges;
import dev.portbench.results.gate.Outcome;
import dev.portbench.results.runs.CellKey;
import dev.portbench.results.runs.RunResults;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The newest night of each host judged against that host's history, cell by cell (docs/compare-and-gate.md):
 * tokens/s of the last {@code window} nights with an OK row go through {@link EDivisive}; the gate fails a cell whose
 * newest level is a drop that began within the last {@code recent} nights, warns about an older drop (the series has
 * stayed at it long enough to be the new level), and fails a cell the host ran before that has no OK row in its
 * newest night. A series too short to split is skipped, saying how many nights it has.
 */
public final class HistoryGate {
    private final EDivisive detector;
    private final int window;
    private final int recent;

    /**
     * @param window nights of each series considered, the newest last
     * @param recent a drop that began within this many of the newest nights fails; an older one warns
     */
    public HistoryGate(EDivisive detector, int window, int recent) {
        if (window < 2 || recent < 1) {
            throw new IllegalArgumentException("window = " + window + ", recent = " + recent
                    + "; expected window >= 2 and recent >= 1");
        }
        this.detector = detector;
        this.window = window;
        this.recent = recent;
    }

    /** portbench's defaults: {@link EDivisive#defaults()} over the last 30 nights, drops of the last 10 fail. */
    public static HistoryGate defaults() {
        return new HistoryGate(EDivisive.defaults(), 30, 10);
    }

    /** One judgement: a series' outcome, or a missing cell's. */
    public record Finding(Outcome outcome, String host, CellKey key, String message,
                          List<EDivisive.ChangePoint> changePoints, List<RunResults> nights) {
        public String label() {
            return host + " " + key.label();
        }
    }

    /** The findings for every host's newest night, hosts and cells in order of first appearance. */
    public List<Finding> judge(List<RunResults> runsOldestFirst) {
        Map<String, RunResults> newest = newestPerHost(runsOldestFirst);
        List<Finding> out = new ArrayList<>();
        for (CellSeries series : CellSeries.of(runsOldestFirst)) {
            RunResults last = newest.get(series.host());
            if (series.nights().get(series.nights().size() - 1) != last) {
                out.add(missing(series, last));
            } else {
                out.add(judge(series));
            }
        }
        return out;
    }

    private Finding missing(CellSeries series, RunResults newest) {
        Optional<LocatedRow> row = newest.row(series.key());
        String why = row.isEmpty() ? "no row" : row.get().row().status() + " (" + row.get().row().text(Column.REASON)
                + ")";
        return new Finding(Outcome.FAIL, series.host(), series.key(), String.format(Locale.ROOT, "missing from the"
                        + " newest night %s: %s; it ran OK on %d earlier nights, the last %s", name(newest), why,
                series.nights().size(), name(series.nights().get(series.nights().size() - 1))), List.of(),
                series.nights());
    }

    Finding judge(CellSeries series) {
        int n = series.values().length;
        int from = Math.max(0, n - window);
        double[] values = Arrays.copyOfRange(series.values(), from, n);
        List<RunResults> nights = series.nights().subList(from, n);
        List<EDivisive.ChangePoint> found = detector.find(values);
        if (found.isEmpty()) {
            Outcome outcome = values.length < 2 * detector.minPoints() ? Outcome.SKIP : Outcome.PASS;
            String message = outcome == Outcome.SKIP
                    ? String.format(Locale.ROOT, "%d night%s; a change point needs at least %d", values.length,
                    values.length == 1 ? "" : "s", 2 * detector.minPoints())
                    : String.format(Locale.ROOT, "no change point in tokens/s over %d nights", values.length);
            return new Finding(outcome, series.host(), series.key(), message, found, nights);
        }
        EDivisive.ChangePoint last = found.get(found.size() - 1);
        RunResults began = nights.get(last.index());
        int ago = values.length - last.index();
        String change = String.format(Locale.ROOT, "tokens/s %s %.1f%% from night %s on (mean %.4g -> %.4g, p = %.3g,"
                        + " %d of %d nights at the new level)", last.relativeChange() < 0 ? "dropped" : "rose",
                Math.abs(last.relativeChange()) * 100, name(began), last.meanBefore(), last.meanAfter(), last.pValue(),
                ago, values.length);
        Outcome outcome;
        if (last.relativeChange() >= 0) {
            outcome = Outcome.PASS;
        } else {
            outcome = ago <= recent ? Outcome.FAIL : Outcome.WARN;
        }
        String note = outcome == Outcome.WARN ? "; older than the last " + recent + " nights, so taken as the level" : "";
        String cause = last.index() == 0 ? "" : "; " + whatChanged(series.key(), nights.get(last.index() - 1), began);
        return new Finding(outcome, series.host(), series.key(), change + note + cause, found, nights);
    }

    /** What the cell's row changed from the night before the new level to its first night, the first suspects. */
    private static String whatChanged(CellKey key, RunResults before, RunResults after) {
        List<String> changes = SettingsChanges.between(before.row(key).orElseThrow().row(),
                after.row(key).orElseThrow().row(), SUSPECTS, option -> true).all();
        return changes.isEmpty() ? "the rows record no change of " + SUSPECT_NAMES + " that night"
                : "that night: " + String.join(", ", changes);
    }

    /** The columns that say how a night ran a cell: what a level shift may come from, other than the machine. */
    private static final List<Column> SUSPECTS = List.of(Column.RUNTIME_VERSION, Column.BACKEND_OPTIONS,
            Column.THREADS, Column.DEVICE);
    private static final String SUSPECT_NAMES = "runtime_version, backend_options, threads or device";

    /** A night's name: its run id and its start. */
    static String name(RunResults run) {
        return run.runId() + run.startedUtc().map(t -> " (" + t + ")").orElse("");
    }

    /** Each host's latest run: the last run, oldest first, whose rows name the host. */
    private static Map<String, RunResults> newestPerHost(List<RunResults> runs) {
        Map<String, RunResults> newest = new LinkedHashMap<>();
        for (RunResults run : runs) {
            Set<String> hosts = new LinkedHashSet<>();
            run.rows().values().forEach(r -> hosts.add(r.row().text(Column.HOST)));
            hosts.forEach(h -> newest.put(h, run));
        }
        return newest;
    }

    /** The gate passes when no finding failed. */
    public static boolean passed(List<Finding> findings) {
        return findings.stream().noneMatch(f -> f.outcome() == Outcome.FAIL);
    }

}
