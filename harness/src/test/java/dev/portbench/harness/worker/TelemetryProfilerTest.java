package dev.portbench.harness.worker;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.IterationResultMetaData;
import org.openjdk.jmh.results.ResultRole;
import org.openjdk.jmh.results.SampleTimeResult;
import org.openjdk.jmh.util.SampleBuffer;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TelemetryProfilerTest {

    /** Three sampled calls of 25,000 made: JMH samples a fast benchmark's calls; energy is per call made. */
    @Test
    void callsAreTheOperationsJmhCountedNotTheSamplesItKept() {
        SampleBuffer buffer = new SampleBuffer();
        buffer.add(40_000);
        buffer.add(41_000);
        buffer.add(39_000);
        IterationResult sampled = new IterationResult(null, null, new IterationResultMetaData(25_000, 25_000));
        sampled.addResult(new SampleTimeResult(ResultRole.PRIMARY, "tpot", buffer, TimeUnit.MILLISECONDS));
        assertEquals(3, sampled.getPrimaryResult().getStatistics().getN());
        assertEquals(25_000, TelemetryProfiler.calls(sampled));

        IterationResult withoutCount = new IterationResult(null, null, null);
        withoutCount.addResult(new SampleTimeResult(ResultRole.PRIMARY, "tpot", buffer, TimeUnit.MILLISECONDS));
        assertEquals(3, TelemetryProfiler.calls(withoutCount), "without JMH's count, the samples");
    }
}
