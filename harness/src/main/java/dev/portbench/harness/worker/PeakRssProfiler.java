package dev.portbench.harness.worker;

import dev.portbench.harness.telemetry.ProcStatus;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.util.Collection;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Reports the peak resident set (VmHWM) of the forked benchmark JVM after each iteration, as the secondary result
 * {@value #LABEL}; JMH keeps the maximum. Read outside the timed region, in the JVM that did the work.
 */
public final class PeakRssProfiler implements InternalProfiler {
    public static final String LABEL = "peak_rss_mb";

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
        return ProcStatus.mb(ProcStatus.PEAK_RESIDENT);
    }

    static OptionalDouble parseVmHwmMb(List<String> statusLines) {
        return ProcStatus.parse(statusLines, ProcStatus.PEAK_RESIDENT);
    }
}
