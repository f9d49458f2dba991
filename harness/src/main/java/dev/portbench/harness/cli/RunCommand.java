package dev.portbench.harness.cli;

import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.Backends;
import dev.portbench.harness.env.EnvFingerprint;
import dev.portbench.harness.plan.JmhSettings;
import dev.portbench.harness.plan.RunPlan;
import dev.portbench.harness.plan.Suite;
import dev.portbench.harness.run.RunIdentity;
import dev.portbench.harness.run.RunLayout;
import dev.portbench.harness.run.SuiteRunner;
import dev.portbench.harness.run.WorkerLauncher;
import dev.portbench.harness.runtimes.RuntimeJar;
import dev.portbench.harness.runtimes.RuntimeJarLocator;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvWriter;
import dev.portbench.scenarios.ScenarioCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "run", description = "Runs a suite: every scenario on every backend, one JVM per cell, into --out.",
        mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--suite", defaultValue = "smoke", paramLabel = "NAME|FILE",
            description = "built-in suite (smoke, nightly) or a suite YAML file (default: ${DEFAULT-VALUE})")
    String suiteName;

    @Option(names = "--scenario-file", paramLabel = "FILE",
            description = "a scenario YAML file to add to the catalog (repeatable)")
    List<Path> scenarioFiles = new ArrayList<>();

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME",
            description = "scenarios to run, each with every workload, in fp32 unless --dtypes (default: the suite's matrix)")
    List<String> scenarioNames;

    @Option(names = "--workloads", split = ",", paramLabel = "NAME",
            description = "workloads to run, e.g. prefill,decode (default: the suite's)")
    List<String> workloadNames;

    @Option(names = "--dtypes", split = ",", paramLabel = "DTYPE",
            description = "precisions: fp32, fp16, bf16, int8-wo (default: the suite's)")
    List<String> dtypeNames;

    @Option(names = "--backends", split = ",", paramLabel = "ID[@VERSION]",
            description = "backends to run (default: all found); ID@VERSION runs that version of the backend's runtime,"
                    + " e.g. onnxruntime-cpu@1.28.0,onnxruntime-cpu@1.29.0")
    List<String> backendNames;

    @Option(names = {"-O", "--option"}, paramLabel = "BACKEND.KEY=VALUE",
            description = "a backend option, e.g. onnxruntime-cpu.intra_op_threads=2 (repeatable); BACKEND@VERSION.KEY=VALUE"
                    + " sets it for that version only")
    List<String> options = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "run directory, new or empty (default: runs/RUN_ID)")
    Path out;

    @Option(names = "--warmup-max", paramLabel = "DURATION", converter = DurationConverter.WarmupCap.class,
            description = "override the suite's warm-up cap: warm-up runs until the time per call is steady, at most"
                    + " this long (0s: none), e.g. 10s")
    Duration warmupMax;

    @Option(names = "--iterations", paramLabel = "N", description = "override the suite's JMH measurement iterations")
    Integer iterations;

    @Option(names = "--time", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "override the suite's measured iteration time, e.g. 500ms")
    Duration iterationTime;

    @Option(names = "--forks", paramLabel = "N", description = "override the suite's JMH forks")
    Integer forks;

    @Option(names = "--cell-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "override the suite's time limit per cell, e.g. 10m")
    Duration cellTimeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        List<BackendProvider> providers = Backends.discover();
        ScenarioCatalog catalog = RunSelection.catalog(scenarioFiles);
        Suite suite = withOverrides(RunSelection.narrowed(RunSelection.suite(suiteName, catalog, providers),
                scenarioNames, workloadNames, dtypeNames, catalog));
        List<String> backends = RunSelection.backends(backendNames, suite, providers);
        Map<String, Map<String, String>> backendOptions = RunSelection.optionsFor(backends,
                RunSelection.options(options, providers));
        RunPlan plan;
        try {
            plan = RunPlan.of(suite, n -> catalog.find(n).orElseThrow(() -> new UsageException(
                    "unknown scenario '" + n + "'; expected one of: " + String.join(", ", catalog.names()))),
                    catalog::findByo, backends, backendOptions);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ByoPreflight.check(plan, providers);
        Map<String, RuntimeJar> runtimeJars = RunSelection.runtimeJars(backends, providers,
                RuntimeJarLocator.fromSystemProperties());

        RunIdentity run = RunIdentity.now();
        RunLayout layout = new RunLayout(out != null ? out : Path.of("runs", run.runId()));
        List<ResultRow> rows;
        SuiteRunner runner;
        try (ResultsCsvWriter results = RunDirectory.claim(layout)) {
            EnvFingerprint.write(layout.env(), EnvFingerprint.collect(providers, runtimeJars.values()));
            console.printf("portbench run %s: suite %s, %d cells -> %s%n", run.runId(), suite.name(),
                    plan.size(), layout.root());
            runner = new SuiteRunner(plan, layout, run, new WorkerLauncher(), runtimeJars, console);
            rows = runner.run(results);
        }
        console.println();
        SummaryTable.print(console, rows);
        console.printf("%nresults: %s%n", layout.results());
        return RunVerdict.exitCode(rows, runner.referenceFailures(), console);
    }

    private Suite withOverrides(Suite suite) {
        try {
            JmhSettings jmh = suite.jmh();
            if (warmupMax != null) {
                jmh = jmh.withWarmupMax(warmupMax);
            }
            if (iterations != null) {
                jmh = jmh.withMeasurementIterations(iterations);
            }
            if (iterationTime != null) {
                jmh = jmh.withIterationTime(iterationTime);
            }
            if (forks != null) {
                jmh = jmh.withForks(forks);
            }
            Suite s = suite.withJmh(jmh);
            return cellTimeout != null ? s.withCellTimeout(cellTimeout) : s;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
