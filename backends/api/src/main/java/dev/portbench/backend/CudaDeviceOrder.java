package dev.portbench.backend;

import java.util.Map;

/**
 * CUDA numbers GPUs fastest first unless {@code CUDA_DEVICE_ORDER=PCI_BUS_ID}; NVML and nvidia-smi number them by PCI
 * bus. On a host with mixed GPUs, device 0 of a cell would then be another GPU than the telemetry's device 0 (and than
 * a {@code CUDA_VISIBLE_DEVICES} index read the way nvidia-smi lists them). The cells of CUDA backends run in bus
 * order, unless the user chose an order; then the telemetry cannot tell which GPU it is.
 */
public final class CudaDeviceOrder {
    public static final String VARIABLE = "CUDA_DEVICE_ORDER";
    public static final String BUS_ORDER = "PCI_BUS_ID";

    private CudaDeviceOrder() {
    }

    /** What a CUDA cell's environment adds: bus order, where the launcher was given no order of its own. */
    public static Map<String, String> variables(String inherited) {
        return inherited == null ? Map.of(VARIABLE, BUS_ORDER) : Map.of();
    }

    /** Whether the cells number GPUs as the driver's tools do, given what the launcher inherited. */
    public static boolean matchesDriverTools(String inherited) {
        return inherited == null || inherited.trim().equals(BUS_ORDER);
    }

    /** The telemetry target of CUDA device {@code runtimeIndex}: unresolved where the numbering differs. */
    public static TelemetryTarget gpu(int runtimeIndex, String visible, String inheritedOrder) {
        return TelemetryTarget.nvidiaGpu(matchesDriverTools(inheritedOrder)
                ? TelemetryTarget.physicalIndex(runtimeIndex, visible) : TelemetryTarget.UNKNOWN_INDEX);
    }
}
