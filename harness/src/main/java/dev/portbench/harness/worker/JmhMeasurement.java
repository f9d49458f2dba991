package dev.portbench.harness.worker;

import dev.portbench.harness.measure.ForkSamples;
import dev.portbench.harness.measure.SteadyStateWarmup;
import dev.portbench.harness.plan.JmhSettings;
import dev.portbench.scenarios.Phase;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs {@link CellBenchmark} under JMH's Runner API, sample-time mode only: prefill workloads time the forward pass
 * ({@code latency}), decode workloads the prompt (time to first token) and one KV-cache step (time per output token).
 * The benchmark warms up until steady in JMH's own warm-up iterations ({@link #warmupIterations}). Each benchmark's
 * forks are kept raw ({@link ForkSamples}) and summarised by {@link ForkTimings}.
 */
final class JmhMeasurement {
    /** A warm-up iteration's own calls, after its steady-state warm-up: enough to run JMH's iteration code once. */
    static final Duration WARMUP_ITERATION = SteadyStateWarmup.WINDOW;

    private JmhMeasurement() {
    }

    /**
     * JMH's warm-up iterations. JMH starts the profilers of an iteration before the trial setup runs in it, so the
     * setup and the steady-state warm-up ({@link CellBenchmark#warmUp}) go into warm-up iterations: the first holds
     * them; with a warm-up, a second holds its recheck. With {@code warmupMax} zero (no warm-up) the one warm-up
     * iteration lasts a millisecond: a call or a few.
     */
    static int warmupIterations(Duration warmupMax) {
        return warmupMax.isZero() ? 1 : 2;
    }

    static TimeValue warmupIterationTime(Duration warmupMax) {
        return TimeValue.milliseconds(warmupMax.isZero() ? 1 : WARMUP_ITERATION.toMillis());
    }

    static PerformanceResult measure(CellBenchmark.Params params, Phase phase, JmhSettings settings, Path jmhJson)
            throws RunnerException, java.io.IOException {
        Files.createDirectories(jmhJson.getParent());
        String methods = phase == Phase.DECODE ? "(" + CellBenchmark.TTFT + "|" + CellBenchmark.TPOT + ")"
                : CellBenchmark.LATENCY;
        OptionsBuilder builder = new OptionsBuilder();
        builder.include("^" + Pattern.quote(CellBenchmark.class.getName()) + "\\." + methods + "$");
        params.asMap().forEach(builder::param);
        Options opts = builder
                .warmupIterations(warmupIterations(settings.warmupMax()))
                .warmupTime(warmupIterationTime(settings.warmupMax()))
                .measurementIterations(settings.measurementIterations())
                .measurementTime(TimeValue.milliseconds(settings.measurementTime().toMillis()))
                .forks(settings.forks())
                .shouldFailOnError(true)
                .addProfiler(PeakRssProfiler.class)
                .addProfiler(WarmupProfiler.class)
                .addProfiler(TelemetryProfiler.class)
                .addProfiler(JitProfiler.class)
                // no jvmArgs: JMH's forks inherit this JVM's flags (WorkerLauncher.JVM_FLAGS), offline DJL included;
                // appended, so that it wins over the inherited one: a fork's starter is this JVM, not the launcher
                .jvmArgsAppend(ParentWatchdog.parentPidFlag())
                .result(jmhJson.toString())
                .resultFormat(ResultFormatType.JSON)
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        return summarise(results);
    }

    static PerformanceResult summarise(Collection<RunResult> results) {
        Map<String, List<ForkSamples>> forks = new LinkedHashMap<>();
        Map<String, List<ForkTelemetry>> telemetry = new LinkedHashMap<>();
        Double peakRss = null;
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            forks.put(method, forkSamples(r));
            telemetry.put(method, r.getBenchmarkResults().stream().map(JmhMeasurement::forkTelemetry).toList());
            Result<?> rss = r.getSecondaryResults().get(PeakRssProfiler.LABEL);
            if (rss != null && (peakRss == null || rss.getScore() > peakRss)) {
                peakRss = finite(rss.getScore());
            }
        }
        if (forks.isEmpty()) {
            throw new IllegalStateException("JMH returned no result for the cell's benchmarks");
        }
        return PerformanceResult.of(forks, telemetry, peakRss);
    }

    /**
     * What {@link TelemetryProfiler} reported for one fork, summed or maxed over its iterations, and its JVM's peak
     * resident set: a decode cell's ttft and tpot forks are other JVMs, so each row gets its own benchmark's.
     */
    static ForkTelemetry forkTelemetry(BenchmarkResult fork) {
        Map<String, Result> secondary = fork.getSecondaryResults();
        return new ForkTelemetry(score(secondary, TelemetryProfiler.ENERGY_J), score(secondary, TelemetryProfiler.SECONDS),
                score(secondary, TelemetryProfiler.CALLS), score(secondary, TelemetryProfiler.DEVICE_MEM_PEAK_MB),
                score(secondary, TelemetryProfiler.RSS_GROWTH_MB), score(secondary, PeakRssProfiler.LABEL));
    }

    private static Double score(Map<String, Result> secondary, String label) {
        Result<?> r = secondary.get(label);
        return r == null ? null : finite(r.getScore());
    }

    /** One benchmark's forks, raw: their iteration means, samples and warm-ups. */
    static List<ForkSamples> forkSamples(RunResult r) {
        List<ForkSamples> forks = new ArrayList<>();
        for (BenchmarkResult fork : r.getBenchmarkResults()) {
            forks.add(forkSamples(fork));
        }
        return forks;
    }

    static ForkSamples forkSamples(BenchmarkResult fork) {
        Collection<IterationResult> iterations = fork.getIterationResults();
        double[] means = new double[iterations.size()];
        int i = 0;
        for (IterationResult it : iterations) {
            means[i++] = it.getPrimaryResult().getScore();
        }
        List<Double> values = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        Iterator<Map.Entry<Double, Long>> raw = fork.getPrimaryResult().getStatistics().getRawData();
        while (raw.hasNext()) {
            Map.Entry<Double, Long> e = raw.next();
            values.add(e.getKey());
            counts.add(e.getValue());
        }
        Result<?> warmupS = fork.getSecondaryResults().get(WarmupProfiler.SECONDS);
        Result<?> warmupSteady = fork.getSecondaryResults().get(WarmupProfiler.STEADY);
        Result<?> unsettled = fork.getSecondaryResults().get(WarmupProfiler.UNSETTLED);
        return new ForkSamples(means, values.stream().mapToDouble(Double::doubleValue).toArray(),
                counts.stream().mapToLong(Long::longValue).toArray(), warmupS == null ? null : finite(warmupS.getScore()),
                warmupSteady == null ? null : warmupSteady.getScore() >= 1,
                unsettled == null || !Double.isFinite(unsettled.getScore()) ? null : (int) unsettled.getScore(),
                JitProfiler.share(score(fork.getSecondaryResults(), JitProfiler.COMPILING_MS),
                        score(fork.getSecondaryResults(), JitProfiler.MEASURED_MS)));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
