package dev.portbench.harness.cli;

/** Bad input from the user: exit code 2 and the message, which says what was received and what was expected. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
