package dev.portbench.harness.env;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * An accelerator backend's measured GEMM rate on its own device, once per run (env.json's {@code device_peaks}): the
 * best rate of a chain of {@code size}³ MatMuls run through the backend's runtime (its vendor BLAS), per arithmetic
 * the run's cells compute in, with the chain's length per arithmetic ({@code chains}). {@code unmeasured} says, per arithmetic, why it has no rate (the runtime has no MatMul
 * of that type); {@code reason} says why nothing was measured at all (the measurement's JVM failed).
 *
 * @param target the device, as the telemetry names it ({@code NVIDIA_GPU:0}, {@code ASCEND_NPU:1})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DevicePeak(String backend, String target, String device, String runtimeVersion, Integer size,
                         Map<String, Integer> chains, Map<String, Double> gflops, Map<String, String> unmeasured,
                         String reason) {

    public DevicePeak {
        chains = ordered(chains);
        gflops = ordered(gflops);
        unmeasured = ordered(unmeasured);
    }

    private static <V> Map<String, V> ordered(Map<String, V> m) {
        return m == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m));
    }

    /** Nothing measured, for {@code reason}. */
    public static DevicePeak failed(String backend, String reason) {
        return new DevicePeak(backend, null, null, null, null, Map.of(), Map.of(), Map.of(), reason);
    }

    /** The GEMM rate for an arithmetic ({@code fp32}, {@code fp16}, {@code bf16}); null where none was measured. */
    public Double gflopsFor(String arithmetic) {
        return arithmetic == null ? null : gflops.get(arithmetic);
    }
}
