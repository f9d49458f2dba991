package dev.portbench.harness.run;

import dev.portbench.harness.plan.ByoCell;
import dev.portbench.harness.plan.Cell;
import dev.portbench.harness.plan.JmhSettings;
import dev.portbench.harness.plan.RunPlan;
import dev.portbench.harness.runtimes.RuntimeJar;
import dev.portbench.harness.worker.CellOutcome;
import dev.portbench.harness.worker.CellWorker;
import dev.portbench.harness.worker.OptionsCodec;
import dev.portbench.results.CellStatus;
import dev.portbench.results.DriftMetrics;
import dev.portbench.results.Npy;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvWriter;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.Phase;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.TokenInputs;
import dev.portbench.scenarios.Workload;
import dev.portbench.scenarios.byo.ByoModel;
import dev.portbench.scenarios.catalog.ScenarioYaml;
import dev.portbench.scenarios.onnx.OnnxExporter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Runs a plan scenario by scenario: write the scenario file, export the graphs its cells need (per phase and dtype),
 * write each workload's accuracy inputs and compute the fp64 oracle's outputs once per workload, then run each cell in a
 * JVM of its own and append its rows to results.csv as soon as the cell ends.
 */
public final class SuiteRunner {
    /** The backend whose outputs every drift column is measured against. */
    public static final String ORACLE_BACKEND = "reference-fp64";
    /**
     * The fp64 oracle's own time limit in milliseconds, instead of the cell time limit: a diagnostic knob, used by the
     * tests to make the oracle time out through the real path (its JVM killed) while the cells still run.
     */
    public static final String ORACLE_TIMEOUT_PROPERTY = "portbench.oracle.timeout.ms";

    private final RunPlan plan;
    private final RunLayout layout;
    private final RunIdentity run;
    private final WorkerLauncher launcher;
    private final Map<String, RuntimeJar> runtimeJars;
    private final Progress progress;
    private final List<String> referenceFailures = new ArrayList<>();
    private Predicate<CellKey> toRun = key -> true;

    public SuiteRunner(RunPlan plan, RunLayout layout, RunIdentity run, WorkerLauncher launcher, PrintWriter out) {
        this(plan, layout, run, launcher, Map.of(), out);
    }

    /** @param runtimeJars for each {@code ID@VERSION} backend of the plan, where its runtime jar is, or why none */
    public SuiteRunner(RunPlan plan, RunLayout layout, RunIdentity run, WorkerLauncher launcher,
                       Map<String, RuntimeJar> runtimeJars, PrintWriter out) {
        this.plan = plan;
        this.layout = layout;
        this.run = run;
        this.launcher = launcher;
        this.runtimeJars = Map.copyOf(runtimeJars);
        this.progress = new Progress(out);
    }

    /**
     * The drift references (fp64 oracles, bring-your-own reference backends) that failed or timed out so far, each with
     * its workload and why: their cells ran but carry no drift, so the run did not do its job.
     */
    public List<String> referenceFailures() {
        return List.copyOf(referenceFailures);
    }

    /**
     * Runs only the cells {@code which} selects (a resumed run: those without rows yet); a scenario or model none of
     * whose cells is selected is not prepared either.
     */
    public SuiteRunner only(Predicate<CellKey> which) {
        this.toRun = which;
        return this;
    }

    /** Whether a workload's oracle outputs exist, and if not, why. */
    private record Oracle(boolean ok, String reason) {
    }

    public List<ResultRow> run(ResultsCsvWriter results) throws IOException, InterruptedException {
        RunningCells.runDirectory(layout.root());
        List<ResultRow> rows = new ArrayList<>();
        for (Scenario scenario : plan.scenarios()) {
            List<Cell> cells = plan.cells(scenario).stream().filter(c -> toRun.test(CellKey.of(c))).toList();
            if (cells.isEmpty()) {
                continue;
            }
            Map<String, Oracle> oracles = prepare(scenario, cells);
            for (Cell cell : cells) {
                List<ResultRow> cellRows = runCell(cell, oracles.get(cell.workload().name()));
                results.appendAll(cellRows); // a decode cell's two rows land together or not at all
                rows.addAll(cellRows);
            }
        }
        Map<ByoModel, List<ByoCell>> byo = new LinkedHashMap<>();
        for (ByoCell c : plan.byoCells()) {
            if (toRun.test(CellKey.of(c))) {
                byo.computeIfAbsent(c.model(), m -> new ArrayList<>()).add(c);
            }
        }
        for (Map.Entry<ByoModel, List<ByoCell>> e : byo.entrySet()) {
            Oracle reference = byoReference(e.getKey());
            for (ByoCell c : e.getValue()) {
                ResultRow row = runByoCell(c, reference);
                results.append(row);
                rows.add(row);
            }
        }
        return rows;
    }

