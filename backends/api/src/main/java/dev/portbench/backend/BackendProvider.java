package dev.portbench.backend;

import java.util.Map;
import java.util.Optional;

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

    /**
     * Whether the backend can run here with these options (e.g. on the device they name); the harness calls this one,
     * in a JVM of its own. The default ignores the options.
     */
    default Availability probe(BackendOptions options) {
        return probe();
    }

    /** Creates the backend; call only after {@link #probe()} said available. */
    Backend create(BackendOptions options);

    /**
     * The jar that carries this backend's runtime, for backends whose runtime version can be chosen per run as
     * {@code ID@VERSION}: the harness runs such cells with that version's jar in place of the one on the class path.
     * A backend that declares one ends {@link Backend#runtimeVersion()} with the version number as Maven names it
     * (e.g. {@code onnxruntime 1.28.0}), so the harness can check that the version asked for is the one loaded.
     * Empty (the default): the runtime is not swappable, e.g. pure-Java backends.
     */
    default Optional<RuntimeArtifact> runtimeArtifact() {
        return Optional.empty();
    }

    /**
     * For a backend whose runtime jar is not portbench's own (ONNX Runtime's GPU build, about 640 MB, is no build
     * dependency): the version of {@link #runtimeArtifact()} its cells run when none is named. The harness finds that
     * jar like an {@code ID@VERSION} one, and a cell whose jar is on this machine nowhere is SKIPPED naming the command
     * that fetches it. Empty (the default): the class path carries the runtime.
     */
    default Optional<String> defaultRuntimeVersion() {
        return Optional.empty();
    }

    /**
     * The jar of portbench's class path that {@link #runtimeArtifact()} takes the place of in this backend's cells, where
     * it is another artifact (ONNX Runtime's GPU jar replaces the CPU one: both hold the same Java classes). Empty: the
     * runtime artifact itself.
     */
    default Optional<RuntimeArtifact> replacedRuntimeArtifact() {
        return Optional.empty();
    }

    /** The environment this backend's cell JVMs need, from its options; must load no native code. */
    default CellEnvironment cellEnvironment(BackendOptions options) {
        return CellEnvironment.NONE;
    }

    /**
     * The device whose telemetry (memory, power, energy) this backend's cells report, from its options; must load no
     * native code. The host CPU by default.
     */
    default TelemetryTarget telemetryTarget(BackendOptions options) {
        return TelemetryTarget.hostCpu();
    }
}
