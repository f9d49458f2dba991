package dev.portbench.harness.worker;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a backend's probe found, in a JVM of its own started with the backend's runtime: whether it can run here (the
 * runtime's own reason if not), and when it can, its runtime version, device and threads. {@code status} is
 * {@code OK}, {@code SKIPPED} (the backend cannot run here) or {@code FAILED} (the probe itself crashed or hung).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeResult(String status, String reason, String runtimeVersion, String device, Integer threads,
                          String telemetryTarget) {

    public static ProbeResult available(String runtimeVersion, String device, Integer threads,
                                        String telemetryTarget) {
        return new ProbeResult("OK", "", runtimeVersion, device, threads, telemetryTarget);
    }

    public static ProbeResult unavailable(String reason) {
        return new ProbeResult("SKIPPED", reason, null, null, null, null);
    }

    public static ProbeResult failed(String reason) {
        return new ProbeResult("FAILED", reason, null, null, null, null);
    }

    public boolean ok() {
        return "OK".equals(status);
    }

    /** Whether the backend runs on an accelerator (its telemetry reads a device other than the host CPU). */
    public boolean onAccelerator() {
        return ok() && telemetryTarget != null && !telemetryTarget.startsWith("HOST_CPU:");
    }
}
