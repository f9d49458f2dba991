package dev.portbench.harness.worker;

import dev.portbench.harness.measure.IntervalEstimate;
import dev.portbench.harness.measure.NestedInterval;
import dev.portbench.harness.measure.TrendCheck;
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
import org.openjdk.jmh.util.Statistics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs {@link CellBenchmark} under JMH's Runner API, sample-time mode only: prefill workloads time the forward pass
 * ({@code latency}), decode workloads the prompt (time to first token) and one KV-cache step (time per output token).
 * JMH's own warm-up iterations are off: the benchmark's setup warms up until steady. Each benchmark's mean is the mean
 * of its iteration means, with a 99.9% interval over iterations and forks ({@link NestedInterval}).
 */
final class JmhMeasurement {
    static final double CONFIDENCE = 0.999;

    private JmhMeasurement() {
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
                .warmupIterations(0)
                .measurementIterations(settings.measurementIterations())
                .measurementTime(TimeValue.milliseconds(settings.measurementTime().toMillis()))
                .forks(settings.forks())
                .shouldFailOnError(true)
                .addProfiler(PeakRssProfiler.class)
                .addProfiler(WarmupProfiler.class)
                // no jvmArgs: JMH's forks inherit this JVM's flags (WorkerLauncher.JVM_FLAGS), offline DJL included
                .result(jmhJson.toString())
                .resultFormat(ResultFormatType.JSON)
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        return summarise(results);
    }

    static PerformanceResult summarise(Collection<RunResult> results) {
        Map<String, Timing> timings = new LinkedHashMap<>();
        Double peakRss = null;
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            timings.put(method, timing(r));
            Result<?> rss = r.getSecondaryResults().get(PeakRssProfiler.LABEL);
            if (rss != null && (peakRss == null || rss.getScore() > peakRss)) {
                peakRss = finite(rss.getScore());
            }
        }
        if (timings.isEmpty()) {
            throw new IllegalStateException("JMH returned no result for the cell's benchmarks");
        }
        return new PerformanceResult(timings, peakRss);
    }

    /** One benchmark over all its forks: interval from iteration means, percentiles from every sample. */
    static Timing timing(RunResult r) {
        double[][] means = iterationMeans(r);
        IntervalEstimate estimate = NestedInterval.of(means, CONFIDENCE);
        TrendCheck.Verdict trend = TrendCheck.of(means);
        Statistics samples = r.getPrimaryResult().getStatistics();
        Result<?> warmupS = r.getSecondaryResults().get(WarmupProfiler.SECONDS);
        Result<?> warmupSteady = r.getSecondaryResults().get(WarmupProfiler.STEADY);
        int iterations = means.length == 0 ? 0 : means[0].length;
        return new Timing(finite(estimate.mean()), finite(estimate.halfWidth()), finite(samples.getPercentile(50)),
                finite(samples.getPercentile(90)), finite(samples.getPercentile(99)), samples.getN(), means.length,
                iterations, estimate.basis(), trend.steady().orElse(null), trend.reason(),
                warmupS == null ? null : finite(warmupS.getScore()),
                warmupSteady == null ? null : warmupSteady.getScore() >= 1);
    }

    /** Per fork, each measured iteration's mean time per call (ms). */
    static double[][] iterationMeans(RunResult r) {
        List<double[]> forks = new ArrayList<>();
        for (BenchmarkResult fork : r.getBenchmarkResults()) {
            Collection<IterationResult> iterations = fork.getIterationResults();
            double[] means = new double[iterations.size()];
            int i = 0;
            for (IterationResult it : iterations) {
                means[i++] = it.getPrimaryResult().getScore();
            }
            forks.add(means);
        }
        return forks.toArray(new double[0][]);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
