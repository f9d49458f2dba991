package dev.portbench.harness.runtimes;

import dev.portbench.harness.plan.BackendRef;

import java.util.Optional;

/**
 * Whether a cell of an {@code ID@VERSION} backend loaded the version it asked for, as the runtime itself reports it
 * (the last word of {@code Backend.runtimeVersion()}, e.g. {@code onnxruntime 1.28.0}). A swapped jar is not enough:
 * a native library of another version (say through {@code -Donnxruntime.native.path}) would measure the wrong runtime
 * under the right name.
 */
public final class RuntimeVersionCheck {
    private RuntimeVersionCheck() {
    }

    /** Why the loaded runtime is not the one asked for; empty when it is, or when the backend asked for none. */
    public static Optional<String> mismatch(String backend, String runtimeVersion) {
        BackendRef ref = BackendRef.parse(backend);
        if (!ref.isVersioned()) {
            return Optional.empty();
        }
        String trimmed = runtimeVersion == null ? "" : runtimeVersion.trim();
        String loaded = trimmed.substring(trimmed.lastIndexOf(' ') + 1);
        if (loaded.equals(ref.version())) {
            return Optional.empty();
        }
        return Optional.of(backend + " asked for runtime version " + ref.version() + ", but the runtime loaded reports '"
                + trimmed + "' (version " + (loaded.isEmpty() ? "unknown" : loaded) + "): a jar or native library of"
                + " another version was loaded, e.g. through a native-library path such as -Donnxruntime.native.path");
    }

    /** @throws IllegalStateException with {@link #mismatch}'s reason */
    public static void require(String backend, String runtimeVersion) {
        mismatch(backend, runtimeVersion).ifPresent(why -> {
            throw new IllegalStateException(why);
        });
    }
}
