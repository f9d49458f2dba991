package dev.portbench.harness.run;

import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.Phase;

import java.nio.file.Path;

/**
 * Where everything of one run lives under its directory:
 * <pre>
 * results.csv                                   one row per cell and phase (docs/results-schema.md)
 * env.json                                      toolchain fingerprint
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
    public static final String ORACLE = "oracle";

    public Path results() {
        return root.resolve("results.csv");
    }

    public Path env() {
        return root.resolve("env.json");
    }

    public Path scenarioFile(String scenario) {
        return root.resolve("scenarios").resolve(scenario + ".yaml");
    }

    public Path model(String scenario, Phase phase, Dtype dtype) {
        return root.resolve("models").resolve(scenario).resolve(phase.id() + "-" + dtype.id() + ".onnx");
    }

    public Path workloadOutputs(String scenario, String workload) {
        return root.resolve("outputs").resolve(scenario).resolve(workload);
    }

    public Path inputIds(String scenario, String workload) {
        return workloadOutputs(scenario, workload).resolve("input_ids.npy");
    }

    public Path oracleOutputs(String scenario, String workload) {
        return workloadOutputs(scenario, workload).resolve(ORACLE);
    }

    public Path outputs(String scenario, String workload, Dtype dtype, String backend) {
        return workloadOutputs(scenario, workload).resolve(dtype.id()).resolve(backend);
    }

    /** A bring-your-own model's outputs: {@code reference} (its reference backend's) or a backend's. */
    public Path byoOutputs(String model, String backendOrReference) {
        return root.resolve("outputs").resolve(model).resolve("byo").resolve(backendOrReference);
    }

    /** A bring-your-own model's floating-point output number {@code index} in graph order. */
    public static String byoOutput(int index) {
        return String.format(java.util.Locale.ROOT, "output-%02d.npy", index);
    }

    public Path jmhJson(String cellName) {
        return root.resolve("jmh").resolve(cellName + ".json");
    }

    public Path cellDir(String cellName) {
        return root.resolve("cells").resolve(cellName);
    }

    public static Path logits(Path outputs) {
        return outputs.resolve("logits.npy");
    }

    public static Path routing(Path outputs) {
        return outputs.resolve("routing.npy");
    }

    public static Path stepLogits(Path outputs) {
        return outputs.resolve("step_logits.npy");
    }

    public static Path stepRouting(Path outputs) {
        return outputs.resolve("step_routing.npy");
    }

    public static Path tokens(Path outputs) {
        return outputs.resolve("tokens.npy");
    }

    public static Path decodeSteps(Path outputs) {
        return outputs.resolve("decode_steps.csv");
    }

    public static Path cellOutcome(Path cellDir) {
        return cellDir.resolve("cell.json");
    }

    public static Path workerLog(Path cellDir) {
        return cellDir.resolve("worker.log");
    }
}
