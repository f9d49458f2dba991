package dev.portbench.scenarios;

/** A model spec, workload or scenario that cannot exist; the message names the field, the value and what was expected. */
public final class SpecException extends IllegalArgumentException {
    public SpecException(String message) {
        super(message);
    }
}
