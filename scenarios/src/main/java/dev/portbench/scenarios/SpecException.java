package dev.portbench.scenarios;

import java.util.Optional;

/**
 * A model spec, workload or scenario that cannot exist; the message names the field, the value and what was expected.
 * The field, when known, lets a YAML loader point at the line that holds it.
 */
public final class SpecException extends IllegalArgumentException {
    private final String field;

    public SpecException(String message) {
        this(null, message);
    }

    public SpecException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The snake_case field the problem is in, e.g. {@code kv_heads}, if one field is to blame. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
