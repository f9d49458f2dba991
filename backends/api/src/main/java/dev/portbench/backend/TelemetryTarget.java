package dev.portbench.backend;

/**
 * The device whose memory, power and energy a backend's cells report: the host CPU (RAPL package energy), an NVIDIA
 * GPU (NVML, else nvidia-smi) or an Ascend NPU (npu-smi), by the device index the backend's options select.
 */
public record TelemetryTarget(Kind kind, int deviceIndex) {

    public enum Kind { HOST_CPU, NVIDIA_GPU, ASCEND_NPU }

    /** The device index where the driver's number of the cell's device is not known ({@link #physicalIndex}). */
    public static final int UNKNOWN_INDEX = -1;

    public TelemetryTarget {
        if (kind == null) {
            throw new IllegalArgumentException("telemetry target kind is null; expected one of HOST_CPU, NVIDIA_GPU,"
                    + " ASCEND_NPU");
        }
        if (deviceIndex < UNKNOWN_INDEX) {
            throw new IllegalArgumentException("device index " + deviceIndex + "; expected 0 or more, or "
                    + UNKNOWN_INDEX + " for a device whose index the driver's tools are not known to use");
        }
    }

    /** Whether the driver's tools can be asked about this device: its index in their numbering is known. */
    public boolean resolved() {
        return deviceIndex != UNKNOWN_INDEX;
    }

    /**
     * The index the driver's tools (NVML, npu-smi) know a device by: runtimes number only the devices a
     * {@code *_VISIBLE_DEVICES} list leaves visible, the tools number all of them. {@code visible} is the list the cell
     * runs with (its option, else the variable inherited); null or blank keeps the index. A list that names devices
     * otherwise (CUDA's {@code GPU-…} and {@code MIG-…} UUIDs) gives {@link #UNKNOWN_INDEX}: keeping the index would
     * read another device's telemetry.
     */
    public static int physicalIndex(int runtimeIndex, String visible) {
        if (visible == null || visible.isBlank()) {
            return runtimeIndex;
        }
        if (!visible.trim().matches("[0-9]+(,[0-9]+)*")) {
            return UNKNOWN_INDEX;
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
