package dev.portbench.harness.worker;

import java.util.Map;

/**
 * What JMH measured for a cell: per benchmark ({@code latency} for prefill workloads, {@code ttft} and {@code tpot} for
 * decode workloads) its timing, and the forks' peak RSS (null where unknown).
 */
record PerformanceResult(Map<String, Timing> timings, Double peakRssMb) {
}
