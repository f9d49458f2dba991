package dev.portbench.backend;

/**
 * The device whose memory, power and energy a backend's cells report: the host CPU (RAPL package energy), an NVIDIA
 * GPU (NVML, else nvidia-smi) or an Ascend NPU (npu-smi), by the device index the backend's options select.
 */
public record TelemetryTarget(Kind kind, int deviceIndex) {

    public enum Kind { HOST_CPU, NVIDIA_GPU, ASCEND_NPU }

    public TelemetryTarget {
        if (kind == null) {
            throw new IllegalArgumentException("telemetry target kind is null; expected one of HOST_CPU, NVIDIA_GPU,"
                    + " ASCEND_NPU");
        }
        if (deviceIndex < 0) {
            throw new IllegalArgumentException("device index " + deviceIndex + "; expected 0 or more");
        }
    }

    /**
     * The index the driver's tools (NVML, npu-smi) know a device by: runtimes number only the devices a
     * {@code *_VISIBLE_DEVICES} list leaves visible, the tools number all of them. {@code visible} is the list the cell
     * runs with (its option, else the variable inherited); null, or not a list of indices (UUIDs), keeps the index.
     */
    public static int physicalIndex(int runtimeIndex, String visible) {
        if (visible == null || !visible.trim().matches("[0-9]+(,[0-9]+)*")) {
            return runtimeIndex;
        }
        String[] ids = visible.trim().split(",");
        if (runtimeIndex >= ids.length) {
            throw new IllegalArgumentException("device " + runtimeIndex + " with visible devices '" + visible
                    + "'; expected an index below " + ids.length);
        }
        return Integer.parseInt(ids[runtimeIndex]);
    }

    public static TelemetryTarget hostCpu() {
        return new TelemetryTarget(Kind.HOST_CPU, 0);
    }

    public static TelemetryTarget nvidiaGpu(int deviceIndex) {
        return new TelemetryTarget(Kind.NVIDIA_GPU, deviceIndex);
    }

    public static TelemetryTarget ascendNpu(int deviceIndex) {
        return new TelemetryTarget(Kind.ASCEND_NPU, deviceIndex);
    }
}