    /** A bring-your-own model has no oracle: its reference backend's outputs take that place. */
    private Oracle byoReference(ByoModel model) throws IOException, InterruptedException {
        progress.start("prepare", model.name() + ": reference outputs from " + model.referenceBackend());
        Instant start = Instant.now();
        Path cellDir = layout.cellDir("reference-" + model.name());
        List<String> args = List.of("--byo-file", model.source(), "--backend", model.referenceBackend(),
                "--run-dir", layout.root().toString(), "--cell-dir", cellDir.toString(),
                "--outputs", layout.byoOutputs(model.name(), "reference").toString(), "--accuracy-only");
        Finished f = finished(launch(launcher, args, cellDir, plan.suite().cellTimeout()), cellDir);
        Oracle reference = f.status == CellStatus.OK ? new Oracle(true, "")
                : new Oracle(false, "reference backend " + model.referenceBackend() + " " + f.status + ": " + f.reason);
        progress.end(f.status.name(), reference.ok ? "" : reference.reason, Duration.between(start, Instant.now()));
        if (!reference.ok) {
            referenceFailures.add(model.name() + ": " + reference.reason);
        }
        return reference;
    }

    private ResultRow runByoCell(ByoCell cell, Oracle reference) throws IOException, InterruptedException {
        String name = cell.model().name();
        progress.start(cell.index() + "/" + cell.total(), name + " " + ByoCell.WORKLOAD + " × " + cell.backend());
        Instant started = Instant.now();
        Path cellDir = layout.cellDir(cell.name());
        Path outputs = layout.byoOutputs(name, cell.backend());
        List<String> args = new ArrayList<>(List.of("--byo-file", cell.model().source(), "--backend", cell.backend(),
                "--run-dir", layout.root().toString(), "--cell-dir", cellDir.toString(),
                "--outputs", outputs.toString(), "--options", OptionsCodec.encode(cell.options())));
        args.addAll(jmhArgs(cell.name()));
        Ran ran = runCellJvm(cell.backend(), args, cellDir);
        Finished f = ran.finished();
        String reason = f.reason;
        DriftMetrics.Drift drift = null;
        String dtype = null;
        if (f.status == CellStatus.OK) {
            Path first = outputs.resolve(RunLayout.byoOutput(0));
            dtype = Files.exists(first) && Npy.read(first).descr().contains("f8") ? "fp64" : "fp32";
            if (!reference.ok) {
                reason = "no drift: " + reference.reason;
            } else {
                try {
                    drift = ByoCellOutputs.drift(layout.byoOutputs(name, "reference"), outputs);
                    String nonFinite = NonFiniteOutputs.describe("", outputs, NonFiniteOutputs.byoFiles(outputs));
                    if (!nonFinite.isEmpty()) { // any output, not only the compared one
                        drift = drift.withNonFiniteOutputs();
                        reason = note(reason, nonFinite);
                    }
                } catch (IOException | RuntimeException e) {
                    reason = "no drift: " + e.getMessage();
                }
            }
        }
        ResultRow row = RowFactory.byoRow(run, plan.suite().name(), cell, started, f.status, reason, f.outcome, drift,
                ran.wall(), dtype, ran.host());
        progress.end(f.status.name(), f.status == CellStatus.OK ? "" : reason, ran.wall());
        return row;
    }

    private Map<String, Oracle> prepare(Scenario scenario, List<Cell> cells) throws IOException, InterruptedException {
        String name = scenario.name();
        Path scenarioFile = layout.scenarioFile(name);
        Files.createDirectories(scenarioFile.getParent());
        Files.writeString(scenarioFile, ScenarioYaml.write(scenario), StandardCharsets.UTF_8);

        record Graph(Phase phase, Dtype dtype) {
        }
        Set<Graph> graphs = new LinkedHashSet<>();
        Set<Workload> workloads = new LinkedHashSet<>();
        for (Cell c : cells) {
            graphs.add(new Graph(c.workload().phase(), c.dtype()));
            workloads.add(c.workload());
        }
        for (Graph g : graphs) {
            progress.start("prepare", name + ": export " + g.phase().id() + " graph in " + g.dtype().id());
            Instant start = Instant.now();
            OnnxExporter.export(scenario.weights(), g.dtype(), g.phase(), layout.model(name, g.phase(), g.dtype()));
            progress.end("OK", "", Duration.between(start, Instant.now()));
        }
        Map<String, Oracle> oracles = new HashMap<>();
        for (Workload w : workloads) {
            oracles.put(w.name(), oracle(scenario, w));
        }
        return oracles;
    }

