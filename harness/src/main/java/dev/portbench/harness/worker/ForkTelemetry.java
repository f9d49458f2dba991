package dev.portbench.harness.worker;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One fork's telemetry over its measured iterations ({@link TelemetryProfiler}) and the peak resident set of its JVM
 * ({@link PeakRssProfiler}); null where not read (a fork recorded before a field existed, too). Energy, seconds and
 * calls come together: the iterations whose energy was read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ForkTelemetry(Double energyJ, Double seconds, Double calls, Double deviceMemPeakMb, Double rssGrowthMb,
                            Double peakRssMb) {

    /**
     * Forks (of any rounds) together: energy, seconds and calls summed over the forks that read energy, the largest
     * device memory, resident-set growth and peak resident set. Null where no fork read it.
     */
    public static ForkTelemetry merge(List<ForkTelemetry> forks) {
        Double energy = null;
        Double seconds = null;
        Double calls = null;
        Double mem = null;
        Double rss = null;
        Double peakRss = null;
        for (ForkTelemetry f : forks) {
            if (f.energyJ() != null && f.seconds() != null && f.calls() != null) {
                energy = (energy == null ? 0 : energy) + f.energyJ();
                seconds = (seconds == null ? 0 : seconds) + f.seconds();
                calls = (calls == null ? 0 : calls) + f.calls();
            }
            mem = max(mem, f.deviceMemPeakMb());
            rss = max(rss, f.rssGrowthMb());
            peakRss = max(peakRss, f.peakRssMb());
        }
        return new ForkTelemetry(energy, seconds, calls, mem, rss, peakRss);
    }

    private static Double max(Double a, Double b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Double.valueOf(Math.max(a, b));
    }

    /** Mean power over the sampled seconds; null without energy. */
    public Double avgPowerW() {
        return energyJ == null || seconds == null || seconds <= 0 ? null : energyJ / seconds;
    }

    /** Energy per timed call; null without energy or calls. */
    public Double joulesPerCall() {
        return energyJ == null || calls == null || calls <= 0 ? null : energyJ / calls;
    }
}
