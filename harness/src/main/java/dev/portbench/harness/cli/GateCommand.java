package dev.portbench.harness.cli;

import dev.portbench.harness.gate.GatePolicyYaml;
import dev.portbench.results.ResultsFormatException;
import dev.portbench.results.compare.RunComparison;
import dev.portbench.results.gate.CheckResult;
import dev.portbench.results.gate.Gate;
import dev.portbench.results.gate.GateJUnitXml;
import dev.portbench.results.gate.GateMarkdown;
import dev.portbench.results.gate.GatePolicy;
import dev.portbench.results.gate.GateReport;
import dev.portbench.results.gate.Outcome;
import dev.portbench.results.history.EDivisive;
import dev.portbench.results.history.HistoryGate;
import dev.portbench.results.history.HistoryMarkdown;
import dev.portbench.results.history.RunsRoot;
import dev.portbench.results.runs.RunFiles;
import dev.portbench.results.runs.RunResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "gate", mixinStandardHelpOptions = true,
        description = {"Decides whether a candidate run may replace a baseline under a policy (docs/compare-and-gate.md).",
            "Prints a verdict per cell and check, then overall. Exit 0: pass, 1: fail, 2: bad input."})
final class GateCommand implements Callable<Integer> {

    /** Exit code of a gate that ran and failed. */
    static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--baseline", paramLabel = "DIR", description = "Baseline run directory.")
    Path baseline;

    @Option(names = "--candidate", paramLabel = "DIR",
            description = "Candidate run directory (default: the baseline, for backend pairs within one run).")
    Path candidate;

    @Option(names = "--policy", paramLabel = "FILE", description = "Policy YAML over the built-in default.")
    Path policyFile;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML: a test case per cell and check.")
    Path junit;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write a Markdown summary.")
    Path markdown;

    @Option(names = "--print-default-policy", description = "Print the built-in policy and exit.")
    boolean printDefault;

    @Option(names = "--history", paramLabel = "RUNS_ROOT", description = {"Judge each host's newest night against"
            + " its history under RUNS_ROOT (RUNS_ROOT/HOST/DATE/) instead of one baseline: change points in each"
            + " cell's tokens/s (docs/compare-and-gate.md)."})
    Path history;

    @Option(names = "--window", paramLabel = "N", defaultValue = "30",
            description = "With --history: nights of each cell considered (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--recent", paramLabel = "N", defaultValue = "10",
            description = "With --history: a drop that began within the newest N nights fails; an older one warns"
                    + " (default: ${DEFAULT-VALUE}).")
    int recent;