    private Oracle oracle(Scenario scenario, Workload w) throws IOException, InterruptedException {
        String name = scenario.name();
        progress.start("prepare", name + " " + w.name() + ": inputs, fp64 oracle");
        Instant start = Instant.now();
        TokenInputs inputs = scenario.inputs(w);
        Files.createDirectories(layout.workloadOutputs(name, w.name()));
        Npy.write(layout.inputIds(name, w.name()), inputs.shape(), inputs.ids());

        Path cellDir = layout.cellDir("oracle-" + name + "-" + w.name());
        List<String> args = List.of("--scenario", name, "--workload", w.name(), "--dtype", Dtype.FP32.id(),
                "--backend", ORACLE_BACKEND, "--run-dir", layout.root().toString(), "--cell-dir", cellDir.toString(),
                "--outputs", layout.oracleOutputs(name, w.name()).toString(), "--accuracy-only");
        Duration limit = oracleTimeLimit();
        Finished f = finished(launch(launcher, args, cellDir, limit), cellDir, limit);
        Oracle oracle = f.status == CellStatus.OK ? new Oracle(true, "")
                : new Oracle(false, "fp64 oracle " + f.status + ": " + f.reason);
        progress.end(f.status.name(), oracle.ok ? "" : oracle.reason, Duration.between(start, Instant.now()));
        if (!oracle.ok) {
            referenceFailures.add(name + " " + w.name() + ": " + oracle.reason);
        }
        return oracle;
    }

    private Duration oracleTimeLimit() {
        Long ms = Long.getLong(ORACLE_TIMEOUT_PROPERTY);
        return ms == null ? plan.suite().cellTimeout() : Duration.ofMillis(ms);
    }

    private List<ResultRow> runCell(Cell cell, Oracle oracle) throws IOException, InterruptedException {
        String scenario = cell.scenario().name();
        String workload = cell.workload().name();
        progress.start(cell.index() + "/" + cell.total(), scenario + " " + workload + " " + cell.dtype().id()
                + " × " + cell.backend());
        Instant started = Instant.now();
        Path cellDir = layout.cellDir(cell.name());
        Path outputs = layout.outputs(scenario, workload, cell.dtype(), cell.backend());
        Path oracleDir = layout.oracleOutputs(scenario, workload);
        List<String> args = new ArrayList<>(List.of("--scenario", scenario, "--workload", workload,
                "--dtype", cell.dtype().id(), "--backend", cell.backend(),
                "--run-dir", layout.root().toString(), "--cell-dir", cellDir.toString(),
                "--outputs", outputs.toString(), "--options", OptionsCodec.encode(cell.options())));
        args.addAll(jmhArgs(cell.name()));
        boolean decode = cell.workload().phase() == Phase.DECODE;
        if (decode && oracle.ok) {
            args.addAll(List.of("--forced-tokens", RunLayout.tokens(oracleDir).toString()));
        }
        Ran ran = runCellJvm(cell.backend(), args, cellDir);
        Finished f = ran.finished();

        String reason = f.reason;
        DriftMetrics.Drift promptDrift = null;
        DriftEvaluator.DecodeDrift decodeDrift = null;
        if (f.status == CellStatus.OK) {
            if (!oracle.ok) {
                reason = "no drift: " + oracle.reason;
            } else {
                try {
                    promptDrift = DriftEvaluator.evaluate(oracleDir, outputs, cell.scenario().model());
                    if (decode) {
                        decodeDrift = DriftEvaluator.evaluateDecode(oracleDir, outputs, cell.scenario().model(),
                                cell.workload().newTokens());
                    }
                    List<String> compared = decode ? List.of(RunLayout.logits(outputs).getFileName().toString(),
                            RunLayout.stepLogits(outputs).getFileName().toString())
                            : List.of(RunLayout.logits(outputs).getFileName().toString());
                    reason = note(reason, NonFiniteOutputs.describe("", outputs, compared));
                    reason = note(reason, NonFiniteOutputs.describe("fp64 oracle's ", oracleDir, compared));
                } catch (IOException | RuntimeException e) {
                    reason = "no drift: " + e.getMessage();
                }
            }
        }
        List<ResultRow> rows = RowFactory.rows(run, plan.suite().name(), new RowFactory.CellResult(cell, started,
                f.status, reason, f.outcome, promptDrift, decodeDrift, ran.wall(), ORACLE_BACKEND, ran.host()));
        progress.end(f.status.name(), f.status == CellStatus.OK ? "" : reason, ran.wall());
        return rows;
    }

