package dev.portbench.harness.cli;

import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.Backends;
import dev.portbench.backend.ThreadCount;
import dev.portbench.harness.env.DevicePeak;
import dev.portbench.harness.env.EnvFingerprint;
import dev.portbench.harness.env.HostStability;
import dev.portbench.harness.env.MachinePeak;
import dev.portbench.harness.env.PeakMeasurement;
import dev.portbench.harness.env.PeakText;
import dev.portbench.harness.env.RunPeaks;
import dev.portbench.harness.plan.Cell;
import dev.portbench.harness.plan.CellOrder;
import dev.portbench.harness.plan.JmhSettings;
import dev.portbench.harness.plan.RunPlan;
import dev.portbench.harness.plan.Shard;
import dev.portbench.harness.plan.Suite;
import dev.portbench.harness.run.CellKey;
import dev.portbench.harness.run.RunCompletion;
import dev.portbench.harness.run.RunIdentity;
import dev.portbench.harness.run.RunLayout;
import dev.portbench.harness.run.RunningCells;
import dev.portbench.harness.run.BackendProbes;
import dev.portbench.harness.run.CellLaunchers;
import dev.portbench.harness.run.DevicePeaks;
import dev.portbench.harness.run.SuiteRunner;
import dev.portbench.harness.run.WorkerLauncher;
import dev.portbench.harness.runtimes.RuntimeJar;
import dev.portbench.harness.runtimes.RuntimeJarLocator;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvWriter;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.checkpoint.CheckpointScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

