package dev.portbench.harness.cli;

import dev.portbench.results.ReportCsv;
import dev.portbench.results.TextFiles;
import dev.portbench.results.report.BencherJson;
import dev.portbench.results.report.HistoryCsv;
import dev.portbench.results.report.HtmlReport;
import dev.portbench.results.report.MarkdownSummary;
import dev.portbench.results.report.Report;
import dev.portbench.results.report.ReportRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code portbench report RUN... --out FILE.html}: the page, FILE.md next to it, and with two runs or more the
 * history CSV (FILE-history.csv unless {@code --history}). Bad results files are exit 2 through {@link Main}'s
 * handler, which names file and line.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes a self-contained HTML report (charts, drift heat map, migration matrix, trend) and a "
                + "Markdown summary of one or more runs; a directory of runs is expanded, runs are ordered by "
                + "started_utc.")
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN",
            description = "a run directory (holding results.csv) or a directory of run directories")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "FILE.html",
            description = "the page; the Markdown summary goes next to it as FILE.md")
    Path out;

    @Option(names = "--history", paramLabel = "FILE.csv",
            description = "the history CSV (a row per run and cell); default with two runs or more: FILE-history.csv")
    Path history;

    @Option(names = "--bencher", paramLabel = "FILE.json",
            description = "Also write the latest run's OK rows in Bencher Metric Format (throughput, latency).")
    Path bencher;

    @Option(names = "--source", split = ",", paramLabel = "BACKEND",
            description = "migration matrix source backends (default: every backend of the latest run)")
    List<String> sources = new ArrayList<>();

    @Option(names = "--target", split = ",", paramLabel = "BACKEND",
            description = "migration matrix target backends (default: every backend of the latest run)")
    List<String> targets = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        String name = out.getFileName() == null ? "" : out.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".html") || name.length() == ".html".length()) {
            throw new UsageException("--out " + out + ": expected a file name ending in .html (the Markdown summary "
                    + "is written next to it with .md)");
        }
        String base = name.substring(0, name.length() - ".html".length());
        OutputPaths.check("--out", out); // before anything is written
        if (bencher != null) {
            OutputPaths.check("--bencher", bencher);
        }
        if (history != null) {
            OutputPaths.check("--history", history);
        }
        Path markdown = out.resolveSibling(base + ".md");

        ReportRuns loaded = ReportRuns.load(runs);
        Report report = Report.of(loaded, sources, targets);
        Path historyFile = history != null ? history
                : loaded.size() >= 2 ? out.resolveSibling(base + "-history.csv") : null;
        String historyLink = historyFile == null ? null : relativeToPage(historyFile);

        write(out, HtmlReport.render(report, markdown.getFileName().toString(), historyLink));
        write(markdown, MarkdownSummary.render(report, name, historyLink));
        if (historyFile != null) {
            ReportCsv csv = HistoryCsv.of(loaded);
            write(historyFile, csv.render());
        }
        if (bencher != null) {
            write(bencher, BencherJson.of(loaded.latest()));
        }

        PrintWriter console = spec.commandLine().getOut();
        loaded.skipped().forEach(d -> console.println("skipped " + d.directory() + ": " + d.why()));
        console.printf(Locale.ROOT, "report of %d run%s (latest %s): %s, %s%s%n", loaded.size(),
                loaded.size() == 1 ? "" : "s", ReportRuns.label(loaded.latest()), out, markdown,
                historyFile == null ? "" : ", " + historyFile);
        if (bencher != null) {
            console.println("wrote " + bencher + " (Bencher Metric Format)");
        }
        console.flush();
        return ExitCode.OK;
    }

    /** The link from the page to the history: relative when they share a directory, else the absolute path. */
    private String relativeToPage(Path file) {
        Path pageDir = out.toAbsolutePath().normalize().getParent();
        Path target = file.toAbsolutePath().normalize();
        return pageDir != null && pageDir.equals(target.getParent()) ? target.getFileName().toString()
                : target.toUri().toString();
    }

    private static void write(Path file, String text) {
        try {
            TextFiles.writeAtomically(file, text);
        } catch (IOException e) {
            throw new UsageException(file + " cannot be written: " + e.getMessage());
        }
    }
}
