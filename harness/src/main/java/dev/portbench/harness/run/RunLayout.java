package dev.portbench.harness.run;

import java.nio.file.Path;

/**
 * Where everything of one run lives under its directory:
 * <pre>
 * results.csv                         one row per cell (docs/results-schema.md)
 * env.json                            toolchain fingerprint
 * models/SCENARIO.onnx                the exported model every ONNX backend ran
 * outputs/SCENARIO/input_ids.npy      the accuracy inputs
 * outputs/SCENARIO/oracle/            the fp64 oracle's logits.npy (and routing.npy for MoE)
 * outputs/SCENARIO/BACKEND/           the same outputs from each cell
 * jmh/NN-SCENARIO-BACKEND.json        JMH's own results
 * cells/NN-SCENARIO-BACKEND/          the cell JVM's cell.json and worker.log
 * </pre>
 */
public record RunLayout(Path root) {
    public static final String ORACLE = "oracle";

    public Path results() {
        return root.resolve("results.csv");
    }

    public Path env() {
        return root.resolve("env.json");
    }

    public Path model(String scenario) {
        return root.resolve("models").resolve(scenario + ".onnx");
    }

    public Path scenarioOutputs(String scenario) {
        return root.resolve("outputs").resolve(scenario);
    }

    public Path inputIds(String scenario) {
        return scenarioOutputs(scenario).resolve("input_ids.npy");
    }

    /** Outputs of a backend's cell, or of the oracle when {@code backendOrOracle} is {@link #ORACLE}. */
    public Path outputs(String scenario, String backendOrOracle) {
        return scenarioOutputs(scenario).resolve(backendOrOracle);
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

    public static Path cellOutcome(Path cellDir) {
        return cellDir.resolve("cell.json");
    }

    public static Path workerLog(Path cellDir) {
        return cellDir.resolve("worker.log");
    }
}