@Command(name = "run", description = "Runs a suite: every scenario on every backend, one JVM per cell, into --out;"
        + " --resume DIR continues an interrupted run.",
        mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--suite", paramLabel = "NAME|FILE",
            description = "built-in suite (smoke, nightly) or a suite YAML file (default: smoke)")
    String suiteName;

    @Option(names = "--scenario-file", paramLabel = "FILE",
            description = "a scenario YAML file to add to the catalog (repeatable)")
    List<Path> scenarioFiles = new ArrayList<>();

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "a local Hugging Face checkpoint folder (Llama, Mixtral, Qwen, DeepSeek-V2/V3) to run as a"
                    + " scenario named after it, with prefill and decode workloads; run alone unless --scenarios"
                    + " names others")
    Path checkpoint;

    @Option(names = "--layers", paramLabel = "N", description = "with --checkpoint: keep its first N layers")
    Integer layers;

    @Option(names = "--shard", paramLabel = "I/N", description = "run only part I of N of the plan's cells (0 <= I < N),"
            + " dealt out by name, so a shard always runs the same cells (a Slurm array task's)")
    String shard;

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

    @Option(names = "--resume", paramLabel = "DIR",
            description = "continue the run in DIR: run the cells that have no rows yet, with the plan, order and"
                    + " run_id recorded in DIR/run.json")
    Path resume;

    @Option(names = "--retry-failed", description = "with --resume: also run again the cells whose rows are FAILED or"
            + " TIMEOUT (their old rows are removed first)")
    boolean retryFailed;

    @Option(names = "--order-seed", paramLabel = "N",
            description = "seed of the shuffled cell order, recorded in run.json (default: a random seed)")
    Long orderSeed;

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

    @Option(names = "--max-forks", paramLabel = "N", description = "at most N forks for a cell whose tokens/s"
            + " interval after its forks is wider than the suite's target_half_width (default 0.05); 0: no further"
            + " forks")
    Integer maxForks;

    @Option(names = "--cell-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "override the suite's time limit per cell, e.g. 10m")
    Duration cellTimeout;

    /** What the options select, checked: the suite, the backends, the plan in its run order, the runtime jars. */
    private record Selection(Suite suite, Path suiteFile, List<String> backends, RunPlan plan,
                             Map<String, RuntimeJar> runtimeJars, Map<String, Map<String, String>> backendOptions,
                             Map<String, Map<String, String>> referenceOptions) {

        /** The backends' probes, each in a JVM of its own with the backend's runtime, answered once per run. */
        BackendProbes probes(RunLayout layout) {
            return new BackendProbes(launchers(), layout.probes());
        }

        CellLaunchers launchers() {
            return new CellLaunchers(new WorkerLauncher(), runtimeJars);
        }

        /** The fingerprint, with the host's stability when the suite asks for it (measured now, before any cell). */
        Map<String, Object> env(BackendProbes probes, PrintWriter console) throws IOException, InterruptedException {
            Map<String, Object> env = EnvFingerprint.collect(probes.describe(backends, backendOptions),
                    runtimeJars.values());
            if (suite.hostStability() != null) {
                HostStability.Result r = HostStability.measure(suite.hostStability(),
                        suite.hostStabilityThreads() == null ? Runtime.getRuntime().availableProcessors()
                                : ThreadCount.resolve(suite.hostStabilityThreads()));
                console.printf(Locale.ROOT, "host stability over %.1f s: CV %.1f %% of ten blocks, %s%n",
                        suite.hostStability().toMillis() / 1000.0, 100 * r.cv(), r.verdict());
                env.put("host_stability", r.toJson());
            }
            return env;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (resume != null) {
            return resume();
        }
        if (retryFailed) {
            throw new UsageException("--retry-failed needs --resume DIR; expected --resume DIR --retry-failed to run"
                    + " a run's FAILED and TIMEOUT cells again");
        }
        PrintWriter console = spec.commandLine().getOut();
        List<BackendProvider> providers = Backends.discover();
        PlanOptions given = given();
        long seed = orderSeed != null ? orderSeed : ThreadLocalRandom.current().nextLong();
        Selection selection = select(given, providers, seed);
        RunPlan plan = selection.plan();

        RunIdentity run = RunIdentity.now();
        RunLayout layout = new RunLayout(out != null ? out : Path.of("runs", run.runId()));
        List<ResultRow> rows;
        SuiteRunner runner;
        try (RunDirectory.Claim claim = RunDirectory.claim(layout)) {
            ResultsCsvWriter results = claim.results();
            RunManifest.of(run, seed, given, selection.suiteFile(), selection.backends(), plan)
                    .write(layout.manifest());
            BackendProbes probes = selection.probes(layout);
            MachinePeak peak = measurePeak(console);
            Map<String, Object> env = selection.env(probes, console);
            RunPeaks peaks = new RunPeaks(peak, measureDevicePeaks(console, selection, plan.cells(), probes, layout));
            EnvFingerprint.write(layout.env(), EnvFingerprint.atRunStart(env, peaks));
            console.printf(Locale.ROOT, "portbench run %s: suite %s, %d cells (order seed %d) -> %s%n", run.runId(),
                    selection.suite().name(), plan.size(), seed, layout.root());
            runner = new SuiteRunner(plan, layout, run, new WorkerLauncher(), selection.runtimeJars(), console)
                    .withReferenceOptions(selection.referenceOptions()).withOrderSeed(seed).withProbes(probes)
                    .withPeaks(peaks);
            try {
                runner.run(results);
            } finally { // an interrupted session records the host's state at its end too
                RunningCells.lastRecord(() -> EnvFingerprint.addRunEnd(layout.env()));
            }
            rows = results.rows();
        }
        return finish(console, layout, run, plan, rows, runner.referenceFailures());
    }

    /** {@code --resume DIR}: the plan of DIR/run.json, minus the cells that already have rows. */
    private int resume() throws Exception {
        if (out != null) {
            throw new UsageException("--resume " + resume + " and --out " + out + " together; expected one of them:"
                    + " a resumed run writes into the directory it resumes");
        }
        RunLayout layout = new RunLayout(resume);
        if (!Files.isDirectory(resume)) {
            throw new UsageException("--resume " + resume + " is not a directory; expected the run directory of a"
                    + " run started by 'portbench run'");
        }
        if (RunDirectory.abandonedStart(layout)) {
            throw new UsageException("--resume " + resume + ": that run ended before it recorded its plan (no run.json,"
                    + " no rows): nothing was measured and there is nothing to resume; expected a run that recorded"
                    + " its plan, or start it again with --out " + resume);
        }
        if (!Files.exists(layout.manifest())) {
            RunManifest.read(layout.manifest()); // says what is missing, before anything is written there
        }
        try (RunLock lock = RunLock.take(layout)) {
            return resume(layout);
        }
    }

    /** The resumed session, holding the run directory's lock. */
    private int resume(RunLayout layout) throws Exception {
        RunManifest recorded = RunManifest.read(layout.manifest());
        ResumeCheck.requireSamePlan(layout.manifest(), recorded, given(), orderSeed);
        ResumeCheck.requireUnchangedFiles(recorded);
        PrintWriter console = spec.commandLine().getOut();
        List<BackendProvider> providers = Backends.discover();
        Selection selection;
        try {
            selection = select(recorded.planOptions(), providers, recorded.orderSeed());
        } catch (UsageException e) { // the options came from the file, not the command line: say so
            throw new UsageException(layout.manifest() + ": the run's recorded options do not make a plan here: "
                    + e.getMessage());
        }
        RunPlan plan = selection.plan();
        if (recorded.planSha256() == null && recorded.checkpoint() != null && recorded.scenarios() != null
                && !recorded.scenarios().contains(CheckpointScenario.name(Path.of(recorded.checkpoint()),
                recorded.layers()))) { // an older portbench dropped such a checkpoint; this one runs it too
            throw new UsageException(layout.manifest() + ": an older portbench started this run with --checkpoint"
                    + " beside --scenarios that did not name it, and ran it without the checkpoint; this one would add"
                    + " the checkpoint's cells; expected a run this portbench started: start a new one");
        }
        List<String> changed = PlanFingerprint.differences(recorded.planSha256(), PlanFingerprint.of(plan));
        if (!changed.isEmpty()) { // the options rebuild another plan: what they name changed since the run started
            throw new UsageException(layout.manifest() + ": the plan rebuilt from it differs from the one the run"
                    + " started with in " + String.join(", ", changed) + " (portbench's built-in scenarios or suites"
                    + " changed since?); expected the same plan: resume with the portbench that started the run, or"
                    + " start a new one");
        }
        // the run's id, start and host stay: the history groups a night's rows by host, and a night split between
        // two names would read as cells missing from each; a resume on another machine says so, and its
        // env-resume-N.json records that machine
        RunIdentity run = recorded.identity();
        String here = RunIdentity.hostName();
        if (!here.equals(run.host())) {
            console.printf(Locale.ROOT, "portbench run %s started on %s and resumes on %s: its rows keep the run's host"
                    + " %s; env-resume-N.json records this machine%n", run.runId(), run.host(), here, run.host());
        }

        try (ResultsCsvWriter results = ResultsCsvWriter.resume(layout.results())) {
            Set<CellKey> toRun = RunCompletion.missing(plan, results.rows());
            Set<CellKey> retried = retryFailed ? RunCompletion.failed(results.rows()) : new LinkedHashSet<>();
            retried.retainAll(RunCompletion.cells(plan));
            toRun.addAll(retried);
            if (toRun.isEmpty() && Files.exists(layout.completion())) {
                throw alreadyComplete(layout, plan);
            }
            if (toRun.isEmpty()) {
                // killed after its last row, before its marker: finish as that session would have, with its exit
                // code (a failed drift reference shows in its rows, which then lack drift)
                console.printf(Locale.ROOT, "portbench run %s: every one of its %d cells has rows; only %s was"
                        + " missing%n", run.runId(), plan.size(), layout.completion().getFileName());
                return finish(console, layout, run, plan, results.rows(), List.of());
            }
            Files.deleteIfExists(layout.completion()); // stale until every cell has rows again
            int removed = results.removeIf(r -> retried.contains(CellKey.of(r)));
            int session = nextResumeSession(layout);
            BackendProbes probes = selection.probes(layout);
            MachinePeak peak = measurePeak(console);
            Map<String, Object> env = selection.env(probes, console);
            List<Cell> remaining = plan.cells().stream().filter(c -> toRun.contains(CellKey.of(c))).toList();
            RunPeaks peaks = new RunPeaks(peak, measureDevicePeaks(console, selection, remaining, probes, layout));
            EnvFingerprint.write(layout.envResume(session), EnvFingerprint.atRunStart(env, peaks));
            console.printf(Locale.ROOT, "portbench run %s resumed (session %d): %d of %d cells to run%s (order seed"
                            + " %d) -> %s%n", run.runId(), session + 1, toRun.size(), plan.size(),
                    retried.isEmpty() ? "" : ", " + retried.size() + " of them FAILED or TIMEOUT before (" + removed
                            + " rows removed)", recorded.orderSeed(), layout.root());
            SuiteRunner runner = new SuiteRunner(plan, layout, run, new WorkerLauncher(), selection.runtimeJars(),
                    console).withReferenceOptions(selection.referenceOptions()).only(toRun::contains)
                    .withOrderSeed(recorded.orderSeed()).withProbes(probes)
                    .withPeaks(peaks);
            try {
                runner.run(results);
            } finally {
                RunningCells.lastRecord(() -> EnvFingerprint.addRunEnd(layout.envResume(session)));
            }
            return finish(console, layout, run, plan, results.rows(), runner.referenceFailures());
        }
    }

    /** Nothing left to run in a run that has its marker: exit 2. */
    private UsageException alreadyComplete(RunLayout layout, RunPlan plan) {
        String hint = retryFailed ? "" : "; --retry-failed runs FAILED and TIMEOUT cells again";
        return new UsageException("run " + layout.root() + " is already complete (see " + layout.completion()
                + "): every one of its " + plan.size() + " cells has rows" + (retryFailed
                ? " and none is FAILED or TIMEOUT" : "") + "; nothing to resume" + hint);
    }

    /** env-resume-N.json: N = 1 for the first resumed session, and so on; the first session's stays env.json. */
    private static int nextResumeSession(RunLayout layout) {
        int n = 1;
        while (Files.exists(layout.envResume(n))) {
            n++;
        }
        return n;
    }

    /** The summary of every row of the run, complete.json once every cell has rows, and the exit code. */
    private static int finish(PrintWriter console, RunLayout layout, RunIdentity run, RunPlan plan,
                              List<ResultRow> rows, List<String> referenceFailures) throws IOException {
        Set<CellKey> missing = RunCompletion.missing(plan, rows);
        if (missing.isEmpty()) {
            RunCompletion.write(layout.completion(), run, plan.size(), rows, Instant.now());
        }
        console.println();
        SummaryTable.print(console, rows);
        console.printf("%nresults: %s%n", layout.results());
        if (!missing.isEmpty()) {
            console.printf(Locale.ROOT, "%d cells have no rows yet; 'portbench run --resume %s' runs them%n",
                    missing.size(), layout.root());
        }
        return RunVerdict.exitCode(rows, referenceFailures, console);
    }

    /**
     * Checks these options as a run with {@code suite} would, before any cell: for {@code slurm submit}, which hands
     * them to its array tasks, so that a bad value is exit 2 at submission rather than a failed task per shard.
     */
    void checkPlan(String suite) {
        suiteName = suite;
        try {
            if (readsItsOwnScenarios()) { // scenario files and checkpoints are read where the run runs: the rest
                List<BackendProvider> providers = Backends.discover();
                Suite builtIn = RunSelection.suite(PlanOptions.DEFAULT_SUITE, ScenarioCatalog.builtIn(), providers);
                withOverrides(builtIn, given());
                Map<String, Map<String, String>> grouped = RunSelection.options(options, providers);
                // the run's backends, where they can be known without the scenarios: from --backends, or from a
                // built-in suite; a suite file naming the files' scenarios is read by the run alone
                Suite named = backendNames != null && !backendNames.isEmpty() ? builtIn
                        : RunSelection.isSuiteFile(suiteName) ? null
                        : RunSelection.suite(suiteName, ScenarioCatalog.builtIn(), providers);
                if (named != null) {
                    RunSelection.optionsFor(RunSelection.backends(backendNames, named, providers), grouped);
                }
            } else {
                select(given(), Backends.discover(), 0L);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Whether these options name scenario files or a checkpoint, which only the run itself reads. */
    boolean readsItsOwnScenarios() {
        return !scenarioFiles.isEmpty() || checkpoint != null;
    }

    private PlanOptions given() {
        return new PlanOptions(suiteName, scenarioFiles, scenarioNames, workloadNames, dtypeNames, backendNames,
                options, warmupMax, iterations, iterationTime, forks, maxForks, cellTimeout, checkpoint, layers, shard);
    }

    /**
     * The scenarios to run: a checkpoint's alone, or with those --scenarios names (first, where they leave it out: a
     * checkpoint given is run, never dropped); the suite's matrix where neither is given.
     */
    static List<String> withCheckpoint(List<String> scenarios, String checkpoint) {
        if (checkpoint == null) {
            return scenarios;
        }
        if (scenarios == null) {
            return List.of(checkpoint);
        }
        if (scenarios.contains(checkpoint)) {
            return scenarios;
        }
        List<String> all = new ArrayList<>(List.of(checkpoint));
        all.addAll(scenarios);
        return all;
    }

    /** Checks the options against the catalog and the backends found, and builds the plan in its shuffled order. */
    private static Selection select(PlanOptions o, List<BackendProvider> providers, long seed) {
        ScenarioCatalog catalog = RunSelection.catalog(o.scenarioFiles(), o.checkpoint(), o.layers());
        List<String> scenarios = withCheckpoint(o.scenarios(), o.checkpoint() == null ? null
                : CheckpointScenario.name(o.checkpoint(), o.layers()));
        Suite suite = withOverrides(RunSelection.narrowed(RunSelection.suite(o.suiteOrDefault(), catalog, providers),
                scenarios, o.workloads(), o.dtypes(), catalog), o);
        List<String> backends = RunSelection.backends(o.backends(), suite, providers);
        Map<String, Map<String, String>> grouped = RunSelection.options(o.options(), providers);
        Map<String, Map<String, String>> backendOptions = RunSelection.optionsFor(backends, suite.options(), grouped);
        RunSelection.checkTogether(backendOptions, suite, providers);
        RunPlan plan;
        try {
            plan = RunPlan.of(suite, n -> catalog.find(n).orElseThrow(() -> new UsageException(
                    "unknown scenario '" + n + "'; expected one of: " + String.join(", ", catalog.names()))),
                    catalog::findByo, backends, backendOptions);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (o.shard() != null) {
            try {
                plan = Shard.parse(o.shard()).select(plan);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        ByoPreflight.check(plan, providers);
        List<String> launched = RunSelection.withByoReferences(backends, plan); // reference JVMs start like cells
        Map<String, RuntimeJar> runtimeJars = RunSelection.runtimeJars(launched, providers,
                RuntimeJarLocator.fromSystemProperties());
        Path suiteFile = RunSelection.isSuiteFile(o.suiteOrDefault()) ? Path.of(o.suiteOrDefault()) : null;
        return new Selection(suite, suiteFile, backends, CellOrder.shuffled(plan, seed), runtimeJars, backendOptions,
                RunSelection.optionsFor(launched, suite.options(), grouped));
    }

    private static Suite withOverrides(Suite suite, PlanOptions o) {
        Duration warmupMax = o.warmupMax();
        Integer iterations = o.iterations();
        Duration iterationTime = o.time();
        Integer forks = o.forks();
        Duration cellTimeout = o.cellTimeout();
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
            jmh = withForks(jmh, forks, o.maxForks());
            Suite s = suite.withJmh(jmh);
            return cellTimeout != null ? s.withCellTimeout(cellTimeout) : s;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * The suite's forks with {@code --forks} and {@code --max-forks} applied together, so that one names what the
     * other allows ({@code --forks 1 --max-forks 1} on a suite with further forks). Without {@code --max-forks}, a
     * suite's cap below {@code --forks} rises to it.
     */
    static JmhSettings withForks(JmhSettings jmh, Integer forks, Integer maxForks) {
        int planned = forks != null ? forks : jmh.forks();
        int max;
        if (maxForks == null) {
            max = jmh.extendsForks() ? Math.max(planned, jmh.maxForks()) : planned;
        } else if (maxForks == PlanOptions.AS_FORKS) {
            max = planned;
        } else if (maxForks < planned && planned >= 1) {
            throw new UsageException("--max-forks " + maxForks + " is below the " + planned + " forks every cell gets;"
                    + " expected at least " + planned + " (or 0 for no further forks)");
        } else {
            max = maxForks;
        }
        if (max > planned && planned == 1) { // 0 or less: JmhSettings names the forks themselves
            throw new UsageException((forks != null ? "--forks " + forks : "the suite's forks: " + planned)
                    + (maxForks != null ? " with --max-forks " + maxForks : " with the suite's max_forks " + max)
                    + ": further forks need at least 2 planned forks, whose spread says how many more a cell needs;"
                    + " expected --forks 2 or more, or --max-forks 0 for none");
        }
        try {
            return jmh.withForks(planned, max);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * The GEMM peak of each available backend that runs on an accelerator, on its own device, for the arithmetics of
     * {@code cells} on it; none where every backend runs on the host CPU.
     */
    private static Map<String, DevicePeak> measureDevicePeaks(PrintWriter console, Selection selection,
                                                              List<Cell> cells, BackendProbes probes, RunLayout layout)
            throws IOException, InterruptedException {
        List<DevicePeaks.Request> requests = new ArrayList<>();
        for (String backend : selection.backends()) {
            Map<String, String> options = selection.backendOptions().getOrDefault(backend, Map.of());
            List<String> dtypes = cells.stream().filter(c -> c.backend().equals(backend))
                    .map(c -> c.dtype().id()).distinct().toList();
            if (!dtypes.isEmpty() && probes.probe(backend, options).onAccelerator()) {
                requests.add(new DevicePeaks.Request(backend, options, dtypes));
            }
        }
        if (requests.isEmpty()) {
            return Map.of();
        }
        long start = System.nanoTime();
        Map<String, DevicePeak> peaks = new DevicePeaks(selection.launchers(), layout.devicePeaks()).measure(requests);
        peaks.values().forEach(p -> console.printf(Locale.ROOT, "device peak %s: %s%n", p.backend(),
                PeakText.of(p)));
        console.printf(Locale.ROOT, "device peaks measured in %.1f s%n", (System.nanoTime() - start) / 1e9);
        return peaks;
    }

    /** The host's GEMM and memory peaks, once per session, before any cell runs (see docs/architecture.md). */
    private static MachinePeak measurePeak(PrintWriter console) {
        long start = System.nanoTime();
        MachinePeak peak = PeakMeasurement.measure(Runtime.getRuntime().availableProcessors());
        console.printf(Locale.ROOT, "machine peak: %s (%.1f s)%n", PeakText.of(peak),
                (System.nanoTime() - start) / 1e9);
        return peak;
    }
}
