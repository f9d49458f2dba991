package dev.portbench.harness.worker;

import dev.portbench.harness.plan.JmhSettings;
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
import java.util.regex.Pattern;

/** Runs {@link CellBenchmark} under JMH's Runner API: throughput mode for tokens/s, sample-time mode for latency. */
final class JmhMeasurement {
    private JmhMeasurement() {
    }

    static PerformanceResult measure(String scenario, String backend, String options, Path runDir,
                                     JmhSettings settings, Path jmhJson) throws RunnerException, java.io.IOException {
        Files.createDirectories(jmhJson.getParent());
        Options opts = new OptionsBuilder()
                .include("^" + Pattern.quote(CellBenchmark.class.getName()) + "\\.(throughput|latency)$")
                .param("scenario", scenario)
                .param("backend", backend)
                .param("options", options)
                .param("runDir", runDir.toAbsolutePath().toString())
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
        Double mean = null;
        Double p50 = null;
        Double p90 = null;
        Double p99 = null;
        Long samples = null;
        Double peakRss = null;
        for (RunResult r : results) {
            Result<?> primary = r.getPrimaryResult();
            Mode mode = r.getParams().getMode();
            if (mode == Mode.Throughput) {
                opsPerS = finite(primary.getScore());
                opsError = finite(primary.getScoreError());
            } else if (mode == Mode.SampleTime) {
                Statistics stats = primary.getStatistics();
                mean = finite(primary.getScore());
                p50 = finite(stats.getPercentile(50));
                p90 = finite(stats.getPercentile(90));
                p99 = finite(stats.getPercentile(99));
                samples = stats.getN();
            }
            Result<?> rss = r.getSecondaryResults().get(PeakRssProfiler.LABEL);
            if (rss != null && (peakRss == null || rss.getScore() > peakRss)) {
                peakRss = finite(rss.getScore());
            }
        }
        if (opsPerS == null && mean == null) {
            throw new IllegalStateException("JMH returned no result for the cell's benchmarks");
        }
        return new PerformanceResult(opsPerS, opsError, mean, p50, p90, p99, samples, peakRss);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
