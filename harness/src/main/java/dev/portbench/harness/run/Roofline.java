package dev.portbench.harness.run;

import dev.portbench.harness.env.MachinePeak;
import dev.portbench.scenarios.ForwardCost;

/**
 * How much of the machine a row's calls used: the FLOPs and bytes counted from the model spec ({@link ForwardCost})
 * over the call's mean time, against the host's peaks measured at the run's start. The fractions are for rows that
 * ran on the host CPU only (an accelerator's peak is not the host's), and the GEMM fraction only for an arithmetic
 * whose peak was measured (fp32, fp64).
 */
record Roofline(double achievedGflops, double achievedGbps, Double peakFraction, Double bwFraction) {

    /**
     * @param meanMs     the row's mean time per call
     * @param arithmetic what the backend computed in; null where unknown
     * @param onHostCpu  whether the row ran on the host CPU
     * @param peak       the run's measured peaks; null where none was measured
     */
    static Roofline of(ForwardCost cost, double meanMs, String arithmetic, boolean onHostCpu, MachinePeak peak) {
        double seconds = meanMs / 1000.0;
        double gflops = cost.flops() / seconds / 1e9;
        double gbps = cost.bytes() / seconds / 1e9;
        Double peakGflops = onHostCpu && peak != null ? peak.gflopsFor(arithmetic) : null;
        Double peakGbps = onHostCpu && peak != null ? peak.memGbps() : null;
        return new Roofline(gflops, gbps, peakGflops == null ? null : gflops / peakGflops,
                peakGbps == null ? null : gbps / peakGbps);
    }
}
