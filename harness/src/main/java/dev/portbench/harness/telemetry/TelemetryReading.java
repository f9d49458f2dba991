package dev.portbench.harness.telemetry;

/**
 * What a device did over a sampled window: energy in joules (the counter's rise, or power integrated over the samples
 * where the device has no counter; null where neither was read), the window's length in seconds, the largest memory in
 * use in MiB (null where not read), how many samples were taken, and the largest resident set of the sampling JVM
 * (null where not read).
 */
public record TelemetryReading(Double energyJ, double seconds, Double memPeakMb, int samples, Double rssPeakMb) {

    TelemetryReading withRssPeak(Double mb) {
        return new TelemetryReading(energyJ, seconds, memPeakMb, samples, mb);
    }

    /** Energy over the window's wall time; null without energy or time. */
    public Double avgPowerW() {
        return energyJ == null || seconds <= 0 ? null : energyJ / seconds;
    }
}
