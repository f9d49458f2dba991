package dev.portbench.harness.worker;

/** The numbers one JMH run of a cell produced; null where JMH produced none (e.g. an error with one iteration). */
record PerformanceResult(Double opsPerS, Double opsPerSError, Double meanMs, Double p50Ms, Double p90Ms, Double p99Ms,
                         Long samples, Double peakRssMb) {
}
