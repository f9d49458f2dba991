package dev.portbench.results.runs;

import dev.portbench.results.Column;
import dev.portbench.results.LocatedRow;
import dev.portbench.results.ResultsCsvReader;
import dev.portbench.results.ResultsFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One run directory as compare, gate and report see it: its results.csv, strictly read, one row per {@link CellKey},
 * and where its saved outputs lie. Runs from other machines and nights load the same way; nothing else of the run
 * directory is needed.
 */
public final class RunResults {

    private final RunFiles files;
    private final Map<CellKey, LocatedRow> rows;

    private RunResults(RunFiles files, Map<CellKey, LocatedRow> rows) {
        this.files = files;
        this.rows = Collections.unmodifiableMap(rows);
    }

    /**
     * Loads {@code directory}/results.csv.
     *
     * @throws ResultsFormatException naming the file (and line) when the directory or its results.csv is missing,
     *         is not this build's schema, or holds the same cell twice
     * @throws IOException on any other failure to read
     */
    public static RunResults load(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new ResultsFormatException(directory, Files.exists(directory)
                    ? "not a directory; expected a run directory holding results.csv"
                    : "no such directory; expected a run directory holding results.csv", null);
        }
        RunFiles files = new RunFiles(directory);
        Map<CellKey, LocatedRow> rows = new LinkedHashMap<>();
        for (LocatedRow row : ResultsCsvReader.readLocated(files.results())) {
            CellKey key = CellKey.of(row.row());
            LocatedRow first = rows.putIfAbsent(key, row);
            if (first != null) {
                throw new ResultsFormatException(row.file(), row.line(), "cell " + key + " already has a row at line "
                        + first.line() + "; expected one row per scenario, workload, phase, dtype and backend");
            }
        }
        return new RunResults(files, rows);
    }

    public Path directory() {
        return files.root();
    }

    public RunFiles files() {
        return files;
    }

    /** Every row, keyed by cell, in file order. */
    public Map<CellKey, LocatedRow> rows() {
        return rows;
    }

    public Optional<LocatedRow> row(CellKey key) {
        return Optional.ofNullable(rows.get(key));
    }

    /** The backends of this run's rows, in order of first appearance. */
    public List<String> backends() {
        Set<String> backends = new LinkedHashSet<>();
        rows.keySet().forEach(key -> backends.add(key.backend()));
        return new ArrayList<>(backends);
    }

    /**
     * The run ids of the rows, sorted: one for a run, several for a night merged from several runs ({@code merge}
     * keeps each row's, naming the run that measured it), so nothing that labels a row may take the first row's.
     */
    public List<String> runIds() {
        return distinct(Column.RUN_ID);
    }

    /** The hosts of the rows, sorted: several for a night merged from several hosts without {@code --host}. */
    public List<String> hosts() {
        return distinct(Column.HOST);
    }

    /** The suites of the rows, sorted: several for a night merged from runs of different suites. */
    public List<String> suites() {
        return distinct(Column.SUITE);
    }

    /** The run id of the cell's own row; empty when this run has no row for it. */
    public String runId(CellKey key) {
        return row(key).map(r -> r.row().text(Column.RUN_ID)).orElse("");
    }

    /**
     * The run's name on pages and in messages, the same whatever the order of its rows: its run id; for a night merged
     * from several runs, its directory's name and how many ({@code 2026-11-22 (3 runs)}); for a run without rows, its
     * directory's name.
     */
    public String label() {
        List<String> ids = runIds();
        String directory = String.valueOf(files.root().getFileName());
        return ids.size() == 1 ? ids.get(0) : ids.isEmpty() ? directory : directory + " (" + ids.size() + " runs)";
    }

    /** The earliest started_utc of the run's rows; empty for a run without rows or times. */
    public Optional<Instant> startedUtc() {
        return rows.values().stream().map(r -> r.row().text(Column.STARTED_UTC)).filter(t -> !t.isEmpty())
                .map(Instant::parse).min(Instant::compareTo);
    }

    private List<String> distinct(Column column) {
        return rows.values().stream().map(r -> r.row().text(column)).filter(t -> !t.isEmpty()).distinct().sorted()
                .toList();
    }

    @Override
    public String toString() {
        return "RunResults{" + files.root() + ", " + rows.size() + " rows}";
    }
}
