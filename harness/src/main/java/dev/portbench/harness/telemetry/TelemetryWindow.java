package dev.portbench.harness.telemetry;

import java.util.List;

/**
 * Turns a window's samples into a {@link TelemetryReading}: energy from the counter's first and last readings where
 * the device has one, else the trapezoid integral of power over the samples' times; the peak of memory in use.
 */
public final class TelemetryWindow {
    private TelemetryWindow() {
    }

    public static TelemetryReading of(List<TelemetrySample> samples) {
        if (samples.size() < 2) {
            throw new IllegalArgumentException(samples.size() + " samples; a window needs its first and last");
        }
        TelemetrySample first = samples.get(0);
        TelemetrySample last = samples.get(samples.size() - 1);
        double seconds = (last.nanos() - first.nanos()) / 1e9;
        Double energy = integratedPower(samples);
        if (first.energyJ() != null && last.energyJ() != null) {
            energy = last.energyJ() - first.energyJ();
        }
        Double memPeak = null;
        for (TelemetrySample s : samples) {
            if (s.memUsedMb() != null && (memPeak == null || s.memUsedMb() > memPeak)) {
                memPeak = s.memUsedMb();
            }
        }
        return new TelemetryReading(energy, seconds, memPeak, samples.size(), null);
    }

    /**
     * ∫ power dt by trapezoids over the samples; null when any sample read no power (nvidia-smi's {@code [N/A]},
     * npu-smi's {@code NA}): the integral would cover less than the window's seconds and calls, and energy per call
     * would come out low. Such a window gives no energy; the fork's energy comes from its complete windows.
     */
    static Double integratedPower(List<TelemetrySample> samples) {
        double joules = 0;
        for (int i = 1; i < samples.size(); i++) {
            TelemetrySample a = samples.get(i - 1);
            TelemetrySample b = samples.get(i);
            if (a.powerW() == null || b.powerW() == null) {
                return null;
            }
            joules += (a.powerW() + b.powerW()) / 2 * (b.nanos() - a.nanos()) / 1e9;
        }
        return joules;
    }
}
