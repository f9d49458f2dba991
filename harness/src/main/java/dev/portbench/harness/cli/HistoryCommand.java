package dev.portbench.harness.cli;

import dev.portbench.results.history.ChangePointsCsv;
import dev.portbench.results.history.HistoryGate;
import dev.portbench.results.history.RunsRoot;
import dev.portbench.results.report.HistoryCsv;
import dev.portbench.results.report.ReportRuns;
import dev.portbench.results.runs.RunFiles;
import dev.portbench.results.runs.RunResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Indexes every night of every host under a root of nightly runs: the history CSV (a row per run and cell) and the
 * change points of each cell's tokens/s (docs/compare-and-gate.md). A CSV, not a database: a night adds a row per
 * cell (hundreds), a year of one host is well under a million rows, which every spreadsheet, pandas and DuckDB read
 * directly; the runs' results.csv stay the source of truth, and the index is rebuilt from them in seconds.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Indexes every run under RUNS_ROOT (RUNS_ROOT/HOST/DATE/results.csv) into a history CSV and",
            "lists each cell's change points in tokens/s (E-divisive means). Exit 0, or 2 for bad input."})
final class HistoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUNS_ROOT", description = "The root of the nightly runs.")
    Path root;

    @Option(names = "--out", paramLabel = "FILE.csv",
            description = "The history CSV, a row per run and cell (default: RUNS_ROOT/history.csv).")
    Path out;

    @Option(names = "--changes", paramLabel = "FILE.csv",
            description = "The change points CSV (default: RUNS_ROOT/change-points.csv).")
    Path changes;

    @Override
    public Integer call() throws Exception {
        if ((out == null || changes == null) && Files.exists(new RunFiles(root).results())) {
            throw new UsageException(root + " is a run directory (it holds results.csv); expected RUNS_ROOT, the"
                    + " folder above the nights (HOST/DATE/ under it), or --out and --changes to write elsewhere than"
                    + " into the run");
        }
        Path history = OutputPaths.check("--out", out != null ? out : root.resolve("history.csv"));
        Path changePoints = OutputPaths.check("--changes", changes != null ? changes
                : root.resolve("change-points.csv"));
        RunsRoot.Scan scan = RunsRoot.scan(root);
        List<RunResults> runs = scan.runs();
        HistoryCsv.of(new ReportRuns(runs, List.of())).write(history);
        List<HistoryGate.Finding> findings = HistoryGate.defaults().judge(runs);
        ChangePointsCsv.of(findings).write(changePoints);
        Set<String> hosts = new LinkedHashSet<>();
        runs.forEach(r -> hosts.addAll(r.hosts())); // the rows' hosts: a merged night may hold several
        long points = findings.stream().mapToLong(f -> f.changePoints().size()).sum();
        PrintWriter console = spec.commandLine().getOut();
        console.printf(Locale.ROOT, "history: %d runs of %d host(s) %s, %d cell series, %d change points%n",
                runs.size(), hosts.size(), hosts, findings.size(), points);
        UnfinishedRuns.say(console, scan.unfinished());
        console.println("wrote " + history);
        console.println("wrote " + changePoints);
        console.flush();
        return ExitCode.OK;
    }
}
