package dev.portbench.harness.telemetry;

/**
 * One reading of a device: when ({@link System#nanoTime()}), its cumulative energy counter in joules (null where the
 * device has none), its power draw in watts and the memory in use in MiB (null where not read).
 */
public record TelemetrySample(long nanos, Double energyJ, Double powerW, Double memUsedMb) {
}
