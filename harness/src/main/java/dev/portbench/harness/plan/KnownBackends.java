package dev.portbench.harness.plan;

import java.util.List;
import java.util.Map;

/**
 * The backends found here, which of them can swap their runtime jar (so take {@code ID@VERSION}), and what options
 * each accepts: what a backend's name and options, in a suite file or on the command line, are checked against.
 */
public record KnownBackends(List<String> ids, List<String> swappable, OptionCheck options) {

    /** Checks options as a backend would take them. */
    @FunctionalInterface
    public interface OptionCheck {
        /**
         * @param backend a resolved backend name ({@code ID} or {@code ID@VERSION})
         * @throws IllegalArgumentException naming the option, its value and what was expected
         */
        void check(String backend, Map<String, String> options);
    }

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
