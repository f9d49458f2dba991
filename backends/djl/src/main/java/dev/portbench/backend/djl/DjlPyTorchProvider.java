package dev.portbench.backend.djl;

import dev.portbench.backend.Availability;
import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.CellEnvironment;
import dev.portbench.backend.CudaDeviceOrder;
import dev.portbench.backend.TelemetryTarget;

import java.util.Map;

/**
 * {@code djl-pytorch}: portbench's decoder built from the model spec with DJL's NDArray operations on its PyTorch
 * engine, an implementation independent of the exported ONNX graph, on the CPU or a CUDA GPU. Constructing it loads
 * nothing; {@link #probe} loads the engine.
 */
public final class DjlPyTorchProvider implements BackendProvider {
    public static final String ID = "djl-pytorch";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "the decoder written in DJL NDArray operations on the PyTorch engine (CPU libtorch bundled; CUDA"
                + " through an installed libtorch); never reads the ONNX file";
    }

    @Override
    public Map<String, String> supportedOptions() {
        return DjlSettings.DOCUMENTATION;
    }

    @Override
    public void checkOptions(BackendOptions options) {
        DjlSettings.from(options);
    }

    @Override
    public Availability probe() {
        return probe(BackendOptions.none(ID));
    }

    @Override
    public Availability probe(BackendOptions options) {
        return DjlEngine.availability(DjlSettings.from(options));
    }

    @Override
    public Backend create(BackendOptions options) {
        return new DjlBackend(DjlSettings.from(options));
    }

    @Override
    public CellEnvironment cellEnvironment(BackendOptions options) {
        return DjlSettings.from(options).cellEnvironment();
    }

    @Override
    public TelemetryTarget telemetryTarget(BackendOptions options) {
        DjlSettings s = DjlSettings.from(options);
        if (!s.onGpu()) {
            return TelemetryTarget.hostCpu();
        }
        String visible = s.visibleDevices() != null ? s.visibleDevices() : System.getenv("CUDA_VISIBLE_DEVICES");
        return CudaDeviceOrder.gpu(s.deviceId(), visible, System.getenv(CudaDeviceOrder.VARIABLE));
    }
}
