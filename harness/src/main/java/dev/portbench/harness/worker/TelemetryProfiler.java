package dev.portbench.harness.worker;

import dev.portbench.backend.TelemetryTarget;
import dev.portbench.harness.telemetry.ProcStatus;
import dev.portbench.harness.telemetry.TelemetryReading;
import dev.portbench.harness.telemetry.TelemetrySampler;
import dev.portbench.harness.telemetry.TelemetrySource;
import dev.portbench.harness.telemetry.TelemetrySources;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Samples the cell's device ({@link CellBenchmark#telemetry}) on a thread of its own from the start to the end of each
 * iteration, in the fork that does the work (warm-up iterations too, so that the sampler's first run is in none of the
 * measured ones), and reports per fork, summed over its measured iterations: the energy,
 * the sampled seconds and the calls made in them (so energy per call needs no timing assumption); the largest device
 * memory in use; and the largest rise of this JVM's resident set, sampled with the device, over its value when the
 * measured iterations began. The sampler only sleeps and reads counters beside the timed calls' own work;
 * {@code -Dportbench.telemetry=off} leaves it out altogether.
 */
public final class TelemetryProfiler implements InternalProfiler {
    public static final String ENERGY_J = "telemetry_energy_j";
    public static final String SECONDS = "telemetry_s";
    public static final String CALLS = "telemetry_calls";
    public static final String DEVICE_MEM_PEAK_MB = "device_mem_peak_mb";
    public static final String RSS_GROWTH_MB = "rss_growth_mb";
    /** How often the sampler reads the device; {@code -Dportbench.telemetry.interval.ms} changes it. */
    static final Duration INTERVAL = Duration.ofMillis(Long.getLong("portbench.telemetry.interval.ms",
            TelemetrySampler.DEFAULT_INTERVAL.toMillis()));

    private TelemetrySampler sampler;
    private boolean opened;
    /** Whether a measured iteration has begun in this fork. */
    private boolean measuring;
    private Double rssAtStartMb;

    @Override
    public String getDescription() {
        return "device memory, power and energy over the measured iterations, and the resident set's growth";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        if (!TelemetrySources.enabled()) {
            return;
        }
        if (iterationParams.getType() == IterationType.MEASUREMENT && !measuring) {
            measuring = true; // after the setup and warm-up, which run in JMH's warm-up iterations
            OptionalDouble rss = residentMb();
            rssAtStartMb = rss.isPresent() ? rss.getAsDouble() : null;
        }
        // warm-up iterations sample too, unreported: the sampler's first run is then no measured iteration's
        if (!opened) {
            opened = true;
            MeasuredWindows.onEnd(() -> {
                if (sampler != null) {
                    sampler.endEarly();
                }
            });
            TelemetrySources.Opened source = TelemetrySources.open(target(benchmarkParams.getParam("telemetry")));
            // without a device (the cell JVM said why) the sampler still watches the resident set
            sampler = new TelemetrySampler(source.ok() ? source.source() : TelemetrySource.NONE, INTERVAL,
                    TelemetryProfiler::residentMb);
        }
        try {
            sampler.start();
        } catch (IOException e) {
            residentSetOnly(); // the device failed: no energy from this fork, and the row says its forks gave none
            try {
                sampler.start();
            } catch (IOException cannot) {
                throw new IllegalStateException("a sampler without a device failed to read", cannot);
            }
        }
    }

    /** From now on the sampler reads the resident set alone (its source cannot fail); the caller starts it. */
    private void residentSetOnly() {
        sampler = new TelemetrySampler(TelemetrySource.NONE, INTERVAL, TelemetryProfiler::residentMb);
    }

    @Override
    public Collection<? extends Result<?>> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        if (sampler == null) {
            return List.of();
        }
        List<Result<?>> out = new ArrayList<>();
        TelemetryReading r;
        try {
            r = sampler.stop();
        } catch (IOException e) {
            residentSetOnly();
            return out; // this iteration's window is lost; later ones keep the resident set
        }
        if (iterationParams.getType() != IterationType.MEASUREMENT) {
            return out;
        }
        if (r.energyJ() != null) {
            out.add(new ScalarResult(ENERGY_J, r.energyJ(), "J", AggregationPolicy.SUM));
            out.add(new ScalarResult(SECONDS, r.seconds(), "s", AggregationPolicy.SUM));
            out.add(new ScalarResult(CALLS, calls(result), "calls", AggregationPolicy.SUM));
        }
        if (r.memPeakMb() != null) {
            out.add(new ScalarResult(DEVICE_MEM_PEAK_MB, r.memPeakMb(), "MiB", AggregationPolicy.MAX));
        }
        if (r.rssPeakMb() != null && rssAtStartMb != null) {
            out.add(new ScalarResult(RSS_GROWTH_MB, r.rssPeakMb() - rssAtStartMb, "MiB", AggregationPolicy.MAX));
        }
        return out;
    }

    /**
     * The calls the iteration made: JMH's count of operations, not its sample count, which it keeps near 20 per
     * millisecond of iteration by sampling only some calls of a fast benchmark.
     */
    static long calls(IterationResult result) {
        return result.getMetadata() != null ? result.getMetadata().getMeasuredOps()
                : result.getPrimaryResult().getStatistics().getN();
    }

    /** {@code KIND:INDEX} as {@link #encode} writes it. */
    static TelemetryTarget target(String encoded) {
        int colon = encoded == null ? -1 : encoded.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("telemetry target '" + encoded + "'; expected KIND:INDEX, e.g."
                    + " NVIDIA_GPU:0");
        }
        return new TelemetryTarget(TelemetryTarget.Kind.valueOf(encoded.substring(0, colon)),
                Integer.parseInt(encoded.substring(colon + 1)));
    }

    static String encode(TelemetryTarget target) {
        return target.kind().name() + ":" + target.deviceIndex();
    }

    /** VmRSS of this JVM in MiB; empty off Linux. */
    static OptionalDouble residentMb() {
        return ProcStatus.mb(ProcStatus.RESIDENT);
    }
}
