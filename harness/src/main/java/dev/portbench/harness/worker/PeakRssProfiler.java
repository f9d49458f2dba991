package dev.portbench.harness.worker;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Reports the peak resident set (VmHWM) of the forked benchmark JVM after each iteration, as the secondary result
 * {@value #LABEL}; JMH keeps the maximum. Read outside the timed region, in the JVM that did the work.
 */
public final class PeakRssProfiler implements InternalProfiler {
    public static final String LABEL = "peak_rss_mb";
    private static final Path STATUS = Path.of("/proc/self/status");

    @Override
    public String getDescription() {
        return "peak resident set size (VmHWM) of the benchmark JVM";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        // nothing to reset: VmHWM is the high-water mark since the JVM started
    }

    @Override
    public Collection<? extends Result<?>> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        OptionalDouble mb = readPeakRssMb();
        if (mb.isEmpty()) {
            return List.of();
        }
        return List.of(new ScalarResult(LABEL, mb.getAsDouble(), "MiB", AggregationPolicy.MAX));
    }

    static OptionalDouble readPeakRssMb() {
        try {
            return parseStatusMb(Files.readAllLines(STATUS), "VmHWM:");
        } catch (IOException | SecurityException e) {
            return OptionalDouble.empty(); // not Linux: the column stays empty
        }
    }

    static OptionalDouble parseVmHwmMb(List<String> statusLines) {
        return parseStatusMb(statusLines, "VmHWM:");
    }

    /** A /proc/PID/status line such as {@code VmHWM:} or {@code VmRSS:}, given in kB (KiB), in MiB. */
    static OptionalDouble parseStatusMb(List<String> statusLines, String key) {
        for (String line : statusLines) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                if (parts.length == 2 && parts[1].equals("kB")) {
                    return OptionalDouble.of(Long.parseLong(parts[0]) / 1024.0);
                }
            }
        }
        return OptionalDouble.empty();
    }
}
