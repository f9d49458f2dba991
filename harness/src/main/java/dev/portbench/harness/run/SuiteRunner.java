package dev.portbench.harness.run;

import dev.portbench.harness.plan.Cell;
import dev.portbench.harness.plan.JmhSettings;
import dev.portbench.harness.plan.RunPlan;
import dev.portbench.harness.worker.CellOutcome;
import dev.portbench.harness.worker.CellWorker;
import dev.portbench.harness.worker.OptionsCodec;
import dev.portbench.results.CellStatus;
import dev.portbench.results.DriftMetrics;
import dev.portbench.results.Npy;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvWriter;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.TokenInputs;
import dev.portbench.scenarios.onnx.OnnxExporter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a plan scenario by scenario: export the model and the accuracy inputs, compute the fp64 oracle's outputs
 * once, then run each cell in a JVM of its own and append its row to results.csv as soon as the cell ends.
 */
public final class SuiteRunner {
    /** The backend whose outputs every drift column is measured against. */
    public static final String ORACLE_BACKEND = "reference-fp64";

    private final RunPlan plan;
    private final RunLayout layout;
    private final RunIdentity run;
    private final WorkerLauncher launcher;
    private final Progress progress;

    public SuiteRunner(RunPlan plan, RunLayout layout, RunIdentity run, WorkerLauncher launcher, PrintWriter out) {
        this.plan = plan;
        this.layout = layout;
        this.run = run;
        this.launcher = launcher;
        this.progress = new Progress(out);
    }

    /** Whether the scenario's oracle outputs exist, and if not, why. */
    private record Oracle(boolean ok, String reason) {
    }

    public List<ResultRow> run(ResultsCsvWriter results) throws IOException, InterruptedException {
        List<ResultRow> rows = new ArrayList<>();
        for (Scenario scenario : plan.scenarios()) {
            Oracle oracle = prepare(scenario);
            for (Cell cell : plan.cells()) {
                if (cell.scenario().equals(scenario)) {
                    ResultRow row = runCell(cell, oracle);
                    results.append(row);
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private Oracle prepare(Scenario scenario) throws IOException, InterruptedException {
        String name = scenario.name();
        progress.start("prepare", name + ": export ONNX, inputs, fp64 oracle");
        Instant start = Instant.now();
        OnnxExporter.export(scenario.weights(), layout.model(name));
        TokenInputs inputs = scenario.inputs(scenario.workloads().get(0));
        Files.createDirectories(layout.scenarioOutputs(name));
        Npy.write(layout.inputIds(name), inputs.shape(), inputs.ids());

        Path cellDir = layout.cellDir("oracle-" + name);
        List<String> args = List.of("--scenario", name, "--backend", ORACLE_BACKEND,
                "--run-dir", layout.root().toString(), "--cell-dir", cellDir.toString(),
                "--outputs", layout.outputs(name, RunLayout.ORACLE).toString(), "--accuracy-only");
        WorkerLauncher.Exit exit = launcher.run(CellWorker.class.getName(), args,
                RunLayout.workerLog(cellDir), plan.suite().cellTimeout());
        Finished f = finished(exit, cellDir);
        Oracle oracle = f.status == CellStatus.OK ? new Oracle(true, "")
                : new Oracle(false, "fp64 oracle " + f.status + ": " + f.reason);
        progress.end(f.status.name(), oracle.ok ? "" : oracle.reason, Duration.between(start, Instant.now()));
        return oracle;
    }

    private ResultRow runCell(Cell cell, Oracle oracle) throws IOException, InterruptedException {
        String scenario = cell.scenario().name();
        progress.start(cell.index() + "/" + cell.total(), scenario + " × " + cell.backend());
        Instant started = Instant.now();
        Path cellDir = layout.cellDir(cell.name());
        Path outputs = layout.outputs(scenario, cell.backend());
        JmhSettings jmh = plan.suite().jmh();
        List<String> args = List.of("--scenario", scenario, "--backend", cell.backend(),
                "--run-dir", layout.root().toString(), "--cell-dir", cellDir.toString(),
                "--outputs", outputs.toString(), "--options", OptionsCodec.encode(cell.options()),
                "--jmh-json", layout.jmhJson(cell.name()).toString(),
                "--warmup-iterations", Integer.toString(jmh.warmupIterations()),
                "--warmup-ms", Long.toString(jmh.warmupTime().toMillis()),
                "--iterations", Integer.toString(jmh.measurementIterations()),
                "--iteration-ms", Long.toString(jmh.measurementTime().toMillis()),
                "--forks", Integer.toString(jmh.forks()));
        WorkerLauncher.Exit exit = launcher.run(CellWorker.class.getName(), args,
                RunLayout.workerLog(cellDir), plan.suite().cellTimeout());
        Finished f = finished(exit, cellDir);

        String reason = f.reason;
        DriftMetrics.Drift drift = null;
        if (f.status == CellStatus.OK) {
            if (!oracle.ok) {
                reason = "no drift: " + oracle.reason;
            } else {
                try {
                    drift = DriftEvaluator.evaluate(layout.outputs(scenario, RunLayout.ORACLE), outputs,
                            cell.scenario().model());
                } catch (IOException | RuntimeException e) {
                    reason = "no drift: " + e.getMessage();
                }
            }
        }
        ResultRow row = RowFactory.row(run, plan.suite().name(), cell, started, f.status, reason, f.outcome, drift,
                exit.wall());
        progress.end(f.status.name(), f.status == CellStatus.OK ? "" : reason, exit.wall());
        return row;
    }

    private record Finished(CellStatus status, String reason, CellOutcome outcome) {
    }

    /** Reads what the cell JVM reported, or explains why it reported nothing. */
    private Finished finished(WorkerLauncher.Exit exit, Path cellDir) throws IOException {
        Path log = RunLayout.workerLog(cellDir);
        if (exit.timedOut()) {
            return new Finished(CellStatus.TIMEOUT, "cell exceeded its time limit of "
                    + plan.suite().cellTimeout().toSeconds() + " s and was killed; see " + log, null);
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
