package dev.portbench.harness.worker;

import dev.portbench.harness.measure.ForkSamples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What JMH measured for a cell: per benchmark ({@code latency} for prefill workloads, {@code ttft} and {@code tpot} for
 * decode workloads) its timing, the raw forks it was summarised from and their telemetry, and the forks' peak RSS
 * (null where unknown).
 */
record PerformanceResult(Map<String, Timing> timings, Map<String, List<ForkSamples>> forks,
                         Map<String, List<ForkTelemetry>> telemetry, Double peakRssMb) {

    static PerformanceResult of(Map<String, List<ForkSamples>> forks, Map<String, List<ForkTelemetry>> telemetry,
                                Double peakRssMb) {
        Map<String, Timing> timings = new LinkedHashMap<>();
        forks.forEach((benchmark, f) -> timings.put(benchmark, ForkTimings.summarise(f)));
        return new PerformanceResult(timings, forks, telemetry, peakRssMb);
    }
}
