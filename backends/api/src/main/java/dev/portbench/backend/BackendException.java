package dev.portbench.backend;

/** A backend could not do what was asked; the message says what was received and what was expected. */
public class BackendException extends RuntimeException {
    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
