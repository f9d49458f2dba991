package dev.portbench.harness.telemetry;

import dev.portbench.backend.TelemetryTarget;
import dev.portbench.harness.env.NpuSmiProbe;

import java.nio.file.Path;

/**
 * Opens the telemetry of a backend's {@link TelemetryTarget}: RAPL for the host CPU; NVML for an NVIDIA GPU, else
 * nvidia-smi; npu-smi for an Ascend NPU. Never throws: what cannot be opened comes back with the reason.
 */
public final class TelemetrySources {
    /** Set to {@code off} to run without sampling (the telemetry columns then say so); for measuring its effect. */
    public static final String SWITCH = "portbench.telemetry";

    /** A source, or the reason there is none. */
    public record Opened(TelemetrySource source, String reason) {
        public boolean ok() {
            return source != null;
        }
    }

    private TelemetrySources() {
    }

    /** False where {@code -Dportbench.telemetry=off}: no sampler runs at all. */
    public static boolean enabled() {
        return !"off".equals(System.getProperty(SWITCH));
    }

    public static Opened open(TelemetryTarget target) {
        return open(target, System.getenv("PATH"), RaplSource.POWERCAP);
    }

    static Opened open(TelemetryTarget target, String pathVariable, Path powercap) {
        if (!enabled()) {
            return new Opened(null, "telemetry off (-D" + SWITCH + "=off)");
        }
        if (!target.resolved()) {
            return new Opened(null, "which of the driver's devices the cell's " + target.kind() + " is, is not known"
                    + " (its visible-devices list names it by UUID, or CUDA_DEVICE_ORDER is not PCI_BUS_ID, the driver"
                    + " tools' order): no telemetry, rather than another device's");
        }
        try {
            return switch (target.kind()) {
                case HOST_CPU -> new Opened(RaplSource.open(powercap), null);
                case ASCEND_NPU -> new Opened(NpuSmiSource.open(NpuSmiProbe.onPath(pathVariable,
                        NpuSmiProbe.TIMEOUT), target.deviceIndex()), null);
                case NVIDIA_GPU -> new Opened(nvidia(target.deviceIndex(), pathVariable), null);
            };
        } catch (TelemetryUnavailableException e) {
            return new Opened(null, e.getMessage());
        }
    }

    private static TelemetrySource nvidia(int index, String pathVariable) throws TelemetryUnavailableException {
        try {
            return NvmlSource.open(index);
        } catch (TelemetryUnavailableException nvmlFailed) {
            try {
                return NvidiaSmiSource.open(pathVariable, index);
            } catch (TelemetryUnavailableException smiFailed) {
                throw new TelemetryUnavailableException(nvmlFailed.getMessage() + "; fallback: "
                        + smiFailed.getMessage());
            }
        }
    }
}
