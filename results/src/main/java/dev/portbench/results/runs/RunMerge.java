package dev.portbench.results.runs;

import dev.portbench.results.Column;
import dev.portbench.results.LocatedRow;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvReader;
import dev.portbench.results.ResultsCsvWriter;
import dev.portbench.results.ResultsFormatException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Several run directories as one (the shards of a night, or the hosts of a night), so compare, gate, report and the
 * history read them as one run: every row of every results.csv, each cell once and with its own run_id (the run that
 * measured it, whose records are under sources/); every saved output (a file two runs both hold, such as a workload's
 * oracle outputs, must be byte for byte the same); each run's run.json, complete.json, env.json and env-resume-N.json
 * kept under {@code sources/NAME/}. Rows of another schema version are refused by the reader, naming file and line;
 * a cell two runs both measured is refused naming both rows. The night is built in a folder beside the target and
 * moved there once complete, so a merge that fails half way leaves no night that looks whole (and that a second
 * merge would refuse as a target).
 */
public final class RunMerge {
    private RunMerge() {
    }

    /** What was merged: the rows written, and the source directories under their names in {@code sources/}. */
    public record Merged(int rows, Map<String, Path> sources) {
    }

    /**
     * @param out a new or empty directory
     * @throws ResultsFormatException naming the file and line of a bad or duplicated row, or an output file two runs
     *                                hold with different contents
     */
    public static Merged merge(List<Path> runs, Path out) throws IOException {
        return merge(runs, out, null);
    }

    /**
     * As {@link #merge(List, Path)}, with every row's host set to {@code host} when it is not null: a Slurm night's
     * shards ran on whichever nodes the scheduler chose, and their cells are one host class's series, not each node's
     * (each node's name stays in its shard's env.json and env-resume-N.json under {@code sources/}).
     */
    public static Merged merge(List<Path> runs, Path out, String host) throws IOException {
        if (runs.isEmpty()) { // one is allowed: a night whose other shards wrote nothing is still a night
            throw new IllegalArgumentException("merge takes one run or more; got none");
        }
        Map<CellKey, LocatedRow> rows = new LinkedHashMap<>();
        for (Path run : runs) {
            for (LocatedRow row : ResultsCsvReader.readLocated(new RunFiles(run).results())) {
                CellKey key = CellKey.of(row.row());
                LocatedRow first = rows.putIfAbsent(key, row);
                if (first != null) {
                    throw new ResultsFormatException(row.file(), row.line(), "cell " + key + " is also measured at "
                            + first.file() + ":" + first.line() + "; expected each cell in one of the merged runs"
                            + " only", null);
                }
            }
        }
        Map<String, Path> outputs = outputFiles(runs); // checked before anything is written
        Map<String, Path> sources = sourceNames(runs);
        List<ResultRow> merged = rows.values().stream().map(LocatedRow::row)
                .map(r -> host == null ? r : r.toBuilder().set(Column.HOST, host).build()).toList();
        Path target = out.toAbsolutePath().normalize();
        Path building = buildingFolder(target);
        try {
            write(building, merged, outputs, sources);
            moveInto(building, target);
        } catch (IOException | RuntimeException failed) { // out stays as it was: new, or the empty folder it was
            deleteTree(building, failed);
            throw failed;
        }
        return new Merged(merged.size(), sources);
    }

    /** The whole night: results.csv in one write, then the outputs and each source's records. */
    private static void write(Path night, List<ResultRow> rows, Map<String, Path> outputs, Map<String, Path> sources)
            throws IOException {
        try (ResultsCsvWriter writer = ResultsCsvWriter.create(new RunFiles(night).results())) {
            writer.appendAll(rows);
        }
        for (Map.Entry<String, Path> file : outputs.entrySet()) {
            Path target = night.resolve("outputs").resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.copy(file.getValue(), target);
        }
        for (Map.Entry<String, Path> source : sources.entrySet()) {
            Path kept = night.resolve("sources").resolve(source.getKey());
            Files.createDirectories(kept);
            for (Path file : records(source.getValue())) {
                Files.copy(file, kept.resolve(file.getFileName()));
            }
        }
    }

    /**
     * A new folder beside {@code out} to build the night in: on the same filesystem, so the finished night moves into
     * place in one rename, and named with a leading dot, so the history skips one that a killed merge left behind.
     * Its name holds this process's pid, so the next merge into the same night removes the folders of merges whose
     * process is gone ({@link #removeAbandoned}). Made with the default permissions (a temporary directory would be the
     * owner's alone).
     */
    private static Path buildingFolder(Path out) throws IOException {
        Path parent = Files.createDirectories(out.getParent());
        removeAbandoned(parent, out.getFileName().toString());
        String prefix = buildingPrefix(out.getFileName().toString()) + ProcessHandle.current().pid() + "-";
        for (int attempt = 1; ; attempt++) {
            String suffix = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
            try {
                return Files.createDirectory(parent.resolve(prefix + suffix));
            } catch (FileAlreadyExistsException taken) {
                if (attempt == 10) {
                    throw taken;
                }
            }
        }
    }

    private static String buildingPrefix(String night) {
        return "." + night + ".merging-";
    }

