package dev.portbench.scenarios.byo;

/**
 * A bring-your-own spec's inputs do not fit the model's graph. The message is one line naming the input, what the
 * model expects and what the spec gives.
 */
public final class InputMismatchException extends IllegalArgumentException {
    public InputMismatchException(String message) {
        super(message);
    }
}
