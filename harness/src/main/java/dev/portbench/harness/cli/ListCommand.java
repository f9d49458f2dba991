package dev.portbench.harness.cli;

import dev.portbench.backend.BackendProvider;
import dev.portbench.harness.worker.ProbeResult;
import dev.portbench.backend.Backends;
import dev.portbench.harness.plan.Suite;
import dev.portbench.harness.plan.Suites;
import dev.portbench.harness.runtimes.RuntimeJarLocator;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.WeightLayout;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "list", description = "Lists scenarios (with total and active parameters), suites and backends"
        + " (with availability, or why not).", mixinStandardHelpOptions = true)
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario-file", paramLabel = "FILE", description = "a scenario YAML file to list too (repeatable)")
    List<Path> scenarioFiles = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ScenarioCatalog catalog = RunSelection.catalog(scenarioFiles);
        List<BackendProvider> providers = Backends.discover();
        out.println("Scenarios (parameters, weight bytes per dtype, and the KV cache's bytes per token in 16 bits;"
                + " nothing is allocated to count them):");
        out.printf(Locale.ROOT, "  %-18s %-5s %9s %9s %9s %9s %9s %9s  %-15s %s%n", "name", "kind", "params", "active",
                "fp32", "fp16/bf16", "int8-wo", "kv/token", "workloads", "description");
        for (Scenario s : catalog.all()) {
            ModelSpec m = s.model();
            WeightLayout layout = WeightLayout.of(m);
            out.printf(Locale.ROOT, "  %-18s %-5s %9s %9s %9s %9s %9s %9s  %-15s %s%n", s.name(),
                    m.isMoe() ? "moe" : "dense", human(m.totalParameters()), human(m.activeParameters()),
                    bytes(Dtype.FP32.weightBytes(layout)), bytes(Dtype.FP16.weightBytes(layout)),
                    bytes(Dtype.INT8_WO.weightBytes(layout)), bytes(m.kvCacheBytesPerToken(2)),
                    String.join(",", s.workloadNames()), s.description());
        }
        out.println();
        out.println("Suites:");
        for (Suite s : Suites.all(catalog, RunSelection.known(providers))) {
            out.printf(Locale.ROOT, "  %-12s %s: %s%n", s.name(), s.description(), String.join(", ", s.scenarios()));
        }
        out.println();
        out.println("Backends:");
        try (BackendSurvey survey = BackendSurvey.of(providers)) { // each probe in a JVM of its own
            survey.describeAll(); // a few probes at a time; the loop below reads their answers
            for (BackendProvider p : providers) {
                ProbeResult a = survey.probe(p);
                out.printf(Locale.ROOT, "  %-20s %-13s %s%n", p.id(), a.ok() ? "available" : "unavailable",
                        a.ok() ? p.description() + " (" + a.runtimeVersion() + "; " + a.device() + ")" : a.reason());
            }
        }
        out.println();
        RuntimeJarLocator locator = RuntimeJarLocator.fromSystemProperties();
        out.println("Runtime versions for ID@VERSION (upgrade A/B):");
        for (BackendProvider p : providers) {
            p.runtimeArtifact().ifPresent(artifact -> {
                List<String> versions = locator.availableVersions(artifact);
                out.printf(Locale.ROOT, "  %-20s %-40s %s%n", p.id(), artifact.coordinates(),
                        versions.isEmpty() ? "none" : String.join(", ", versions));
            });
        }
        out.println("  (looked up in the " + locator.places() + ")");
        out.flush();
        return ExitCode.OK;
    }

    /** 1536 → "1.5K" in binary units: 1 KiB = 1024 B, as memory is counted. */
    static String bytes(long n) {
        if (n >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2fGiB", n / (double) (1L << 30));
        }
        if (n >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1fMiB", n / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1fKiB", n / 1024.0);
    }

    /** 1234567 → "1.23M"; exact counts are in the class's numbers, this is for reading. */
    static String human(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2fB", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        }
        if (n >= 1_000L) {
            return String.format(Locale.ROOT, "%.1fK", n / 1e3);
        }
        return Long.toString(n);
    }
}
