package dev.portbench.backend;

import dev.portbench.scenarios.ModelWeights;
import dev.portbench.scenarios.Scenario;

import java.nio.file.Path;

/**
 * A model as every backend may want it: the scenario (spec and workload), its seeded weights for backends that build
 * the model themselves, and the exported ONNX file for backends that load one.
 */
public record ModelArtifact(Scenario scenario, ModelWeights weights, Path onnxFile) {
}
