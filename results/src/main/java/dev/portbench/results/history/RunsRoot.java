package dev.portbench.results.history;

import dev.portbench.results.ResultsFormatException;
import dev.portbench.results.runs.RunFiles;
import dev.portbench.results.runs.RunResults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every run under a root of nightly runs ({@code RUNS_ROOT/HOST/DATE/}, as scripts/nightly lays them out, or any
 * nesting up to four levels): each directory holding results.csv is one run; a run's own subdirectories are not
 * searched, nor folders whose name starts with a dot (the Slurm shards' staging, {@code .slurm/}, whose rows the
 * merged night holds). A run that started (run.json) and has not finished (no complete.json) is no night yet: another
 * host still running tonight, or a night cut short and not resumed; its missing cells would read as cells that
 * stopped running, so it is left out ({@link Scan#unfinished}). Runs come oldest first by their earliest started_utc.
 */
public final class RunsRoot {
    static final int MAX_DEPTH = 4;

    private RunsRoot() {
    }

    /** The finished runs under a root, oldest first, and the unfinished ones it left out. */
    public record Scan(List<RunResults> runs, List<Path> unfinished) {
    }

    /** @throws ResultsFormatException when the root is missing or holds no run, or a results.csv is malformed */
    public static List<RunResults> load(Path root) throws IOException {
        return scan(root).runs();
    }

    /** As {@link #load}, also naming the runs it left out because they have not finished. */
    public static Scan scan(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new ResultsFormatException(root, "no such directory; expected a root of nightly run directories"
                    + " (RUNS_ROOT/HOST/DATE/results.csv)", null);
        }
        List<Path> found = new ArrayList<>();
        collect(root, 0, found);
        if (found.isEmpty()) {
            throw new ResultsFormatException(root, "holds no run: no results.csv within " + MAX_DEPTH + " levels;"
                    + " expected RUNS_ROOT/HOST/DATE/results.csv", null);
        }
        List<Path> unfinished = found.stream().filter(RunsRoot::isUnfinished).toList();
        List<Path> finished = found.stream().filter(dir -> !unfinished.contains(dir)).toList();
        if (finished.isEmpty()) {
            throw new ResultsFormatException(root, "holds no finished run: every run found has run.json but no"
                    + " complete.json (still running, or interrupted: `portbench run --resume DIR` finishes one): "
                    + found, null);
        }
        List<RunResults> runs = new ArrayList<>();
        for (Path dir : finished) {
            runs.add(RunResults.load(dir));
        }
        runs.sort(Comparator.comparing((RunResults r) -> r.startedUtc().orElse(Instant.MIN))
                .thenComparing(r -> r.directory().toString()));
        return new Scan(runs, unfinished);
    }

    /** run.json without complete.json; a merged night, which keeps its runs' records under sources/, has neither. */
    public static boolean isUnfinished(Path dir) {
        return Files.exists(dir.resolve(RunFiles.RUN_JSON)) && !Files.exists(dir.resolve(RunFiles.COMPLETE_JSON));
    }

    private static void collect(Path dir, int depth, List<Path> found) throws IOException {
        if (Files.exists(new RunFiles(dir).results())) {
            found.add(dir.toAbsolutePath().normalize());
            return;
        }
        if (depth == MAX_DEPTH) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path child : entries.filter(Files::isDirectory)
                    .filter(d -> !d.getFileName().toString().startsWith(".")).sorted().toList()) {
                collect(child, depth + 1, found);
            }
        }
    }
}
