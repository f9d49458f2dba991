package dev.portbench.scenarios.byo;

import dev.portbench.scenarios.SpecChecks;
import dev.portbench.scenarios.SpecException;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A bring-your-own ONNX model: a user's graph and the inputs to feed it. There is no fp64 oracle for it, so drift is
 * measured against {@code referenceBackend}.
 *
 * @param onnx   absolute path of the model; external-data files beside it are found by the runtime
 * @param seed   keys the generated values of every range input
 * @param source the file the model was read from, for messages
 */
public record ByoModel(String name, String description, Path onnx, List<InputSpec> inputs, String referenceBackend,
                       long seed, String source) {
    public static final String DEFAULT_REFERENCE_BACKEND = "onnxruntime-cpu";

    public ByoModel {
        SpecChecks.name("name", name);
        description = description == null ? "" : description;
        if (onnx == null || !onnx.isAbsolute()) {
            throw new SpecException("onnx", "model " + name + ": onnx path " + onnx + "; expected an absolute path");
        }
        if (referenceBackend == null || referenceBackend.isBlank()) {
            throw new SpecException("reference_backend", "model " + name + ": reference_backend is empty; expected a"
                    + " backend id such as " + DEFAULT_REFERENCE_BACKEND);
        }
        inputs = List.copyOf(inputs);
        Set<String> seen = new HashSet<>();
        for (InputSpec in : inputs) {
            if (!seen.add(in.name())) {
                throw new SpecException("inputs", "model " + name + " has two inputs named '" + in.name()
                        + "'; expected each input once");
            }
        }
    }

    /** Every input's values, in the order the spec lists them. */
    public List<InputTensor> materialiseInputs() {
        return inputs.stream().map(in -> in.materialise(seed)).toList();
    }
}
