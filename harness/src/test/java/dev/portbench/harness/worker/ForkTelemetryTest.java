package dev.portbench.harness.worker;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ForkTelemetryTest {

    @Test
    void forksMergeBySummingEnergyTimeAndCallsAndTakingTheLargestMemoryAndResidentSet() {
        ForkTelemetry merged = ForkTelemetry.merge(List.of(new ForkTelemetry(30.0, 2.0, 100.0, 500.0, 4.0, 410.0),
                new ForkTelemetry(null, null, null, 700.0, 1.0, 450.0), // a fork whose energy was not read
                new ForkTelemetry(10.0, 2.0, 60.0, 600.0, null, null)));
        assertEquals(40.0, merged.energyJ());
        assertEquals(4.0, merged.seconds());
        assertEquals(160.0, merged.calls());
        assertEquals(10.0, merged.avgPowerW());
        assertEquals(0.25, merged.joulesPerCall());
        assertEquals(700.0, merged.deviceMemPeakMb());
        assertEquals(4.0, merged.rssGrowthMb());
        assertEquals(450.0, merged.peakRssMb());
    }

    @Test
    void nothingReadStaysNull() {
        ForkTelemetry merged = ForkTelemetry.merge(List.of(new ForkTelemetry(null, null, null, null, null, null)));
        assertNull(merged.energyJ());
        assertNull(merged.avgPowerW());
        assertNull(merged.joulesPerCall());
        assertNull(merged.deviceMemPeakMb());
        assertNull(merged.peakRssMb());
    }
}
