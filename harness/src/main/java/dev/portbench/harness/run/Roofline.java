package dev.portbench.harness.run;

import dev.portbench.scenarios.ForwardCost;

/**
 * How much of the machine a row's calls used: the FLOPs and bytes counted from the model spec ({@link ForwardCost})
 * over the call's mean time, against the peaks measured at the run's start for the device the row ran on
 * ({@link dev.portbench.harness.env.RunPeaks}). A fraction is null where its peak was not measured.
 */
record Roofline(double achievedGflops, double achievedGbps, Double peakFraction, Double bwFraction) {

    /**
     * @param meanMs     the row's mean time per call
     * @param peakGflops the GEMM peak for the row's device and arithmetic; null where none was measured
     * @param peakGbps   the memory bandwidth of the row's device; null where none was measured
     */
    static Roofline of(ForwardCost cost, double meanMs, Double peakGflops, Double peakGbps) {
        double seconds = meanMs / 1000.0;
        double gflops = cost.flops() / seconds / 1e9;
        double gbps = cost.bytes() / seconds / 1e9;
        return new Roofline(gflops, gbps, peakGflops == null ? null : gflops / peakGflops,
                peakGbps == null ? null : gbps / peakGbps);
    }
}
