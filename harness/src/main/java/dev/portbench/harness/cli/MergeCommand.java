package dev.portbench.harness.cli;

import dev.portbench.results.runs.RunMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** Merges run directories (a night's shards, or its hosts) into one that compare, gate, report and history read. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merges runs (shards of one night, or hosts of one night) into --out: every row once, the",
            "outputs, each run's run.json, complete.json, env.json and env-resume-N.json under sources/. Exit 0,",
            "or 2 for bad input (a row of another schema version, a cell in two runs, differing outputs), naming the",
            "file and line."})
final class MergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN",
            description = "Run directories to merge (one: a night whose other shards wrote nothing).")
    List<Path> runs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The merged run: new or empty.")
    Path out;

    @Option(names = "--host", paramLabel = "NAME", description = "Every row's host becomes NAME (a Slurm night's"
            + " host class: its shards ran on whichever nodes were free); the nodes stay in sources/*/env*.json.")
    String host;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out) && (!Files.isDirectory(out) || !isEmpty(out))) {
            throw new UsageException("--out " + out + " exists and is not an empty directory; expected a new or empty"
                    + " directory for the merged run");
        }
        OutputPaths.checkFolder("--out", out);
        Path beside = out.toAbsolutePath().normalize().getParent();
        if (Files.isDirectory(out) && beside != null && !Files.isWritable(beside)) {
            throw new UsageException("--out " + out + ": the folder " + beside + " is not writable; expected a folder"
                    + " this user may write in (the merged run is built beside --out, then moved into place)");
        }
        if (host != null && (host.isBlank() || host.contains(","))) {
            throw new UsageException("--host '" + host + "'; expected a host name (no comma, not blank)");
        }
        Set<Path> distinct = new HashSet<>();
        for (Path run : runs) {
            if (!distinct.add(run.toAbsolutePath().normalize())) {
                throw new UsageException("RUN " + run + " is given twice; expected each run directory once");
            }
        }
        RunMerge.Merged merged = RunMerge.merge(runs, out, host);
        PrintWriter console = spec.commandLine().getOut();
        console.printf(Locale.ROOT, "merged %d runs, %d rows, into %s%n", merged.sources().size(), merged.rows(),
                out);
        merged.sources().forEach((name, dir) -> console.printf(Locale.ROOT, "  sources/%s <- %s%n", name, dir));
        console.flush();
        return ExitCode.OK;
    }

    private static boolean isEmpty(Path dir) throws java.io.IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
