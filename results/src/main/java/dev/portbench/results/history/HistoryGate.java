package dev.portbench.results.history;

import dev.portbench.results.Column;
import dev.portbench.results.LocatedRow;
import dev.portbench.results.MeasurementCaveats;
import dev.portbench.results.SettingsChanges;
import dev.portbench.results.gate.Outcome;
import dev.portbench.results.runs.CellKey;
import dev.portbench.results.runs.RunResults;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The newest night of each host judged against that host's history, cell by cell (docs/compare-and-gate.md):
 * tokens/s of the cell's OK rows among the host's last {@code window} nights go through {@link EDivisive}; the newest
 * level (the nights after the last change point) is held against every earlier level of the window ({@link Levels}),
 * so a drop that partly recovered is still a drop. The gate fails a cell whose newest level fell short of an earlier
 * one within the host's last {@code recent} nights (nights where the cell failed count: they are time), warns about an
 * older shortfall (the series has stayed at it long enough to be the new level), and fails a cell with an OK row in
 * the window but none in the newest night. A series too short to split is skipped, saying how many nights it has.
 */
public final class HistoryGate {
    private final EDivisive detector;
    private final int window;
    private final int recent;

    /**
     * @param window the host's nights considered, the newest last
     * @param recent a drop that began within this many of the host's newest nights fails; an older one warns
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

    /**
     * The findings for every host's newest night, hosts and cells in order of first appearance. A cell with no OK row
     * in its host's last {@code window} nights is not judged when the newest night has no row for it either (the suite
     * no longer runs it); with a row there (SKIPPED, FAILED, TIMEOUT) it still fails: a backend broken for a whole
     * window is not retired by it.
     */
    public List<Finding> judge(List<RunResults> runsOldestFirst) {
        Map<String, List<RunResults>> nightsPerHost = nightsPerHost(runsOldestFirst);
        List<Finding> out = new ArrayList<>();
        for (CellSeries all : CellSeries.of(runsOldestFirst)) {
            List<RunResults> hostNights = nightsPerHost.get(all.host());
            List<RunResults> windowNights = hostNights.subList(Math.max(0, hostNights.size() - window),
                    hostNights.size());
            CellSeries series = all.within(windowNights);
            RunResults last = hostNights.get(hostNights.size() - 1);
            if (series.nights().isEmpty()) {
                if (last.row(all.key()).isPresent()) {
                    out.add(missing(all, last, windowNights.size(), true));
                }
                continue;
            }
            if (series.nights().get(series.nights().size() - 1) != last) {
                out.add(missing(series, last, windowNights.size(), false));
            } else {
                out.add(judge(series, windowNights));
            }
        }
        return out;
    }

    /**
     * A cell without an OK row in the newest night. {@code series} holds its OK nights within the window of
     * {@code windowSize} nights, or all of them where {@code sinceWindow} (it has none in the window): then the
     * message says when it last ran OK.
     */
    private Finding missing(CellSeries series, RunResults newest, int windowSize, boolean sinceWindow) {
        CellKey key = series.key();
        Optional<LocatedRow> row = newest.row(key);
        String why = row.isEmpty() ? "no row" : row.get().row().status() + " (" + row.get().row().text(Column.REASON)
                + ")";
        String lastOk = name(series.nights().get(series.nights().size() - 1), key);
        String history = sinceWindow
                ? String.format(Locale.ROOT, "no OK row in the host's last %d nights; it last ran OK on night %s",
                windowSize, lastOk)
                : String.format(Locale.ROOT, "it ran OK on %d of the host's last %d nights, the last %s",
                series.nights().size(), windowSize, lastOk);
        return new Finding(Outcome.FAIL, series.host(), key, String.format(Locale.ROOT, "missing from the newest"
                + " night %s: %s; %s", name(newest, key), why, history), List.of(), series.nights());
    }

