package dev.portbench.harness.telemetry;

import org.bytedeco.cuda.global.nvml;
import org.bytedeco.cuda.nvml.nvmlDevice_st;
import org.bytedeco.cuda.nvml.nvmlMemory_t;

/**
 * An NVIDIA GPU through NVML (JavaCPP's cuda preset, which links the driver's {@code libnvidia-ml.so.1}): memory in
 * use, power draw (mW) and the driver's total-energy counter (mJ since the driver loaded; Volta and later). Without
 * the counter, energy is power integrated over the samples and the note says so.
 */
public final class NvmlSource implements TelemetrySource {
    private final nvmlDevice_st device;
    private final boolean energyCounter;
    private final nvmlMemory_t memory = new nvmlMemory_t();

    private NvmlSource(nvmlDevice_st device, boolean energyCounter) {
        this.device = device;
        this.energyCounter = energyCounter;
    }

    /**
     * NVML's device {@code index} (NVML numbers every GPU of the host, whatever CUDA_VISIBLE_DEVICES says).
     *
     * @throws TelemetryUnavailableException where the library does not load, NVML does not start or has no such GPU
     */
    public static NvmlSource open(int index) throws TelemetryUnavailableException {
        try {
            check(nvml.nvmlInit_v2(), "nvmlInit_v2");
            nvmlDevice_st device = new nvmlDevice_st();
            check(nvml.nvmlDeviceGetHandleByIndex_v2(index, device), "nvmlDeviceGetHandleByIndex_v2(" + index + ")");
            long[] millijoules = new long[1];
            boolean counter = nvml.nvmlDeviceGetTotalEnergyConsumption(device, millijoules) == nvml.NVML_SUCCESS;
            return new NvmlSource(device, counter);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            // JavaCPP's loader throws UnsatisfiedLinkError first, NoClassDefFoundError on every later use
            throw new TelemetryUnavailableException("NVML did not load (no NVIDIA driver's libnvidia-ml.so.1 here): "
                    + e);
        }
    }

    private static void check(int status, String call) throws TelemetryUnavailableException {
        if (status != nvml.NVML_SUCCESS) {
            throw new TelemetryUnavailableException("NVML " + call + " returned " + status + " ("
                    + nvml.nvmlErrorString(status).getString() + ")");
        }
    }

    @Override
    public String name() {
        return "nvml";
    }

    @Override
    public synchronized TelemetrySample read() throws java.io.IOException {
        long now = System.nanoTime();
        Double joules = null;
        if (energyCounter) {
            long[] millijoules = new long[1];
            require(nvml.nvmlDeviceGetTotalEnergyConsumption(device, millijoules), "energy");
            joules = millijoules[0] / 1e3;
        }
        int[] milliwatts = new int[1];
        require(nvml.nvmlDeviceGetPowerUsage(device, milliwatts), "power");
        require(nvml.nvmlDeviceGetMemoryInfo(device, memory), "memory");
        return new TelemetrySample(now, joules, milliwatts[0] / 1e3, memory.used() / (1024.0 * 1024.0));
    }

    private static void require(int status, String what) throws java.io.IOException {
        if (status != nvml.NVML_SUCCESS) {
            throw new java.io.IOException("NVML " + what + " read returned " + status + " ("
                    + nvml.nvmlErrorString(status).getString() + ")");
        }
    }

    @Override
    public String note() {
        return energyCounter ? "" : "this GPU has no NVML energy counter: energy is power integrated over samples";
    }

    @Override
    public void close() {
        nvml.nvmlShutdown();
    }
}
