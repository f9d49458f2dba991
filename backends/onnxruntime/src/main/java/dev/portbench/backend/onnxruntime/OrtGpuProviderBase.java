package dev.portbench.backend.onnxruntime;

import dev.portbench.backend.Availability;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.CellEnvironment;
import dev.portbench.backend.RuntimeArtifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * The ONNX Runtime backends that run on NVIDIA GPUs. Their cells run ONNX Runtime's GPU jar
 * ({@code com.microsoft.onnxruntime:onnxruntime_gpu}, CUDA 12 and cuDNN 9, about 640 MB, so no build dependency) in
 * place of the CPU jar, by default the version portbench is built against; the harness finds it like an
 * {@code ID@VERSION} jar and says how to fetch it when it is missing. With the CPU jar ORT answers that it cannot find
 * the CUDA provider, which is what the probe reports then.
 */
abstract class OrtGpuProviderBase extends OrtProviderBase {
    static final RuntimeArtifact GPU_ARTIFACT = new RuntimeArtifact("com.microsoft.onnxruntime", "onnxruntime_gpu");
    static final String VERSION_RESOURCE = "onnxruntime.properties";

    @Override
    public Availability probe() {
        return probe(BackendOptions.none(id()));
    }

    /** Registers the provider with these options (their device) and runs a one-node graph on it. */
    @Override
    public Availability probe(BackendOptions options) {
        return OrtRuntime.probeAccelerator(id(), executionProvider(options));
    }

    @Override
    public Optional<RuntimeArtifact> runtimeArtifact() {
        return Optional.of(GPU_ARTIFACT);
    }

    @Override
    public Optional<RuntimeArtifact> replacedRuntimeArtifact() {
        return Optional.of(OrtCpuProvider.RUNTIME_ARTIFACT);
    }

    @Override
    public Optional<String> defaultRuntimeVersion() {
        return Optional.of(builtAgainst());
    }

    @Override
    public CellEnvironment cellEnvironment(BackendOptions options) {
        return CudaExecution.from(options).environment();
    }

    /** The GPU the options select, as NVML numbers it. */
    @Override
    public dev.portbench.backend.TelemetryTarget telemetryTarget(BackendOptions options) {
        CudaExecution cuda = CudaExecution.from(options);
        String visible = cuda.visibleDevices() != null ? cuda.visibleDevices() : System.getenv("CUDA_VISIBLE_DEVICES");
        return dev.portbench.backend.CudaDeviceOrder.gpu(cuda.deviceId(), visible,
                System.getenv(dev.portbench.backend.CudaDeviceOrder.VARIABLE));
    }

    /** The ONNX Runtime version of portbench's own build, from the resource Maven fills in. */
    static String builtAgainst() {
        try (InputStream in = OrtGpuProviderBase.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + VERSION_RESOURCE + " is missing from the build");
            }
            Properties p = new Properties();
            p.load(in);
            String version = p.getProperty("version", "");
            if (!version.matches("\\d[0-9A-Za-z._+-]*")) {
                throw new IllegalStateException("resource " + VERSION_RESOURCE + " holds version '" + version
                        + "'; expected a Maven version (was the resource filtered?)");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
