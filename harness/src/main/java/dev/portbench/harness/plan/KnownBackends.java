package dev.portbench.harness.plan;

import java.util.List;

/**
 * The backends found here, and which of them can swap their runtime jar (so take {@code ID@VERSION}): what a backend's
 * name, in a suite file or on the command line, is checked against.
 */
public record KnownBackends(List<String> ids, List<String> swappable) {
    public KnownBackends {
        ids = List.copyOf(ids);
        swappable = List.copyOf(swappable);
    }

    /**
     * The backend that name refers to.
     *
     * @throws IllegalArgumentException naming the text and what was expected: a malformed name, an unknown id, or a
     *                                  version for a backend whose runtime cannot be swapped
     */
    public BackendRef resolve(String name) {
        BackendRef ref = BackendRef.parse(name);
        if (!ids.contains(ref.id())) {
            throw new IllegalArgumentException("unknown backend '" + ref.id() + "'"
                    + (ref.isVersioned() ? " in '" + name + "'" : "") + "; expected one of: " + String.join(", ", ids));
        }
        if (ref.isVersioned() && !swappable.contains(ref.id())) {
            throw new IllegalArgumentException("backend '" + name + "': " + ref.id() + " has no swappable runtime, so"
                    + " it takes no @VERSION; expected " + ref.id() + " alone, or ID@VERSION with ID one of: "
                    + (swappable.isEmpty() ? "none here" : String.join(", ", swappable)));
        }
        return ref;
    }
}
