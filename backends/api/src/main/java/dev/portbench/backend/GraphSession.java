package dev.portbench.backend;

import dev.portbench.scenarios.byo.InputTensor;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An arbitrary ONNX graph loaded on a backend: a bring-your-own model, fed named inputs. Runs are timed from outside:
 * a session never times itself.
 */
public interface GraphSession extends AutoCloseable {

    /**
     * One forward pass. Returns every floating-point output by name, in the graph's output order: fp32 outputs as
     * floats, fp64 as doubles, copied out of the runtime. Outputs of other types (integers, booleans, half precision)
     * are left out: drift is measured on floating-point values only, and {@link OutputTensor} holds nothing else.
     *
     * @param inputs one tensor per graph input, as {@code InputSpec.materialise} makes them
     * @throws BackendException when the runtime rejects the inputs or fails
     */
    Map<String, OutputTensor> run(List<InputTensor> inputs);

    /** Binds a forward pass to {@code inputs} so that the timed call is the graph's run; the default times {@link #run}. */
    default PreparedGraphRun prepare(List<InputTensor> inputs) {
        return new GraphSessionRun(this, inputs);
    }

    /** Where the graph's nodes ran, for a session opened with {@link Backend#openGraphAudited}; as {@link Session#placement}. */
    default Optional<Placement> placement() {
        return Optional.empty();
    }

    @Override
    void close();
}
