package dev.portbench.scenarios.checkpoint;

/**
 * A checkpoint portbench cannot read or does not support: the message names the file, and the tensor or config field
 * with what was received and what was expected. The command line reports it as a usage error (exit 2).
 */
public final class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
