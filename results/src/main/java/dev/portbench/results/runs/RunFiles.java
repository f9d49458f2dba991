package dev.portbench.results.runs;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

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
    /** The plan and identity a run was started with; what {@code run --resume} reads. */
    public static final String RUN_JSON = "run.json";
    /** The toolchain and host at the run's start and end; {@code env-resume-N.json} for the N-th resumed session. */
    public static final String ENV_JSON = "env.json";
    public static final String ENV_RESUME_PREFIX = "env-resume-";
    /** Written once every cell of the plan has rows, with the totals. */
    public static final String COMPLETE_JSON = "complete.json";
    public static final String ORACLE = "oracle";
    /** The workload name of bring-your-own rows. */
    public static final String BYO_WORKLOAD = "byo";

    public RunFiles {
        Objects.requireNonNull(root, "root");
    }

    public Path results() {
        return root.resolve(RESULTS_CSV);
    }

    /**
     * Whether a file name is one of the records at the top of a run directory, which only a run writes: results.csv,
     * run.json, env.json, env-resume-N.json, complete.json.
     */
    public static boolean isRunRecord(String fileName) {
        return Set.of(RESULTS_CSV, RUN_JSON, ENV_JSON, COMPLETE_JSON).contains(fileName)
                || fileName.matches(ENV_RESUME_PREFIX + "[0-9]+\\.json");
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