    /** One series of OK rows within {@code windowNights}, the host's last nights, oldest first. */
    private Finding judge(CellSeries series, List<RunResults> windowNights) {
        CellKey key = series.key();
        double[] values = series.values();
        List<RunResults> nights = series.nights();
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
        Levels levels = Levels.of(values, found);
        // a shortfall's age counts the host's nights, failed ones too: "recent" is a span of time
        IntPredicate isRecent = began -> windowNights.size() - indexOf(windowNights, nights.get(began)) <= recent;
        Optional<Levels.Shortfall> shortfall = worst(levels.shortfalls(detector, last), isRecent);
        String newestChange = change(last, key, nights, values.length);
        if (shortfall.isEmpty()) {
            return new Finding(Outcome.PASS, series.host(), series.key(), newestChange
                    + cause(key, nights, last.index(), "that night") + recovery(levels, found, key, nights), found,
                    nights);
        }
        Levels.Shortfall s = shortfall.get();
        Outcome outcome = isRecent.test(s.began()) ? Outcome.FAIL : Outcome.WARN;
        String note = outcome == Outcome.WARN ? "; older than the last " + recent + " nights, so taken as the level" : "";
        if (s.adjacent()) { // the newest change point is the drop: it reads as a single drop always has
            return new Finding(outcome, series.host(), series.key(), newestChange + note
                    + cause(series.key(), nights, last.index(), "that night"), found, nights);
        }
        Levels.Level newest = levels.newest();
        String steps = String.join(", then ", found.stream().filter(c -> c.index() > s.earlier().from())
                .map(c -> step(c, key, nights)).toList());
        String began = name(nights.get(s.began()), key);
        String message = String.format(Locale.ROOT, "tokens/s is %.1f%% below its level of the %d nights from night %s"
                        + " (mean %.4g -> %.4g over the newest %d, from night %s on; p = %.3g),"
                        + " below it since night %s, %d of %d nights: %s", -100 * s.relativeChange(),
                s.earlier().nights(),
                name(nights.get(s.earlier().from()), key), s.earlier().mean(), newest.mean(), newest.nights(),
                name(nights.get(newest.from()), key), s.pValue(), began, values.length - s.began(), values.length,
                steps);
        return new Finding(outcome, series.host(), series.key(), message + note
                + cause(series.key(), nights, s.began(), "night " + began), found, nights);
    }

    /**
     * The shortfall that decides: one that began within the newest {@code recent} nights (FAIL) before an older one
     * (WARN), and among those the deepest: the level the cell has lost the most against.
     */
    private static Optional<Levels.Shortfall> worst(List<Levels.Shortfall> shortfalls, IntPredicate isRecent) {
        return shortfalls.stream().min(Comparator.comparing((Levels.Shortfall s) -> !isRecent.test(s.began()))
                .thenComparingDouble(Levels.Shortfall::relativeChange));
    }

    private static int indexOf(List<RunResults> nights, RunResults night) {
        for (int i = 0; i < nights.size(); i++) {
            if (nights.get(i) == night) {
                return i;
            }
        }
        throw new IllegalArgumentException(night.label() + " is not one of the window's nights");
    }

    /** The newest change point: direction, size, first night, means, p, and how many nights it has held. */
    private static String change(EDivisive.ChangePoint last, CellKey key, List<RunResults> nights, int n) {
        return String.format(Locale.ROOT, "tokens/s %s %.1f%% from night %s on (mean %.4g -> %.4g, p = %.3g, %d of %d"
                        + " nights at the new level)", last.relativeChange() < 0 ? "dropped" : "rose",
                Math.abs(last.relativeChange()) * 100, name(nights.get(last.index()), key), last.meanBefore(),
                last.meanAfter(), last.pValue(), n - last.index(), n);
    }

    /** One change point of a run of them: {@code dropped 20.0% from night X on (mean 1000 -> 800, p = 0.005)}. */
    private static String step(EDivisive.ChangePoint c, CellKey key, List<RunResults> nights) {
        return String.format(Locale.ROOT, "%s %.1f%% from night %s on (mean %.4g -> %.4g, p = %.3g)",
                c.relativeChange() < 0 ? "dropped" : "rose", Math.abs(c.relativeChange()) * 100,
                name(nights.get(c.index()), key), c.meanBefore(), c.meanAfter(), c.pValue());
    }

