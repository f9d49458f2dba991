package dev.portbench.harness.worker;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class JitProfilerTest {

    @Test
    void compilerCpuIsEachThreadsTicksSinceTheFirstReadingAtTenMillisecondsATick() {
        // thread 1 worked 30 ticks, thread 2 none, thread 3 started in between with 12; thread 4 ended in between
        Map<Long, Long> before = Map.of(1L, 100L, 2L, 50L, 4L, 7L);
        Map<Long, Long> after = Map.of(1L, 130L, 2L, 50L, 3L, 12L);
        assertEquals(420.0, JitProfiler.cpuMs(before, after), 1e-9);
        assertEquals(0.0, JitProfiler.cpuMs(Map.of(), Map.of()), 1e-9);
    }

    /** The trial's teardown follows an early end of the window (see MeasuredWindows): it is not measured time. */
    @Test
    void aWindowEndedByTheTeardownExcludesWhatFollows() throws Exception {
        JitProfiler profiler = new JitProfiler();
        org.openjdk.jmh.infra.IterationParams measured = new org.openjdk.jmh.infra.IterationParams(
                org.openjdk.jmh.runner.IterationType.MEASUREMENT, 1,
                org.openjdk.jmh.runner.options.TimeValue.milliseconds(100), 1);
        profiler.beforeIteration(null, measured);
        MeasuredWindows.endNow();
        Thread.sleep(300);
        var results = profiler.afterIteration(null, measured, null);
        org.junit.jupiter.api.Assumptions.assumeFalse(results.isEmpty(), "no /proc/self/task here");
        double windowMs = results.stream().filter(r -> r.getLabel().equals(JitProfiler.MEASURED_MS)).findFirst()
                .orElseThrow().getScore();
        org.junit.jupiter.api.Assertions.assertTrue(windowMs < 300, windowMs + " ms: the 300 ms after the end count");
        profiler.beforeIteration(null, measured); // the next window is whole again
        Thread.sleep(50);
        double next = profiler.afterIteration(null, measured, null).stream()
                .filter(r -> r.getLabel().equals(JitProfiler.MEASURED_MS)).findFirst().orElseThrow().getScore();
        org.junit.jupiter.api.Assertions.assertTrue(next >= 50, next + " ms");
    }

    @Test
    void theShareIsCompilingOverMeasuredAndUnknownWithoutEither() {
        assertEquals(0.25, JitProfiler.share(1250.0, 5000.0), 1e-12);
        assertNull(JitProfiler.share(null, 5000.0));
        assertNull(JitProfiler.share(100.0, null));
        assertNull(JitProfiler.share(100.0, 0.0));
    }
}