    /**
     * Deletes the building folders of earlier merges into {@code night} whose process no longer runs: a merge killed
     * outright ({@code kill -9}, a node lost) cannot clean up after itself, and its copies of the outputs can be large.
     * A folder whose process still runs, or whose name holds no pid, is left alone.
     */
    static void removeAbandoned(Path parent, String night) throws IOException {
        String prefix = buildingPrefix(night);
        List<Path> abandoned;
        try (Stream<Path> siblings = Files.list(parent)) {
            abandoned = siblings.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> ownerGone(p.getFileName().toString().substring(prefix.length()))).toList();
        }
        for (Path folder : abandoned) {
            deleteRecursively(folder);
        }
    }

    /** Whether {@code PID-RANDOM} names a process that no longer runs; false when it names no pid. */
    private static boolean ownerGone(String pidAndSuffix) {
        int dash = pidAndSuffix.indexOf('-');
        if (dash <= 0) {
            return false;
        }
        try {
            long pid = Long.parseLong(pidAndSuffix.substring(0, dash));
            return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        } catch (NumberFormatException notAPid) {
            return false;
        }
    }

    /** Puts the finished night at {@code out}: new, or an empty directory, which the night replaces. */
    private static void moveInto(Path night, Path out) throws IOException {
        if (Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(out); // DirectoryNotEmptyException if something was written there meanwhile
        }
        Files.move(night, out, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes a night that could not be finished; what cannot be removed is added to {@code failure}. */
    private static void deleteTree(Path root, Exception failure) {
        try {
            deleteRecursively(root);
        } catch (IOException | UncheckedIOException e) {
            failure.addSuppressed(e);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * The run's records a merged night keeps: run.json, complete.json, env.json and every env-resume-N.json, which
     * name the node each session ran on (a shard resumed elsewhere ran some of its cells there). results.csv is not
     * one: its rows are the merged night's.
     */
    private static List<Path> records(Path run) throws IOException {
        try (Stream<Path> files = Files.list(run)) {
            return files.filter(f -> !RunFiles.RESULTS_CSV.equals(f.getFileName().toString()))
                    .filter(f -> RunFiles.isRunRecord(f.getFileName().toString()) && Files.isRegularFile(f))
                    .sorted().toList();
        }
    }

    /**
     * Each run's name under sources/, in the order given, each name the same whatever that order: the run directory's
     * own name where no other run has it, else its parent's name and its own ({@code hostA-2026-11-22}; hosts' nights
     * often share a date) for every run that has it. Runs whose names are still alike get {@code -1}, {@code -2}, …
     * in the order of their paths.
     */
    static Map<String, Path> sourceNames(List<Path> runs) {
        List<Path> dirs = runs.stream().map(r -> r.toAbsolutePath().normalize()).toList();
        if (dirs.stream().distinct().count() < dirs.size()) {
            throw new IllegalArgumentException("runs " + runs + " name a directory twice; expected each run once");
        }
        Map<Path, String> names = new LinkedHashMap<>();
        Map<String, Long> own = dirs.stream().collect(Collectors.groupingBy(RunMerge::ownName, Collectors.counting()));
        for (Path dir : dirs) {
            String name = ownName(dir);
            Path parent = dir.getParent();
            boolean shared = own.get(name) > 1 && parent != null && parent.getFileName() != null;
            names.put(dir, shared ? parent.getFileName() + "-" + name : name);
        }
        while (true) {
            Map<String, List<Path>> alike = new TreeMap<>();
            names.forEach((dir, name) -> alike.computeIfAbsent(name, n -> new ArrayList<>()).add(dir));
            alike.values().removeIf(group -> group.size() < 2);
            if (alike.isEmpty()) {
                break;
            }
            alike.forEach((name, group) -> {
                List<Path> byPath = group.stream().sorted().toList();
                for (int i = 0; i < byPath.size(); i++) {
                    names.put(byPath.get(i), name + "-" + (i + 1));
                }
            });
        }
        Map<String, Path> sources = new LinkedHashMap<>();
        names.forEach((dir, name) -> sources.put(name, dir));
        return sources;
    }

    private static String ownName(Path dir) {
        return String.valueOf(dir.getFileName());
    }

    /**
     * Every saved output of the runs by its path under outputs/, from the first run that has it; a path two runs hold
     * with different bytes is refused.
     */
    private static Map<String, Path> outputFiles(List<Path> runs) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        for (Path run : runs) {
            Path root = run.resolve("outputs");
            if (!Files.isDirectory(root)) {
                continue;
            }
            List<Path> own;
            try (Stream<Path> walk = Files.walk(root)) {
                own = new ArrayList<>(walk.filter(Files::isRegularFile).sorted().toList());
            }
            for (Path file : own) {
                String relative = root.relativize(file).toString();
                Path first = files.putIfAbsent(relative, file);
                if (first != null && !Arrays.equals(Files.readAllBytes(file), Files.readAllBytes(first))) {
                    throw new ResultsFormatException(file, "differs from " + first + "; expected runs of the same"
                            + " scenarios to share identical inputs and oracle outputs", null);
                }
            }
        }
        return files;
    }
}
