package dev.portbench.backend;

/**
 * A backend that cannot run this kind of model at all, e.g. the fp64 reference, which builds portbench's own decoder
 * from its weights and cannot load a user's ONNX graph. The harness reports the cell as SKIPPED with this message.
 */
public final class UnsupportedModelException extends BackendException {
    public UnsupportedModelException(String message) {
        super(message);
    }
}
