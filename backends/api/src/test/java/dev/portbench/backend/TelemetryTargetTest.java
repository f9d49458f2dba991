package dev.portbench.backend;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TelemetryTargetTest {

    @Test
    void aVisibleDevicesListMapsTheRuntimesIndexToTheDriversOne() {
        assertEquals(3, TelemetryTarget.physicalIndex(1, "2,3"));
        assertEquals(1, TelemetryTarget.physicalIndex(1, null));
        assertEquals(1, TelemetryTarget.physicalIndex(1, " "));
        assertEquals(TelemetryTarget.UNKNOWN_INDEX, TelemetryTarget.physicalIndex(0, "GPU-8f2a,GPU-11b3"),
                "UUIDs: which of the driver's GPUs is not known");
        assertEquals(TelemetryTarget.UNKNOWN_INDEX, TelemetryTarget.physicalIndex(0, "MIG-5c0e"));
        assertEquals(false, TelemetryTarget.nvidiaGpu(TelemetryTarget.UNKNOWN_INDEX).resolved());
        assertEquals(true, TelemetryTarget.nvidiaGpu(0).resolved());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TelemetryTarget.physicalIndex(2, "0,1"));
        assertEquals("device 2 with visible devices '0,1'; expected an index below 2", e.getMessage());
    }

    @Test
    void aNegativeIndexIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> TelemetryTarget.nvidiaGpu(-2));
    }
}