    @Mixin
    PairingOptions pairing;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        if (printDefault) {
            console.print(GatePolicyYaml.defaultText());
            console.flush();
            return ExitCode.OK;
        }
        if (history != null) {
            return historyGate(console);
        }
        if (baseline == null) {
            throw new UsageException("--baseline DIR is required; expected the run directory of the baseline"
                    + " (or --history RUNS_ROOT)");
        }
        if (candidate == null && pairing.pairing().isSame()) {
            throw new UsageException("--candidate DIR is required unless --baseline-backend and --candidate-backend "
                    + "pair two backends of the baseline run");
        }
        if (junit != null) {
            OutputPaths.check("--junit", junit);
        }
        if (markdown != null) {
            OutputPaths.check("--markdown", markdown);
        }
        GatePolicy policy = policyFile == null ? GatePolicyYaml.defaults() : GatePolicyYaml.read(policyFile);
        RunResults a = RunResults.load(baseline);
        if (a.rows().isEmpty()) { // every candidate cell would be "new" and the gate would pass on no evidence
            throw new ResultsFormatException(a.files().results(), "no rows; expected a baseline run that measured"
                    + " cells (a run stopped before its first cell has none)", null);
        }
        RunResults b = candidate == null ? a : RunResults.load(candidate);
        GateReport report = Gate.evaluate(RunComparison.of(a, b, pairing.pairing(), false), policy,
                policyFile == null ? GatePolicyYaml.DEFAULT_SOURCE : policyFile.toString());
        for (CheckResult r : report.results()) {
            console.printf(Locale.ROOT, "%-4s %-10s %s: %s%n", r.outcome(), r.check().id(), r.cell().label(),
                    r.message());
        }
        Map<Outcome, Long> counts = report.counts();
        console.printf(Locale.ROOT, "gate: %s (%d checks: %d pass, %d fail, %d warn, %d skipped)%n",
                report.passed() ? "PASS" : "FAIL", report.results().size(), counts.get(Outcome.PASS),
                counts.get(Outcome.FAIL), counts.get(Outcome.WARN), counts.get(Outcome.SKIP));
        Map<String, Path> runs = new java.util.LinkedHashMap<>();
        if (candidate == null) { // one run holds both backends: one host to read
            runs.put("run", baseline);
        } else {
            runs.put("baseline", baseline);
            runs.put("candidate", candidate);
        }
        InconclusiveHint.of(report, runs, policy.maxThroughputDrop()).ifPresent(console::println);
        if (junit != null) {
            GateJUnitXml.write(report, junit);
            console.println("wrote " + junit);
        }
        if (markdown != null) {
            GateMarkdown.write(report, markdown);
            console.println("wrote " + markdown);
        }
        appendStepSummary(System.getenv("GITHUB_STEP_SUMMARY"), GateMarkdown.render(report)).ifPresent(f ->
                console.println("appended the summary to $GITHUB_STEP_SUMMARY (" + f + ")"));
        console.flush();
        return report.passed() ? ExitCode.OK : FAILED;
    }

    /** Appends {@code summary} to GitHub Actions' step summary file when the variable names one; the file, if so. */
    static java.util.Optional<Path> appendStepSummary(String variable, String summary) throws java.io.IOException {
        if (variable == null || variable.isBlank()) {
            return java.util.Optional.empty();
        }
        Path file = Path.of(variable);
        java.nio.file.Files.writeString(file, summary, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        return java.util.Optional.of(file);
    }

    /** The newest night of each host against its history; the Markdown also goes to $GITHUB_STEP_SUMMARY if set. */
    private int historyGate(PrintWriter console) throws java.io.IOException {
        if (baseline != null || candidate != null || junit != null || policyFile != null) {
            throw new UsageException("--history RUNS_ROOT judges nights against their history; expected no"
                    + " --baseline, --candidate, --policy or --junit with it");
        }
        if (java.nio.file.Files.exists(new RunFiles(history).results())) { // one night alone is no history
            throw new UsageException(history + " is a run directory (it holds results.csv); expected RUNS_ROOT, the"
                    + " folder above the nights (HOST/DATE/ under it)");
        }
        if (window < 10 || recent < 1 || recent > window) {
            throw new UsageException("--window " + window + " --recent " + recent + "; expected --window of at least"
                    + " 10 (two segments of 5 nights) and 1 <= --recent <= --window");
        }
        if (markdown != null) {
            OutputPaths.check("--markdown", markdown);
        }
        RunsRoot.Scan scan = RunsRoot.scan(history);
        java.util.List<HistoryGate.Finding> findings = new HistoryGate(EDivisive.defaults(), window, recent)
                .judge(scan.runs());
        UnfinishedRuns.say(console, scan.unfinished());
        for (HistoryGate.Finding f : findings) {
            console.printf(Locale.ROOT, "%-4s %-10s %s: %s%n", f.outcome(), "history", f.label(), f.message());
        }
        boolean passed = HistoryGate.passed(findings);
        long failed = findings.stream().filter(f -> f.outcome() == Outcome.FAIL).count();
        console.printf(Locale.ROOT, "gate --history: %s (%d cell series, %d failed)%n", passed ? "PASS" : "FAIL",
                findings.size(), failed);
        String summary = HistoryMarkdown.render(findings);
        if (markdown != null) {
            java.nio.file.Files.writeString(markdown, summary);
            console.println("wrote " + markdown);
        }
        appendStepSummary(System.getenv("GITHUB_STEP_SUMMARY"), summary).ifPresent(f ->
                console.println("appended the summary to $GITHUB_STEP_SUMMARY (" + f + ")"));
        console.flush();
        return passed ? ExitCode.OK : FAILED;
    }
}
