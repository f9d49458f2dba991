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

    @Test
    void theShareIsCompilingOverMeasuredAndUnknownWithoutEither() {
        assertEquals(0.25, JitProfiler.share(1250.0, 5000.0), 1e-12);
        assertNull(JitProfiler.share(null, 5000.0));
        assertNull(JitProfiler.share(100.0, null));
        assertNull(JitProfiler.share(100.0, 0.0));
    }
}
