package dev.portbench.harness.run;

import dev.portbench.results.runs.RunFiles;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.Phase;

import java.nio.file.Path;

/**
 * Where everything of one run lives under its directory:
 * <pre>
 * results.csv                                   one row per cell and phase (docs/results-schema.md)
 * run.json                                      what defines the plan (suite, options, order seed), for --resume
 * complete.json                                 written once every cell has rows: totals and times
 * env.json                                      toolchain fingerprint (env-resume-N.json: each resumed session's)
 * scenarios/SCENARIO.yaml                       every scenario the run used, as run
 * models/SCENARIO/PHASE-DTYPE.onnx              the exported graphs (.onnx.data beside large ones)
 * outputs/SCENARIO/WORKLOAD/input_ids.npy       the accuracy inputs (the prompt)
 * outputs/SCENARIO/WORKLOAD/oracle/             the fp64 oracle's outputs
 * outputs/SCENARIO/WORKLOAD/DTYPE/BACKEND/      the same outputs from each cell
 * outputs/MODEL/byo/{reference,BACKEND}/        a bring-your-own model's outputs (output-NN.npy, outputs.txt)
 * jmh/CELL.json                                 JMH's own results
 * cells/CELL/                                   the cell JVM's cell.json and worker.log
 * </pre>
 * Outputs: logits.npy and routing.npy (MoE) of the prompt; decode workloads add step_logits.npy, step_routing.npy,
 * tokens.npy (each step's greedy choice) and, for cells, decode_steps.csv (drift per step).
 */
public record RunLayout(Path root) {
    public static final String ORACLE = RunFiles.ORACLE;

    /** The part of the layout that compare, gate and report read, defined once in the results module. */
    private RunFiles files() {
        return new RunFiles(root);
    }

    public Path results() {
        return files().results();
    }

    public Path env() {
        return root.resolve(RunFiles.ENV_JSON);
    }

    /** The fingerprint of the {@code n}-th resumed session (1-based); the first session's stays in env.json. */
    public Path envResume(int n) {
        return root.resolve(RunFiles.ENV_RESUME_PREFIX + n + ".json");
    }

    public Path manifest() {
        return root.resolve(RunFiles.RUN_JSON);
    }

    public Path completion() {
        return root.resolve(RunFiles.COMPLETE_JSON);
    }

    public Path scenarioFile(String scenario) {
        return root.resolve("scenarios").resolve(scenario + ".yaml");
    }

    public Path model(String scenario, Phase phase, Dtype dtype) {
        return root.resolve("models").resolve(scenario).resolve(phase.id() + "-" + dtype.id() + ".onnx");
    }

    /** The graph a cell's forks time: logits of each sequence's last position only. */
    public Path lastLogitsModel(String scenario, Phase phase, Dtype dtype) {
        return root.resolve("models").resolve(scenario).resolve(phase.id() + "-last-" + dtype.id() + ".onnx");
    }

    public Path workloadOutputs(String scenario, String workload) {
        return files().workloadOutputs(scenario, workload);
    }

    public Path inputIds(String scenario, String workload) {
        return workloadOutputs(scenario, workload).resolve("input_ids.npy");
    }

    public Path oracleOutputs(String scenario, String workload) {
        return files().oracleOutputs(scenario, workload);
    }

    public Path outputs(String scenario, String workload, Dtype dtype, String backend) {
        return files().outputs(scenario, workload, dtype.id(), backend);
    }

    /** A bring-your-own model's outputs: {@code reference} (its reference backend's) or a backend's. */
    public Path byoOutputs(String model, String backendOrReference) {
        return files().byoOutputs(model, backendOrReference);
    }

    /** A bring-your-own model's floating-point output number {@code index} in graph order. */
    public static String byoOutput(int index) {
        return RunFiles.byoOutput(index);
    }

    public Path jmhJson(String cellName) {
        return root.resolve("jmh").resolve(cellName + ".json");
    }

    /** Where each backend's probe leaves its answer and log. */
    public Path probes() {
        return root.resolve("probes");
    }

    /** Where each accelerator's GEMM peak measurement writes its answer and log. */
    public Path devicePeaks() {
        return root.resolve("device-peaks");
    }

    public Path cellDir(String cellName) {
        return root.resolve("cells").resolve(cellName);
    }

    public static Path logits(Path outputs) {
        return RunFiles.logits(outputs);
    }

    public static Path routing(Path outputs) {
        return RunFiles.routing(outputs);
    }

    public static Path stepLogits(Path outputs) {
        return RunFiles.stepLogits(outputs);
    }

    public static Path stepRouting(Path outputs) {
        return RunFiles.stepRouting(outputs);
    }

    public static Path tokens(Path outputs) {
        return RunFiles.tokens(outputs);
    }

    public static Path decodeSteps(Path outputs) {
        return RunFiles.decodeSteps(outputs);
    }

    public static Path cellOutcome(Path cellDir) {
        return cellDir.resolve("cell.json");
    }

    public static Path workerLog(Path cellDir) {
        return cellDir.resolve("worker.log");
    }
}
