package dev.portbench.backend;

/**
 * A backend that cannot run a model's precision, e.g. a runtime with no bf16 MatMul kernel. The harness reports the cell
 * as SKIPPED with this message, which should carry the runtime's own words.
 */
public final class UnsupportedPrecisionException extends BackendException {
    public UnsupportedPrecisionException(String message) {
        super(message);
    }

    public UnsupportedPrecisionException(String message, Throwable cause) {
        super(message, cause);
    }
}
