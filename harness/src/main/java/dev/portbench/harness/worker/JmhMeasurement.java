package dev.portbench.harness.worker;

import dev.portbench.harness.plan.JmhSettings;
import dev.portbench.scenarios.Phase;
import org.openjdk.jmh.annotations.Mode;
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
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs {@link CellBenchmark} under JMH's Runner API. Prefill workloads: throughput mode for tokens/s and sample-time
 * mode for latency. Decode workloads: sample time of the prompt (time to first token) and of one KV-cache step (time per
 * output token).
 */
final class JmhMeasurement {
    private JmhMeasurement() {
    }

    static PerformanceResult measure(CellBenchmark.Params params, Phase phase, JmhSettings settings, Path jmhJson)
            throws RunnerException, java.io.IOException {
        Files.createDirectories(jmhJson.getParent());
        String methods = phase == Phase.DECODE ? "(ttft|tpot)" : "(throughput|latency)";
        OptionsBuilder builder = new OptionsBuilder();
        builder.include("^" + Pattern.quote(CellBenchmark.class.getName()) + "\\." + methods + "$");
        params.asMap().forEach(builder::param);
        Options opts = builder
                .warmupIterations(settings.warmupIterations())
                .warmupTime(TimeValue.milliseconds(settings.warmupTime().toMillis()))
                .measurementIterations(settings.measurementIterations())
                .measurementTime(TimeValue.milliseconds(settings.measurementTime().toMillis()))
                .forks(settings.forks())
                .shouldFailOnError(true)
                .addProfiler(PeakRssProfiler.class)
                // no jvmArgs: JMH's forks inherit this JVM's flags (WorkerLauncher.JVM_FLAGS), offline DJL included
                .result(jmhJson.toString())
                .resultFormat(ResultFormatType.JSON)
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        return summarise(results);
    }

    static PerformanceResult summarise(Collection<RunResult> results) {
        Double opsPerS = null;
        Double opsError = null;
        Map<String, Timing> timings = new LinkedHashMap<>();
        Double peakRss = null;
        for (RunResult r : results) {
            Result<?> primary = r.getPrimaryResult();
            Mode mode = r.getParams().getMode();
            String benchmark = r.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            if (mode == Mode.Throughput) {
                opsPerS = finite(primary.getScore());
                opsError = finite(primary.getScoreError());
            } else if (mode == Mode.SampleTime) {
                Statistics stats = primary.getStatistics();
                timings.put(method, new Timing(finite(primary.getScore()), finite(primary.getScoreError()),
                        finite(stats.getPercentile(50)), finite(stats.getPercentile(90)),
                        finite(stats.getPercentile(99)), stats.getN()));
            }
            Result<?> rss = r.getSecondaryResults().get(PeakRssProfiler.LABEL);
            if (rss != null && (peakRss == null || rss.getScore() > peakRss)) {
                peakRss = finite(rss.getScore());
            }
        }
        if (opsPerS == null && timings.isEmpty()) {
            throw new IllegalStateException("JMH returned no result for the cell's benchmarks");
        }
        return new PerformanceResult(opsPerS, opsError, timings, peakRss);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
