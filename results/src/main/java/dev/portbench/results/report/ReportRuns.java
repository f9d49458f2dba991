package dev.portbench.results.report;

import dev.portbench.results.ResultsFormatException;
import dev.portbench.results.history.RunsRoot;
import dev.portbench.results.runs.RunFiles;
import dev.portbench.results.runs.RunResults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The runs a report covers, oldest first. Each argument is a run directory (it holds results.csv) or a directory of
 * runs (a night per subdirectory, each holding results.csv), which is expanded. Runs are ordered by their earliest
 * started_utc, so directory names need not sort by date; runs without any time (results.csv holding only its header)
 * come first, by path, so the latest run is always one that measured something when any did.
 *
 * A directory of runs is read as {@code gate --history} reads one ({@link RunsRoot}): its dot folders (a merge's
 * staging, Slurm's shards) are no nights, and a run that started but has not finished (run.json, no complete.json)
 * is skipped and listed, since its missing cells would read as cells that stopped running. A run directory named
 * itself is always read.
 *
 * @param runs    oldest first, each directory once
 * @param skipped subdirectories of a directory of runs that are not in the report, and why (reported, not fatal)
 */
public record ReportRuns(List<RunResults> runs, List<Skipped> skipped) {

    /** A subdirectory left out of the report, and why. */
    public record Skipped(Path directory, String why) {
    }

    public ReportRuns {
        runs = List.copyOf(runs);
        skipped = List.copyOf(skipped);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one run");
        }
    }

    /**
     * @throws ResultsFormatException naming the file (and line) when an argument is neither a run directory nor a
     *         directory of runs, or a results.csv is not this build's schema
     */
    public static ReportRuns load(List<Path> arguments) throws IOException {
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("expected at least one run directory or directory of runs");
        }
        Set<Path> directories = new LinkedHashSet<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Path argument : arguments) {
            if (!Files.isDirectory(argument) || Files.exists(new RunFiles(argument).results())) {
                directories.add(argument.toAbsolutePath().normalize()); // RunResults.load names what is wrong
                continue;
            }
            List<Path> children = subdirectories(argument);
            List<Path> runs = children.stream().filter(d -> Files.exists(new RunFiles(d).results()))
                    .filter(d -> !RunsRoot.isUnfinished(d)).toList();
            if (runs.isEmpty()) {
                throw new ResultsFormatException(new RunFiles(argument).results(), "no such file, and none of the "
                        + children.size() + " subdirectories holds a finished run; expected a run directory holding"
                        + " results.csv or a directory of run directories", null);
            }
            runs.forEach(d -> directories.add(d.toAbsolutePath().normalize()));
            children.stream().filter(d -> !runs.contains(d)).forEach(d -> skipped.add(new Skipped(d,
                    RunsRoot.isUnfinished(d) ? "run.json but no complete.json (still running, or interrupted:"
                            + " 'portbench run --resume " + d + "' finishes it)" : "no results.csv")));
        }
        List<RunResults> loaded = new ArrayList<>();
        for (Path directory : directories) {
            loaded.add(RunResults.load(directory));
        }
        loaded.sort(Comparator.comparing((RunResults r) -> r.startedUtc().orElse(Instant.MIN))
                .thenComparing(r -> r.directory().toString()));
        return new ReportRuns(loaded, skipped);
    }

    /** The newest run: what the page's snapshot sections (throughput, latency, memory, drift, matrix) show. */
    public RunResults latest() {
        return runs.get(runs.size() - 1);
    }

    public int size() {
        return runs.size();
    }

    /** A run's name on the page and in charts: {@link RunResults#label()}. */
    public static String label(RunResults run) {
        return run.label();
    }

    private static List<Path> subdirectories(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }
}
