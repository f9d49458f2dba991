package dev.portbench.harness.env;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The host's measured limits, once per run, for the roofline columns: the best GEMM rate of fp32 and fp64 through
 * OpenBLAS at {@code gemmSize}³ on {@code threads} threads, and the memory bandwidth of a copy over {@code streamMb} MiB
 * (read plus write bytes). A peak that could not be measured is null and {@code reason} says why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MachinePeak(Double fp32Gflops, Double fp64Gflops, Double memGbps, Integer threads, Integer gemmSize,
                          Integer streamMb, String blas, String reason) {

    /** The GEMM peak for an arithmetic ({@code fp32}, {@code fp64}); null for one not measured (fp16, bf16). */
    public Double gflopsFor(String arithmetic) {
        if (arithmetic == null) {
            return null;
        }
        return switch (arithmetic) {
            case "fp32" -> fp32Gflops;
            case "fp64" -> fp64Gflops;
            default -> null;
        };
    }
}
