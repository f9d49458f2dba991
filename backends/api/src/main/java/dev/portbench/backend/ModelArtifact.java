package dev.portbench.backend;

import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.LogitPositions;
import dev.portbench.scenarios.ModelWeights;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.Workload;

import java.nio.file.Path;

/**
 * A model as every backend may want it: the scenario and the workload it is opened for, the precision to run in, its
 * seeded fp32 weights for backends that build the model themselves, the exported ONNX graph in that precision for
 * the workload's phase (prefill graph, or the decode graph with the KV cache) for backends that load one, and the
 * positions a prefill returns logits for: every one (the accuracy pass) or the last ({@link LogitPositions#LAST}, a
 * prefill workload's timed session, whose graph is exported so; {@code run} then returns logits [batch, 1, vocab]).
 */
public record ModelArtifact(Scenario scenario, Workload workload, Dtype dtype, ModelWeights weights, Path onnxFile,
                            LogitPositions logits) {

    public ModelArtifact {
        if (logits == null) {
            throw new IllegalArgumentException("logits positions missing; expected ALL or LAST");
        }
    }

    /** Logits at every position. */
    public ModelArtifact(Scenario scenario, Workload workload, Dtype dtype, ModelWeights weights, Path onnxFile) {
        this(scenario, workload, dtype, weights, onnxFile, LogitPositions.ALL);
    }

    /** The fp32 artifact of a scenario's first workload. */
    public static ModelArtifact fp32(Scenario scenario, Path onnxFile) {
        return new ModelArtifact(scenario, scenario.workloads().get(0), Dtype.FP32, scenario.weights(), onnxFile);
    }
}
