package dev.portbench.harness.telemetry;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TelemetryWindowTest {
    private static final long S = 1_000_000_000L;

    @Test
    void aCounterGivesEnergyAsItsRiseWhateverThePowerSamplesSay() {
        TelemetryReading r = TelemetryWindow.of(List.of(new TelemetrySample(10 * S, 1000.0, 999.0, 100.0),
                new TelemetrySample(11 * S, 1100.0, 1.0, 300.0), new TelemetrySample(12 * S, 1250.0, 1.0, 200.0)));
        assertEquals(250.0, r.energyJ());
        assertEquals(2.0, r.seconds());
        assertEquals(125.0, r.avgPowerW());
        assertEquals(300.0, r.memPeakMb());
        assertEquals(3, r.samples());
    }

    @Test
    void withoutACounterPowerIsIntegratedByTrapezoids() {
        // 100 W for 1 s, then a ramp 100 → 300 W over 0.5 s: 100 + 0.5 · 200 = 200 J
        TelemetryReading r = TelemetryWindow.of(List.of(new TelemetrySample(0, null, 100.0, null),
                new TelemetrySample(S, null, 100.0, null), new TelemetrySample(S + S / 2, null, 300.0, null)));
        assertEquals(200.0, r.energyJ(), 1e-9);
        assertEquals(200.0 / 1.5, r.avgPowerW(), 1e-9);
        assertNull(r.memPeakMb());
    }

    /**
     * 100 W throughout, one sample in the middle read no power: integrating the pairs that did would give 10 J over
     * 0.3 s (33 W); the window gives no energy instead, and a counter still gives its rise.
     */
    @Test
    void aSampleWithoutPowerLeavesTheWindowWithoutEnergy() {
        long tenth = S / 10;
        TelemetryReading r = TelemetryWindow.of(List.of(new TelemetrySample(0, null, 100.0, 10.0),
                new TelemetrySample(tenth, null, 100.0, 10.0), new TelemetrySample(2 * tenth, null, null, 12.0),
                new TelemetrySample(3 * tenth, null, 100.0, 10.0)));
        assertNull(r.energyJ());
        assertNull(r.avgPowerW());
        assertEquals(12.0, r.memPeakMb(), "memory is read all the same");
        TelemetryReading counted = TelemetryWindow.of(List.of(new TelemetrySample(0, 5.0, 100.0, null),
                new TelemetrySample(tenth, null, null, null), new TelemetrySample(3 * tenth, 35.0, 100.0, null)));
        assertEquals(30.0, counted.energyJ(), 1e-9);
    }

    @Test
    void nothingReadGivesNoEnergyAndOneSampleIsNoWindow() {
        TelemetryReading r = TelemetryWindow.of(List.of(new TelemetrySample(0, null, null, 5.0),
                new TelemetrySample(S, null, null, 7.0)));
        assertNull(r.energyJ());
        assertNull(r.avgPowerW());
        assertEquals(7.0, r.memPeakMb());
        assertThrows(IllegalArgumentException.class,
                () -> TelemetryWindow.of(List.of(new TelemetrySample(0, 1.0, null, null))));
    }
}