    /**
     * Where an earlier change point of the window was a drop and the newest level falls short of no earlier level:
     * that the cell recovered, measured against its highest earlier level.
     */
    private String recovery(Levels levels, List<EDivisive.ChangePoint> found, CellKey key,
                            List<RunResults> nights) {
        if (found.stream().noneMatch(c -> c.relativeChange() < 0)) {
            return "";
        }
        Levels.Level newest = levels.newest();
        Levels.Level highest = levels.earlier().stream().max(Comparator.comparingDouble(Levels.Level::mean))
                .orElseThrow();
        String compared = String.format(Locale.ROOT, "the %d nights from night %s (mean %.4g -> %.4g",
                highest.nights(), name(nights.get(highest.from()), key), highest.mean(), newest.mean());
        double change = Levels.relative(newest, highest);
        if (change >= 0) {
            return "; recovered: at or above every earlier level, the highest being " + compared + ")";
        }
        if (change > -detector.minMagnitude()) {
            return String.format(Locale.ROOT, "; recovered: within %.1f%% of its highest earlier level, %s, %.1f%%)",
                    100 * detector.minMagnitude(), compared, 100 * change);
        }
        return String.format(Locale.ROOT, "; recovered within noise: %.1f%% below its highest earlier level, %s, p ="
                + " %.3g > %.3g)", -100 * change, compared, levels.pValue(detector, highest, newest),
                detector.maxPValue());
    }

    /**
     * {@code ; that night: …}: what the row changed from the night before {@code index} to it, if there is one; then
     * what either of those two rows says against its own number ({@link #caveats}).
     */
    private static String cause(CellKey key, List<RunResults> nights, int index, String night) {
        return (index == 0 ? "" : "; " + whatChanged(key, nights.get(index - 1), nights.get(index), night))
                + caveats(key, nights, index);
    }

    /**
     * What the rows on either side of a change point say against their own measurement ({@link MeasurementCaveats}:
     * a busy host, iterations that still trended, fork means that drifted with the host): where they say it, the step
     * may be the host's rather than the build's. Empty where neither says anything.
     */
    private static String caveats(CellKey key, List<RunResults> nights, int index) {
        List<String> parts = new ArrayList<>();
        for (int i = Math.max(0, index - 1); i <= index; i++) {
            LocatedRow row = nights.get(i).row(key).orElseThrow();
            List<String> said = MeasurementCaveats.of(row.row());
            if (!said.isEmpty()) {
                parts.add("the row of night " + name(nights.get(i), key) + " (" + row.where() + ") "
                        + String.join(" and ", said));
            }
        }
        return parts.isEmpty() ? "" : "; read with care: " + String.join("; ", parts);
    }

    /** What the cell's row changed from the night before the new level to its first night, the first suspects. */
    private static String whatChanged(CellKey key, RunResults before, RunResults after, String night) {
        List<String> changes = SettingsChanges.between(before.row(key).orElseThrow().row(),
                after.row(key).orElseThrow().row(), SUSPECTS, option -> true).all();
        return changes.isEmpty() ? "the rows record no change of " + SUSPECT_NAMES + " " + (night.equals("that night")
                ? night : "on " + night) : night + ": " + String.join(", ", changes);
    }

    /** The columns that say how a night ran a cell: what a level shift may come from, other than the machine. */
    private static final List<Column> SUSPECTS = List.of(Column.RUNTIME_VERSION, Column.BACKEND_OPTIONS,
            Column.THREADS, Column.DEVICE);
    private static final String SUSPECT_NAMES = "runtime_version, backend_options, threads or device";

    /**
     * A night's name in a cell's finding: the run id of the cell's row that night (a merged night's rows come from
     * several runs), or the night's label where it has none, and the night's start.
     */
    static String name(RunResults run, CellKey key) {
        String id = run.runId(key);
        return (id.isEmpty() ? run.label() : id) + run.startedUtc().map(t -> " (" + t + ")").orElse("");
    }

    /** Each host's nights: the runs, oldest first, whose rows name the host. */
    private static Map<String, List<RunResults>> nightsPerHost(List<RunResults> runs) {
        Map<String, List<RunResults>> nights = new LinkedHashMap<>();
        for (RunResults run : runs) {
            Set<String> hosts = new LinkedHashSet<>();
            run.rows().values().forEach(r -> hosts.add(r.row().text(Column.HOST)));
            hosts.forEach(h -> nights.computeIfAbsent(h, k -> new ArrayList<>()).add(run));
        }
        return nights;
    }

    /** The gate passes when no finding failed. */
    public static boolean passed(List<Finding> findings) {
        return findings.stream().noneMatch(f -> f.outcome() == Outcome.FAIL);
    }

}
