package dev.portbench.harness.worker;

import dev.portbench.harness.measure.SteadyStateWarmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.util.Collection;
import java.util.List;

/**
 * Carries how the fork's steady-state warm-up went ({@link CellBenchmark#warmUp} runs it, and its recheck, in JMH's
 * warm-up iterations) back to the cell JVM as secondary results: {@value #SECONDS} (the longest over forks, the
 * recheck included), {@value #STEADY} (1 if it ended steady, the
 * least over forks, so one fork stopped by the cap shows) and {@value #UNSETTLED} (what had not settled when the cap
 * ended it, {@link SteadyStateWarmup.Unsettled#mask}).
 */
public final class WarmupProfiler implements InternalProfiler {
    public static final String SECONDS = "warmup_s";
    public static final String STEADY = "warmup_steady";
    public static final String UNSETTLED = "warmup_unsettled";

    private static volatile SteadyStateWarmup.Result last;

    /** Called in the fork by the benchmark's setup once its warm-up ended. */
    static void record(SteadyStateWarmup.Result result) {
        last = result;
    }

    @Override
    public String getDescription() {
        return "length and outcome of the steady-state warm-up in the benchmark's setup";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        // the warm-up runs in the benchmark's iteration-level setup, which records it
    }

    @Override
    public Collection<? extends Result<?>> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        SteadyStateWarmup.Result r = last;
        if (r == null) {
            return List.of();
        }
        return List.of(new ScalarResult(SECONDS, r.elapsed().toNanos() / 1e9, "s", AggregationPolicy.MAX),
                new ScalarResult(STEADY, r.steady() ? 1 : 0, "", AggregationPolicy.MIN),
                new ScalarResult(UNSETTLED, SteadyStateWarmup.Unsettled.mask(r.unsettled()), "",
                        AggregationPolicy.MAX));
    }
}
