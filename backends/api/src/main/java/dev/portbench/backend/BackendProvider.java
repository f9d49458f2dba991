package dev.portbench.backend;

import java.util.Map;

/**
 * Entry point of a backend module, registered with one line in
 * {@code META-INF/services/dev.portbench.backend.BackendProvider} and found through {@link java.util.ServiceLoader}.
 * Constructing a provider must load no native code: the harness lists every provider before it runs any.
 */
public interface BackendProvider {

    /** Stable id used on the command line and in results, e.g. {@code onnxruntime-cpu}. */
    String id();

    String description();

    /** Option keys this backend accepts, with a one-line description each. */
    Map<String, String> supportedOptions();

    /**
     * Checks option values without loading native code, so a bad value is a usage error before any work starts.
     * Unknown keys are the caller's to reject against {@link #supportedOptions()}.
     *
     * @throws BackendException naming the option, the value received and what was expected
     */
    void checkOptions(BackendOptions options);

    /** Whether the backend can run here; may load native code; never throws. */
    Availability probe();

    /** Creates the backend; call only after {@link #probe()} said available. */
    Backend create(BackendOptions options);
}
