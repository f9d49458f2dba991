package dev.portbench.harness.plan;

import java.util.regex.Pattern;

/**
 * A backend as a user names it: a provider id, or {@code ID@VERSION} to run that version of the backend's runtime
 * (an upgrade A/B: {@code onnxruntime-cpu@1.28.0} and {@code onnxruntime-cpu@1.29.0} in one suite). The whole text is
 * the backend's name in results, saved outputs, cell names and options.
 *
 * @param version null for a plain id
 */
public record BackendRef(String name, String id, String version) {
    /** A version becomes part of a file name, so it is one path segment of plain characters. */
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._+-]*");
    private static final String EXPECTED = "expected ID or ID@VERSION, e.g. onnxruntime-cpu@1.28.0";

    /** @throws IllegalArgumentException naming the text and the expected form */
    public static BackendRef parse(String name) {
        int at = name.indexOf('@');
        if (at < 0) {
            return new BackendRef(name, name, null);
        }
        String id = name.substring(0, at);
        String version = name.substring(at + 1);
        if (id.isEmpty()) {
            throw new IllegalArgumentException("backend '" + name + "' has no id before '@'; " + EXPECTED);
        }
        if (version.contains("@")) {
            throw new IllegalArgumentException("backend '" + name + "' has more than one '@'; " + EXPECTED);
        }
        if (version.isEmpty()) {
            throw new IllegalArgumentException("backend '" + name + "' has no version after '@'; " + EXPECTED);
        }
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("backend '" + name + "': version '" + version
                    + "' must start with a letter or digit and hold only letters, digits, '.', '_', '+' and '-'; "
                    + EXPECTED);
        }
        return new BackendRef(name, id, version);
    }

    public boolean isVersioned() {
        return version != null;
    }
}
