package dev.portbench.results.runs;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The files of a run directory that outlive the run: results.csv and the saved outputs. Compare, gate and report read
 * only these, so the layout is defined here once; the harness's {@code RunLayout} builds on it for everything else.
 * <pre>
 * results.csv
 * outputs/SCENARIO/WORKLOAD/oracle/               the fp64 oracle's outputs
 * outputs/SCENARIO/WORKLOAD/DTYPE/BACKEND/        each cell's outputs: logits.npy, routing.npy (MoE);
 *                                                 decode workloads add step_logits.npy, step_routing.npy, tokens.npy
 * outputs/MODEL/byo/{reference,BACKEND}/          a bring-your-own model's outputs: output-NN.npy
 * </pre>
 */
public record RunFiles(Path root) {

    public static final String RESULTS_CSV = "results.csv";
    public static final String ORACLE = "oracle";
    /** The workload name of bring-your-own rows. */
    public static final String BYO_WORKLOAD = "byo";

    public RunFiles {
        Objects.requireNonNull(root, "root");
    }

    public Path results() {
        return root.resolve(RESULTS_CSV);
    }

    public Path workloadOutputs(String scenario, String workload) {
        return root.resolve("outputs").resolve(scenario).resolve(workload);
    }

    public Path oracleOutputs(String scenario, String workload) {
        return workloadOutputs(scenario, workload).resolve(ORACLE);
    }

    /** A cell's outputs; {@code dtype} is the dtype's id as written in results.csv ({@code fp32}, {@code int8-wo}). */
    public Path outputs(String scenario, String workload, String dtype, String backend) {
        return workloadOutputs(scenario, workload).resolve(dtype).resolve(backend);
    }

    /** A bring-your-own model's outputs: {@code reference} (its reference backend's) or a backend's. */
    public Path byoOutputs(String model, String backendOrReference) {
        return root.resolve("outputs").resolve(model).resolve(BYO_WORKLOAD).resolve(backendOrReference);
    }

    /** Where the outputs of the cell behind {@code key} lie. */
    public Path outputs(CellKey key) {
        return BYO_WORKLOAD.equals(key.workload())
                ? byoOutputs(key.scenario(), key.backend())
                : outputs(key.scenario(), key.workload(), key.dtype(), key.backend());
    }

    /** A bring-your-own model's floating-point output number {@code index} in graph order. */
    public static String byoOutput(int index) {
        return String.format(Locale.ROOT, "output-%02d.npy", index);
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
}
