package dev.portbench.harness.env;

import java.util.Map;

/**
 * The limits a run's roofline columns are measured against: the host's ({@link MachinePeak}) for rows that ran on the
 * host CPU, and each accelerator backend's own ({@link DevicePeak}) for rows that ran on a device. A device's memory
 * bandwidth is not measured, so device rows have no bandwidth peak.
 */
public record RunPeaks(MachinePeak host, Map<String, DevicePeak> devices) {

    public RunPeaks {
        devices = devices == null ? Map.of() : Map.copyOf(devices);
    }

    public static RunPeaks hostOnly(MachinePeak host) {
        return new RunPeaks(host, Map.of());
    }

    /** The GEMM peak a row of {@code backend} computing in {@code arithmetic} is measured against; null if none. */
    public Double gflops(String backend, boolean onHostCpu, String arithmetic) {
        if (onHostCpu) {
            return host == null ? null : host.gflopsFor(arithmetic);
        }
        DevicePeak device = devices.get(backend);
        return device == null ? null : device.gflopsFor(arithmetic);
    }

    /** The memory bandwidth peak for a row: the host's for host rows, none for a device's. */
    public Double gbps(boolean onHostCpu) {
        return onHostCpu && host != null ? host.memGbps() : null;
    }
}
