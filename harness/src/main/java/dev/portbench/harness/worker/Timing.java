package dev.portbench.harness.worker;

/**
 * One sample-time benchmark's distribution in milliseconds: JMH's mean with its 99.9% error, and percentiles.
 * Fields are null where JMH produced none (e.g. no error with a single iteration).
 */
public record Timing(Double meanMs, Double errorMs, Double p50Ms, Double p90Ms, Double p99Ms, Long samples) {
}
