package dev.portbench.harness.cli;

import dev.portbench.harness.gate.GatePolicyYaml;
import dev.portbench.results.compare.RunComparison;
import dev.portbench.results.gate.CheckResult;
import dev.portbench.results.gate.Gate;
import dev.portbench.results.gate.GateJUnitXml;
import dev.portbench.results.gate.GateMarkdown;
import dev.portbench.results.gate.GatePolicy;
import dev.portbench.results.gate.GateReport;
import dev.portbench.results.gate.Outcome;
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
        if (baseline == null) {
            throw new UsageException("--baseline DIR is required; expected the run directory of the baseline");
        }
        if (candidate == null && pairing.pairing().isSame()) {
            throw new UsageException("--candidate DIR is required unless --baseline-backend and --candidate-backend "
                    + "pair two backends of the baseline run");
        }
        if (junit != null) {
            ReportOutput.check("--junit", junit);
        }
        if (markdown != null) {
            ReportOutput.check("--markdown", markdown);
        }
        GatePolicy policy = policyFile == null ? GatePolicyYaml.defaults() : GatePolicyYaml.read(policyFile);
        RunResults a = RunResults.load(baseline);
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
        if (junit != null) {
            GateJUnitXml.write(report, junit);
            console.println("wrote " + junit);
        }
        if (markdown != null) {
            GateMarkdown.write(report, markdown);
            console.println("wrote " + markdown);
        }
        console.flush();
        return report.passed() ? ExitCode.OK : FAILED;
    }
}