    /** How a measured cell ended, and its JVM's wall time (zero when none was started). */
    private record Ran(Finished finished, Duration wall, HostMonitor.Verdict host) {
    }

    /**
     * Runs a measured cell's JVM with its backend's class path: the worker's own, or for {@code ID@VERSION} that
     * version's runtime jar in place of the bundled one. A version found nowhere is SKIPPED without starting a JVM.
     */
    private Ran runCellJvm(String backend, List<String> args, Path cellDir) throws IOException, InterruptedException {
        WorkerLauncher cellLauncher = launcher;
        RuntimeJar runtime = runtimeJars.get(backend);
        if (runtime != null) {
            if (!runtime.isFound()) {
                return new Ran(new Finished(CellStatus.SKIPPED, runtime.missing(), null), Duration.ZERO,
                        HostMonitor.Verdict.UNKNOWN);
            }
            try {
                cellLauncher = launcher.withRuntimeJar(runtime.artifact(), runtime.jar());
            } catch (IllegalStateException e) {
                return new Ran(new Finished(CellStatus.FAILED, e.getMessage(), null), Duration.ZERO,
                        HostMonitor.Verdict.UNKNOWN);
            }
        }
        HostMonitor monitor = HostMonitor.start(); // other processes' CPU while the cell measures
        WorkerLauncher.Exit exit;
        HostMonitor.Verdict host;
        try {
            exit = launch(cellLauncher, args, cellDir, plan.suite().cellTimeout());
        } finally {
            host = monitor.verdict();
        }
        return new Ran(finished(exit, cellDir), exit.wall(), host);
    }

    /**
     * Starts a cell worker JVM. A cell.json left by an earlier session that was killed before recording the cell is
     * removed first, so it is never read as this attempt's outcome.
     */
    private WorkerLauncher.Exit launch(WorkerLauncher cellLauncher, List<String> args, Path cellDir, Duration limit)
            throws IOException, InterruptedException {
        Files.deleteIfExists(RunLayout.cellOutcome(cellDir));
        return cellLauncher.run(CellWorker.class.getName(), args, RunLayout.workerLog(cellDir), limit);
    }

    /** Where a measured cell writes JMH's JSON and the suite's JMH settings, as the cell worker takes them. */
    private List<String> jmhArgs(String cellName) {
        JmhSettings jmh = plan.suite().jmh();
        return List.of("--jmh-json", layout.jmhJson(cellName).toString(),
                "--warmup-max-ms", Long.toString(jmh.warmupMax().toMillis()),
                "--iterations", Integer.toString(jmh.measurementIterations()),
                "--iteration-ms", Long.toString(jmh.measurementTime().toMillis()),
                "--forks", Integer.toString(jmh.forks()));
    }

    private record Finished(CellStatus status, String reason, CellOutcome outcome) {
    }

    /** {@code reason} with {@code note} appended; either may be empty. */
    private static String note(String reason, String note) {
        if (note.isEmpty()) {
            return reason == null ? "" : reason;
        }
        return reason == null || reason.isEmpty() ? note : reason + "; " + note;
    }

    /** Reads what the cell JVM reported, or explains why it reported nothing. */
    private Finished finished(WorkerLauncher.Exit exit, Path cellDir) throws IOException {
        return finished(exit, cellDir, plan.suite().cellTimeout());
    }

    private Finished finished(WorkerLauncher.Exit exit, Path cellDir, Duration limit) throws IOException {
        Path log = RunLayout.workerLog(cellDir);
        if (exit.timedOut()) {
            String shown = limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
            return new Finished(CellStatus.TIMEOUT, "cell exceeded its time limit of " + shown
                    + " and was killed; see " + log, null);
        }
        Path outcomeFile = RunLayout.cellOutcome(cellDir);
        if (Files.exists(outcomeFile)) {
            CellOutcome outcome = CellWorker.readOutcome(outcomeFile);
            return new Finished(CellStatus.valueOf(outcome.status()), outcome.reason(), outcome);
        }
        return new Finished(CellStatus.FAILED, "cell JVM " + ExitCodes.describe(exit.exitCode())
                + " without reporting; last output: " + LogTail.lastLines(log, 3), null);
    }
}
