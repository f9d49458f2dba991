package dev.portbench.harness.run;

import dev.portbench.harness.env.RunPeaks;
import dev.portbench.harness.plan.ByoCell;
import dev.portbench.harness.plan.Cell;
import dev.portbench.harness.plan.CellOrder;
import dev.portbench.harness.plan.JmhSettings;
import dev.portbench.harness.plan.RunPlan;
import dev.portbench.harness.runtimes.RuntimeJar;
import dev.portbench.harness.worker.CellOutcome;
import dev.portbench.harness.worker.CellWorker;
import dev.portbench.results.OptionsCodec;
import dev.portbench.harness.worker.ProbeResult;
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
    /** Set in every cell JVM (and so its JMH forks): the cell's folder. */
    public static final String CELL_DIR_PROPERTY = "portbench.cell.dir";

    private final RunPlan plan;
    private final RunLayout layout;
    private final RunIdentity run;
    private final WorkerLauncher launcher;
    private final CellLaunchers cellLaunchers;
    private BackendProbes probes;
    private RunPeaks peaks;
    private final Progress progress;
    private final List<String> referenceFailures = new ArrayList<>();
    private Predicate<CellKey> toRun = key -> true;
    private long orderSeed;
    private Map<String, Map<String, String>> referenceOptions = Map.of();

    public SuiteRunner(RunPlan plan, RunLayout layout, RunIdentity run, WorkerLauncher launcher, PrintWriter out) {
        this(plan, layout, run, launcher, Map.of(), out);
    }

    /**
     * @param runtimeJars for each backend of the plan whose runtime is not the class path's ({@code ID@VERSION}, the
     *                    GPU builds), where its runtime jar is, or why none
     */
    public SuiteRunner(RunPlan plan, RunLayout layout, RunIdentity run, WorkerLauncher launcher,
                       Map<String, RuntimeJar> runtimeJars, PrintWriter out) {
        this.plan = plan;
        this.layout = layout;
        this.run = run;
        this.launcher = launcher;
        this.cellLaunchers = new CellLaunchers(launcher, runtimeJars);
        this.probes = new BackendProbes(cellLaunchers, layout.probes());
        this.progress = new Progress(out);
    }

    /**
     * The -O options of each bring-your-own model's reference backend, which it runs with as its cells would; a
     * backend missing here runs with none.
     */
    public SuiteRunner withReferenceOptions(Map<String, Map<String, String>> options) {
        this.referenceOptions = Map.copyOf(options);
        return this;
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

    /**
     * Runs the selected cells. With one fork per cell each scenario is prepared and its cells run before the next
     * scenario; with N forks every scenario is prepared first, then the cells run in N rounds of one fork each, every
     * round over every open cell in an order of its own ({@link CellOrder#forRound}), and a cell's rows are written
     * after its last round (or the round that failed).
     */
    public List<ResultRow> run(ResultsCsvWriter results) throws IOException, InterruptedException {
        RunningCells.runDirectory(layout.root());
        boolean streamed = rounds() == 1; // nothing to interleave: each scenario's rows as soon as they exist
        List<ResultRow> rows = new ArrayList<>();
        List<CellJob> jobs = new ArrayList<>();
        for (Scenario scenario : plan.scenarios()) {
            List<Cell> cells = plan.cells(scenario).stream().filter(c -> toRun.test(CellKey.of(c))).toList();
            if (cells.isEmpty()) {
                continue;
            }
            Map<String, Oracle> oracles = prepare(scenario, cells);
            for (Cell cell : cells) {
                jobs.add(new ScenarioCellJob(cell, oracles.get(cell.workload().name())));
            }
            if (streamed) {
                rows.addAll(runRounds(jobs, results));
                jobs.clear();
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
                jobs.add(new ByoCellJob(c, reference));
            }
            if (streamed) {
                rows.addAll(runRounds(jobs, results));
                jobs.clear();
            }
        }
        rows.addAll(runRounds(jobs, results));
        return rows;
    }

    /**
     * The limits measured at the run's start (env.json's machine_peak and device_peaks), for the roofline columns.
     */
    public SuiteRunner withPeaks(RunPeaks measured) {
        this.peaks = measured;
        return this;
    }

    /** Answers the run already has (env.json's probes), so cells reuse them instead of probing again. */
    public SuiteRunner withProbes(BackendProbes known) {
        this.probes = known;
        return this;
    }

    /** The run order of rounds after the first; the first keeps the plan's (already shuffled) order. */
    public SuiteRunner withOrderSeed(long seed) {
        this.orderSeed = seed;
        return this;
    }

    /** One round per JMH fork of the suite. */
    private int rounds() {
        return Math.max(1, plan.suite().jmh().forks());
    }

    /**
     * Runs the jobs' rounds, each job until its last round or the round that did not end OK, and writes its rows. A
     * job's last round is the suite's forks or, where the suite allows further forks, what {@link ForkExtension} makes
     * of its rounds: judged after the planned rounds, and again whenever a cell has run the number decided. Cells that
     * one comparison sets side by side (a scenario, workload and dtype on every backend) get the same number, the most
     * any of them needs, so an upgrade A/B's two versions keep running in the same rounds and the host's later drift
     * falls on both. Each cell's decision is saved beside its rounds, so a resumed run keeps it, also where the other
     * cells of its group already have rows.
     */
    private List<ResultRow> runRounds(List<CellJob> jobs, ResultsCsvWriter results)
            throws IOException, InterruptedException {
        int planned = rounds();
        JmhSettings jmh = plan.suite().jmh();
        List<ResultRow> rows = new ArrayList<>();
        List<CellJob> open = new ArrayList<>(jobs);
        for (CellJob job : open) {
            job.forks = planned;
        }
        for (int round = 1; !open.isEmpty(); round++) {
            boolean deciding = round >= planned && jmh.extendsForks();
            for (CellJob job : CellOrder.forRound(open, round, orderSeed)) {
                Path cellDir = layout.cellDir(job.name());
                RoundRecord done = RoundRecord.saved(cellDir, round).orElse(null);
                if (done == null) {
                    done = runRound(job, round, job.forks);
                    if (done.ok()) {
                        done.save(cellDir, round);
                    }
                }
                job.rounds.add(done);
                if (!done.ok() || round == job.forks && !deciding) {
                    rows.addAll(finish(job, jmh, results));
                    open.remove(job);
                }
            }
            if (deciding) {
                decideFurtherForks(open, round, jmh);
                for (CellJob job : List.copyOf(open)) {
                    if (job.forks == round) {
                        rows.addAll(finish(job, jmh, results));
                        open.remove(job);
                    }
                }
            }
        }
        return rows;
    }

    /**
     * The forks of each cell that has just run the number decided for it (first the planned forks): as many as all its
     * forks' spread says tokens/s needs, the most any cell of its group needs, never fewer than it ran. A cell resumed
     * after its group decided more keeps that decision: the group's other cells may be done. Each decision is saved
     * before any cell runs on or ends, so that a resume finds it.
     */
    private void decideFurtherForks(List<CellJob> open, int round, JmhSettings jmh) throws IOException {
        Map<String, List<CellOutcome>> byGroup = new LinkedHashMap<>();
        List<CellJob> due = new ArrayList<>();
        for (CellJob job : open) {
            if (job.forks != round) {
                continue;
            }
            java.util.OptionalInt saved = ForkExtension.saved(layout.cellDir(job.name()), jmh);
            if (saved.isPresent() && saved.getAsInt() > round) {
                job.forks = saved.getAsInt();
            } else {
                due.add(job);
                byGroup.computeIfAbsent(job.group(), g -> new ArrayList<>()).add(job.merged());
            }
        }
        Map<String, Integer> forksByGroup = ForkExtension.forGroups(byGroup, jmh);
        for (CellJob job : due) {
            job.forks = Math.max(round, forksByGroup.get(job.group()));
            ForkExtension.save(layout.cellDir(job.name()), job.forks);
        }
    }

    /** Writes a job's rows once its last round ran (or the round that did not end OK). */
    private static List<ResultRow> finish(CellJob job, JmhSettings jmh, ResultsCsvWriter results) throws IOException {
        List<ResultRow> cellRows = job.rows(ForkExtension.note(job.forks, jmh));
        results.appendAll(cellRows); // a decode cell's two rows land together or not at all
        return cellRows;
    }

    private RoundRecord runRound(CellJob job, int round, int rounds) throws IOException, InterruptedException {
        progress.start(job.position(), job.description() + (rounds > 1 ? ", round " + round + "/" + rounds : ""));
        Instant started = Instant.now();
        Path cellDir = layout.cellDir(job.name());
        if (round == 1) { // the backend's probe, in a JVM of its own, once per run and set of options
            ProbeResult probe = probes.probe(job.backend(), job.options());
            if (!probe.ok()) {
                CellStatus status = CellStatus.valueOf(probe.status());
                Duration waited = Duration.between(started, Instant.now());
                progress.end(status.name(), probe.reason(), waited);
                return RoundRecord.of(started, Duration.ZERO, status, probe.reason(), null, HostMonitor.Verdict.UNKNOWN);
            }
        }
        List<String> args = new ArrayList<>(job.args(cellDir));
        args.addAll(jmhArgs(rounds > 1 ? job.name() + ".round-" + round : job.name()));
        if (round > 1) {
            args.add("--measure-only");
        }
        Ran ran = runCellJvm(job.backend(), job.options(), args, cellDir);
        Finished f = ran.finished();
        progress.end(f.status.name(), f.status == CellStatus.OK ? "" : f.reason, ran.wall());
        return RoundRecord.of(started, ran.wall(), f.status, f.reason, f.outcome, ran.host());
    }

    /**
     * A measured cell: what its JVMs are started with, and its rows from its rounds. A round that did not end OK ends
     * the cell: its row has that round's status and reason; otherwise the rows summarise every round's fork.
     */
    private abstract static class CellJob {
        final List<RoundRecord> rounds = new ArrayList<>();
        /** The rounds this cell gets: the suite's forks, or more where its planned rounds were too wide. */
        int forks;
        private final String name;
        private final String backend;
        private final Map<String, String> options;
        private final String position;

        CellJob(String name, String backend, Map<String, String> options, int index, int total) {
            this.name = name;
            this.backend = backend;
            this.options = options;
            this.position = index + "/" + total;
        }

        final String name() {
            return name;
        }

        final String backend() {
            return backend;
        }

        final Map<String, String> options() {
            return options;
        }

        /** Where the cell is in the run, e.g. {@code 3/18}. */
        final String position() {
            return position;
        }

        abstract String description();

        /** What the cell is compared with: the same key on other backends, which get the same forks. */
        abstract String group();

        /** The cell JVM's arguments besides JMH's settings. */
        abstract List<String> args(Path cellDir);

        abstract List<ResultRow> rows(Measured measured) throws IOException;

        /** @param forksNote what an OK row says about further forks the cell got (empty: none) */
        List<ResultRow> rows(String forksNote) throws IOException {
            RoundRecord last = rounds.get(rounds.size() - 1);
            RoundRecord first = rounds.get(0);
            Duration wall = Duration.ZERO;
            List<HostMonitor.Verdict> hosts = new ArrayList<>();
            for (RoundRecord r : rounds) {
                wall = wall.plus(r.wall());
                hosts.add(r.host());
            }
            if (!last.ok()) {
                String reason = forks > 1 ? "round " + rounds.size() + " of " + forks + ": " + last.reason()
                        : last.reason();
                CellOutcome described = rounds.size() > 1 ? first.outcome().as(last.status().name(), reason)
                        : last.outcome();
                return rows(new Measured(first.started(), last.status(), reason, described, wall,
                        HostMonitor.Verdict.overRounds(hosts)));
            }
            return rows(new Measured(first.started(), CellStatus.OK, MeasurementNotes.join(first.reason(), forksNote),
                    merged(), wall, HostMonitor.Verdict.overRounds(hosts)));
        }

        /** The outcome of the rounds so far taken together: the first round's description, every round's forks. */
        CellOutcome merged() {
            CellOutcome first = rounds.get(0).outcome();
            return rounds.size() > 1 ? first.withForksOf(rounds.stream().map(RoundRecord::outcome).toList()) : first;
        }
    }

    /** A cell's rounds taken together. */
    private record Measured(Instant started, CellStatus status, String reason, CellOutcome outcome, Duration wall,
                            HostMonitor.Verdict host) {
    }

    /** A bring-your-own model has no oracle: its reference backend's outputs take that place. */
    private Oracle byoReference(ByoModel model) throws IOException, InterruptedException {
        progress.start("prepare", model.name() + ": reference outputs from " + model.referenceBackend());
        Instant start = Instant.now();
        Path cellDir = layout.cellDir("reference-" + model.name());
        Map<String, String> options = referenceOptions.getOrDefault(model.referenceBackend(), Map.of());
        List<String> args = List.of("--byo-file", model.source(), "--backend", model.referenceBackend(),
                "--run-dir", layout.root().toString(), "--cell-dir", cellDir.toString(),
                "--outputs", layout.byoOutputs(model.name(), "reference").toString(), "--accuracy-only",
                "--options", OptionsCodec.encode(options));
        // started as that backend's cells are: its runtime jar (the GPU jar for onnxruntime-cuda), its options' env
        Finished f = runCellJvm(model.referenceBackend(), options, args, cellDir).finished();
        Oracle reference = f.status == CellStatus.OK ? new Oracle(true, "")
                : new Oracle(false, "reference backend " + model.referenceBackend() + " " + f.status + ": " + f.reason);
        progress.end(f.status.name(), reference.ok ? "" : reference.reason, Duration.between(start, Instant.now()));
        if (!reference.ok) {
            referenceFailures.add(model.name() + ": " + reference.reason);
        }
        return reference;
    }

    private final class ByoCellJob extends CellJob {
        private final ByoCell cell;
        private final Oracle reference;

        ByoCellJob(ByoCell cell, Oracle reference) {
            super(cell.name(), cell.backend(), cell.options(), cell.index(), cell.total());
            this.cell = cell;
            this.reference = reference;
        }

        @Override
        String description() {
            return cell.model().name() + " " + ByoCell.WORKLOAD + " × " + cell.backend();
        }

        @Override
        String group() {
            return cell.model().name() + " " + ByoCell.WORKLOAD;
        }

        private Path outputs() {
            return layout.byoOutputs(cell.model().name(), cell.backend());
        }

        @Override
        List<String> args(Path cellDir) {
            return List.of("--byo-file", cell.model().source(), "--backend", cell.backend(),
                    "--run-dir", layout.root().toString(), "--cell-dir", cellDir.toString(),
                    "--outputs", outputs().toString(), "--options", OptionsCodec.encode(cell.options()));
        }

        @Override
        List<ResultRow> rows(Measured m) throws IOException {
            String reason = m.reason();
            DriftMetrics.Drift drift = null;
            String dtype = null;
            Path outputs = outputs();
            if (m.status() == CellStatus.OK) {
                Path first = outputs.resolve(RunLayout.byoOutput(0));
                dtype = Files.exists(first) && Npy.read(first).descr().contains("f8") ? "fp64" : "fp32";
                if (!reference.ok) {
                    reason = "no drift: " + reference.reason;
                } else {
                    try {
                        drift = ByoCellOutputs.drift(layout.byoOutputs(cell.model().name(), "reference"), outputs);
                        String nonFinite = NonFiniteOutputs.describe("", outputs, NonFiniteOutputs.byoFiles(outputs));
                        if (!nonFinite.isEmpty()) { // any output, not only the compared one
                            drift = drift.withNonFiniteOutputs();
                            reason = note(reason, nonFinite);
                        }
                    } catch (IOException | RuntimeException e) {
                        reason = "no drift: " + e.getMessage();
                        drift = null; // set before a later step failed: the row keeps no drift its reason denies
                    }
                }
            }
            return List.of(RowFactory.byoRow(run, plan.suite().name(), cell, m.started(), m.status(), reason,
                    m.outcome(), drift, m.wall(), dtype, m.host()));
        }
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
            // the graph the forks time: the last position's logits only, sharing the weights' external data file
            OnnxExporter.exportLastLogits(scenario.weights(), g.dtype(), g.phase(),
                    layout.lastLogitsModel(name, g.phase(), g.dtype()), layout.model(name, g.phase(), g.dtype()));
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

    private final class ScenarioCellJob extends CellJob {
        private final Cell cell;
        private final Oracle oracle;

        ScenarioCellJob(Cell cell, Oracle oracle) {
            super(cell.name(), cell.backend(), cell.options(), cell.index(), cell.total());
            this.cell = cell;
            this.oracle = oracle;
        }

        @Override
        String description() {
            return cell.scenario().name() + " " + cell.workload().name() + " " + cell.dtype().id() + " × "
                    + cell.backend();
        }

        @Override
        String group() {
            return cell.scenario().name() + " " + cell.workload().name() + " " + cell.dtype().id();
        }

        private Path outputs() {
            return layout.outputs(cell.scenario().name(), cell.workload().name(), cell.dtype(), cell.backend());
        }

        private Path oracleDir() {
            return layout.oracleOutputs(cell.scenario().name(), cell.workload().name());
        }

        private boolean decode() {
            return cell.workload().phase() == Phase.DECODE;
        }

        @Override
        List<String> args(Path cellDir) {
            List<String> args = new ArrayList<>(List.of("--scenario", cell.scenario().name(),
                    "--workload", cell.workload().name(), "--dtype", cell.dtype().id(), "--backend", cell.backend(),
                    "--run-dir", layout.root().toString(), "--cell-dir", cellDir.toString(),
                    "--outputs", outputs().toString(), "--options", OptionsCodec.encode(cell.options())));
            if (decode() && oracle.ok) {
                args.addAll(List.of("--forced-tokens", RunLayout.tokens(oracleDir()).toString()));
            }
            return args;
        }

        @Override
        List<ResultRow> rows(Measured m) {
            String reason = m.reason();
            DriftMetrics.Drift promptDrift = null;
            DriftEvaluator.DecodeDrift decodeDrift = null;
            Path outputs = outputs();
            Path oracleDir = oracleDir();
            if (m.status() == CellStatus.OK) {
                if (!oracle.ok) {
                    reason = "no drift: " + oracle.reason;
                } else {
                    try {
                        promptDrift = DriftEvaluator.evaluate(oracleDir, outputs, cell.scenario().model());
                        if (decode()) {
                            decodeDrift = DriftEvaluator.evaluateDecode(oracleDir, outputs, cell.scenario().model(),
                                    cell.workload().newTokens());
                        }
                        List<String> compared = decode() ? List.of(RunLayout.logits(outputs).getFileName().toString(),
                                RunLayout.stepLogits(outputs).getFileName().toString())
                                : List.of(RunLayout.logits(outputs).getFileName().toString());
                        reason = note(reason, NonFiniteOutputs.describe("", outputs, compared));
                        reason = note(reason, NonFiniteOutputs.describe("fp64 oracle's ", oracleDir, compared));
                    } catch (IOException | RuntimeException e) {
                        reason = "no drift: " + e.getMessage();
                        promptDrift = null; // the reason speaks for both rows: neither keeps drift it says is missing
                        decodeDrift = null;
                    }
                }
            }
            return RowFactory.rows(run, plan.suite().name(), new RowFactory.CellResult(cell, m.started(),
                    m.status(), reason, m.outcome(), promptDrift, decodeDrift, m.wall(), ORACLE_BACKEND, m.host(),
                    peaks));
        }
    }

    /** How a measured cell ended, and its JVM's wall time (zero when none was started). */
    private record Ran(Finished finished, Duration wall, HostMonitor.Verdict host) {
    }

    /**
     * Runs a measured cell's JVM with its backend's class path: the worker's own, or for {@code ID@VERSION} that
     * version's runtime jar in place of the bundled one. A version found nowhere is SKIPPED without starting a JVM.
     */
    private Ran runCellJvm(String backend, Map<String, String> options, List<String> args, Path cellDir)
            throws IOException, InterruptedException {
        CellLaunchers.Launch launch = cellLaunchers.forBackend(backend, options);
        if (!launch.ready()) {
            return new Ran(new Finished(launch.status(), launch.reason(), null), Duration.ZERO,
                    HostMonitor.Verdict.UNKNOWN);
        }
        // the cell's folder, for what the backend keeps between its JVMs (TensorRT's engine cache)
        WorkerLauncher cellLauncher = launch.launcher().withSystemProperty(CELL_DIR_PROPERTY,
                cellDir.toAbsolutePath().toString());
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

    /** Where a measured round writes JMH's JSON and the suite's JMH settings, as the cell worker takes them. */
    private List<String> jmhArgs(String cellName) {
        JmhSettings jmh = plan.suite().jmh();
        return List.of("--jmh-json", layout.jmhJson(cellName).toString(),
                "--warmup-max-ms", Long.toString(jmh.warmupMax().toMillis()),
                "--iterations", Integer.toString(jmh.measurementIterations()),
                "--iteration-ms", Long.toString(jmh.measurementTime().toMillis()),
                "--forks", "1"); // a suite's forks are its rounds, one cell JVM each
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
