package dev.portbench.backend.onnxruntime;

import dev.portbench.backend.Availability;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.RuntimeArtifact;

import java.util.Map;
import java.util.Optional;

/**
 * ONNX Runtime's CPU execution provider through the official Java API.
 *
 * <p>Native library lookup is ONNX Runtime's own: the directory in {@code -Donnxruntime.native.path} if set (it must
 * hold the same ORT version as the jar), else the library bundled in the jar for this OS and architecture. This class
 * touches no ORT class, so constructing it loads nothing native; {@link #probe()} is the first point that does.
 */
public final class OrtCpuProvider extends OrtProviderBase {
    static final RuntimeArtifact RUNTIME_ARTIFACT = new RuntimeArtifact("com.microsoft.onnxruntime", "onnxruntime");

    @Override
    public String id() {
        return "onnxruntime-cpu";
    }

    @Override
    public String description() {
        return "ONNX Runtime, CPU execution provider";
    }

    @Override
    OrtExecutionProvider executionProvider(BackendOptions options) {
        return new CpuExecution();
    }

    @Override
    Map<String, String> providerOptions() {
        return Map.of();
    }

    @Override
    public Availability probe() {
        return OrtRuntime.probeCpu();
    }

    /** The CPU jar bundles the Java API and the native libraries, so one jar is one ORT version. */
    @Override
    public Optional<RuntimeArtifact> runtimeArtifact() {
        return Optional.of(RUNTIME_ARTIFACT);
    }
}
