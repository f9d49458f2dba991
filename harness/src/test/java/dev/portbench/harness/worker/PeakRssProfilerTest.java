package dev.portbench.harness.worker;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeakRssProfilerTest {
    @Test
    void readsVmHwmInKibibytes() {
        List<String> status = List.of("Name:\tjava", "VmPeak:\t 9000000 kB", "VmHWM:\t  204800 kB", "VmRSS:\t 1000 kB");
        assertEquals(200.0, PeakRssProfiler.parseVmHwmMb(status).getAsDouble());
    }

    @Test
    void noVmHwmMeansNoValue() {
        assertTrue(PeakRssProfiler.parseVmHwmMb(List.of("Name:\tjava")).isEmpty());
    }

    @Test
    void thisJvmHasAPeakAboveItsCurrentHeapUse() {
        var mb = PeakRssProfiler.readPeakRssMb();
        if (mb.isPresent()) { // Linux
            Runtime rt = Runtime.getRuntime();
            assertTrue(mb.getAsDouble() * 1024 * 1024 > rt.totalMemory() - rt.freeMemory());
        }
    }
}
