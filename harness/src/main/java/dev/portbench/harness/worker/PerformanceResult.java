package dev.portbench.harness.worker;

import java.util.Map;

/**
 * What JMH measured for a cell. Prefill workloads: {@code opsPerS} ± error from throughput mode and the
 * {@code latency} timing; decode workloads: the {@code ttft} and {@code tpot} timings. Null where JMH produced none.
 */
record PerformanceResult(Double opsPerS, Double opsPerSError, Map<String, Timing> timings, Double peakRssMb) {
}
