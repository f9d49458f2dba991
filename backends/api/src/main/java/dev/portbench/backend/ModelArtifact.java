package dev.portbench.backend;

import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.ModelWeights;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.Workload;

import java.nio.file.Path;

/**
 * A model as every backend may want it: the scenario and the workload it is opened for, the precision to run in, its
 * seeded fp32 weights for backends that build the model themselves, and the exported ONNX graph in that precision for
 * the workload's phase (prefill graph, or the decode graph with the KV cache) for backends that load one.
 */
public record ModelArtifact(Scenario scenario, Workload workload, Dtype dtype, ModelWeights weights, Path onnxFile) {

    /** The fp32 artifact of a scenario's first workload. */
    public static ModelArtifact fp32(Scenario scenario, Path onnxFile) {
        return new ModelArtifact(scenario, scenario.workloads().get(0), Dtype.FP32, scenario.weights(), onnxFile);
    }
}
